import { expect } from 'chai';
import { AgentStudioError } from '@agent-studio/core';
import { createSqliteBackend, type DataBackend, type DataPolicy, MemoryDataBackend, ModelIndex, SecureDataAccess } from '../../src/index.js';

const model = ModelIndex.from({
  objects: { Account: { owd: 'PublicReadWrite', fields: { Name: { type: 'string' }, Region: { type: 'string' }, Hold: { type: 'boolean' } } } },
  profiles: [{ name: 'Rep', objects: { Account: { read: true, create: true, edit: true, delete: true } }, fields: { 'Account.Name': { read: true, edit: true }, 'Account.Region': { read: true, edit: true } } }],
  users: [
    { id: 'eu-ann', profile: 'Rep' },
    { id: 'us-bob', profile: 'Rep' },
  ],
});

/** Users see only their region's accounts; accounts on legal hold cannot be changed or deleted. */
const regionOf = (userId: string) => userId.split('-')[0]?.toUpperCase() ?? '';
const region: DataPolicy = { name: 'own-region', readFilters: ({ userId, object }) => (object === 'Account' ? [{ field: 'Region', op: 'eq', value: regionOf(userId) }] : []) };
const holdIds = new Set(['a-eu-held']);
const legalHold: DataPolicy = {
  name: 'legal-hold',
  checkWrite: ({ operation, recordId }) => (operation !== 'create' && recordId !== undefined && holdIds.has(recordId) ? { allowed: false, reason: 'the record is under legal hold' } : { allowed: true }),
};

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : String(e);
  }
  return undefined;
}

for (const [name, make] of [
  ['memory', async () => new MemoryDataBackend()],
  ['sqlite (pushed down)', async () => createSqliteBackend({ filename: ':memory:' })],
] as const) {
  describe(`DataPolicy on SecureDataAccess, ${name} backend`, () => {
    let backend: DataBackend;
    const as = (userId: string, policies: DataPolicy[] = [region, legalHold]) => new SecureDataAccess({ index: model, backend, userId, newId: (o) => `${o}-${Math.random().toString(36).slice(2)}`, policies });
    beforeEach(async () => {
      backend = await make();
      await backend.open(model);
      await backend.insert('Account', [
        { Id: 'a-eu-1', OwnerId: 'eu-ann', Name: 'Euro One', Region: 'EU', Hold: false },
        { Id: 'a-eu-held', OwnerId: 'eu-ann', Name: 'Euro Held', Region: 'EU', Hold: true },
        { Id: 'a-us-1', OwnerId: 'us-bob', Name: 'US One', Region: 'US', Hold: false },
      ]);
    });

    it('filters every query to the policy, on top of sharing (the org-wide default would show all)', async () => {
      expect((await as('eu-ann').query({ object: 'Account', fields: ['Name'] })).map((r) => r.Id).sort()).to.deep.equal(['a-eu-1', 'a-eu-held']);
      expect((await as('us-bob').query({ object: 'Account', fields: ['Name'] })).map((r) => r.Id)).to.deep.equal(['a-us-1']);
      expect((await as('eu-ann', []).query({ object: 'Account', fields: ['Name'] })).length).to.equal(3);
    });

    it('a record outside the policy does not exist for the user: get, update and delete by id (attack)', async () => {
      expect(await as('eu-ann').get('Account', 'a-us-1', ['Name'])).to.equal(undefined);
      expect(await code(as('eu-ann').update('Account', 'a-us-1', { Name: 'mine now' }))).to.equal('RECORD_NOT_FOUND');
      expect(await code(as('eu-ann').delete('Account', 'a-us-1'))).to.equal('RECORD_NOT_FOUND');
      expect((await as('us-bob').get('Account', 'a-us-1', ['Name']))?.Name).to.equal('US One');
    });

    it('refuses a write the policy refuses (DATA_POLICY_DENIED) and writes nothing', async () => {
      expect(await code(as('eu-ann').update('Account', 'a-eu-held', { Name: 'changed' }))).to.equal('DATA_POLICY_DENIED');
      expect(await code(as('eu-ann').delete('Account', 'a-eu-held'))).to.equal('DATA_POLICY_DENIED');
      expect((await as('eu-ann').get('Account', 'a-eu-held', ['Name']))?.Name).to.equal('Euro Held');
      await as('eu-ann').update('Account', 'a-eu-1', { Name: 'renamed' });
      expect((await as('eu-ann').get('Account', 'a-eu-1', ['Name']))?.Name).to.equal('renamed');
    });

    it('a policy that throws refuses the operation (fail closed)', async () => {
      const broken: DataPolicy = {
        name: 'broken',
        readFilters: () => {
          throw new Error('boom');
        },
      };
      expect(await code(as('eu-ann', [broken]).query({ object: 'Account', fields: ['Name'] }))).to.equal('DATA_POLICY_DENIED');
      const bad: DataPolicy = { name: 'bad', readFilters: () => [{ field: 'Nope', op: 'eq', value: 1 }] };
      expect(await code(as('eu-ann', [bad]).query({ object: 'Account', fields: ['Name'] }))).to.equal('DATA_POLICY_DENIED');
    });
  });
}
