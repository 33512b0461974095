import { expect } from 'chai';
import { type DataDecision, MemoryDataBackend, ModelIndex, SecureDataAccess } from '../../src/index.js';

const model = ModelIndex.from({
  objects: {
    Account: {
      owd: 'Private',
      fields: { Name: { type: 'string' }, Revenue: { type: 'currency' }, Notes: { type: 'textarea' } },
    },
    Invoice: {
      owd: 'ControlledByParent',
      parentField: 'AccountId',
      fields: { AccountId: { type: 'reference', reference: 'Account' }, Amount: { type: 'currency' } },
    },
  },
  profiles: [
    {
      name: 'Rep',
      objects: { Account: { read: true, create: true, edit: true, delete: true }, Invoice: { read: true, create: true } },
      fields: {
        'Account.Name': { read: true, edit: true },
        'Account.Revenue': { read: true },
        'Invoice.AccountId': { read: true, edit: true },
        'Invoice.Amount': { read: true, edit: true },
      },
    },
    { name: 'ReadOnly', objects: { Account: { read: true } }, fields: { 'Account.Name': { read: true } } },
    { name: 'Auditor', objects: { Account: { read: true, viewAll: true } }, fields: { 'Account.Name': { read: true } } },
    { name: 'NoAccess' },
  ],
  roles: [{ name: 'Boss' }, { name: 'Rep', parent: 'Boss' }],
  users: [
    { id: 'boss', profile: 'Rep', role: 'Boss' },
    { id: 'ann', profile: 'Rep', role: 'Rep' },
    { id: 'bob', profile: 'Rep', role: 'Rep' },
    { id: 'reader', profile: 'ReadOnly', role: 'Boss' },
    { id: 'auditor', profile: 'Auditor' },
    { id: 'none', profile: 'NoAccess' },
    { id: 'gone', profile: 'Rep', active: false },
  ],
});

async function world() {
  const backend = new MemoryDataBackend();
  await backend.open(model);
  await backend.insert('Account', [
    { Id: 'a-ann', OwnerId: 'ann', Name: 'Ann Co', Revenue: 10, Notes: 'secret' },
    { Id: 'a-bob', OwnerId: 'bob', Name: 'Bob Co', Revenue: 20, Notes: 'secret' },
  ]);
  await backend.insert('Invoice', [{ Id: 'i-ann', AccountId: 'a-ann', Amount: 5 }]);
  let n = 0;
  const decisions: DataDecision[] = [];
  const as = (userId: string, systemModeAllowed = false) =>
    new SecureDataAccess({ index: model, backend, userId, systemModeAllowed, newId: (o) => `${o}-${++n}`, onDecision: (d) => decisions.push(d) });
  return { backend, as, decisions };
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe(SecureDataAccess.name, () => {
  it('R-CRUD-1, R-CRUD-2: refuses an operation without the object permission, naming user, operation and object', async () => {
    const { as } = await world();
    try {
      await as('none').query({ object: 'Account', fields: ['Name'] });
      expect.fail('should refuse');
    } catch (e) {
      const err = e as { code: string; details: Record<string, unknown> };
      expect(err.code).to.equal('OBJECT_ACCESS_DENIED');
      expect(err.details).to.include({ userId: 'none', object: 'Account', operation: 'read' });
    }
    expect(await code(as('reader').insert('Account', { Name: 'x' }))).to.equal('OBJECT_ACCESS_DENIED');
  });

  it('R-CRUD-1: record access never substitutes for the object permission (a boss above the owner cannot delete without delete permission)', async () => {
    const { as } = await world();
    expect(await code(as('reader').delete('Account', 'a-ann'))).to.equal('OBJECT_ACCESS_DENIED');
  });

  it('R-FLS-1, R-MODE-2: refuses a query that names an unreadable field anywhere, listing all of them', async () => {
    const { as } = await world();
    try {
      await as('ann').query({ object: 'Account', fields: ['Name', 'Notes'], where: [{ field: 'Notes', op: 'eq', value: 'x' }] });
      expect.fail('should refuse');
    } catch (e) {
      expect((e as { code: string }).code).to.equal('FIELD_ACCESS_DENIED');
      expect((e as { details: { fields: string[] } }).details.fields).to.deep.equal(['Notes']);
    }
    expect(await code(as('reader').query({ object: 'Account', fields: ['Name'], orderBy: [{ field: 'Revenue' }] }))).to.equal('FIELD_ACCESS_DENIED');
  });

  it('R-FLS-1: never writes a field the user may not edit', async () => {
    const { as, backend } = await world();
    expect(await code(as('ann').update('Account', 'a-ann', { Revenue: 999 }))).to.equal('FIELD_ACCESS_DENIED');
    expect(await code(as('ann').insert('Account', { Name: 'x', OwnerId: 'bob' }))).to.equal('FIELD_ACCESS_DENIED');
    const [row] = await backend.find({ object: 'Account', fields: ['Id', 'Revenue'], where: [{ field: 'Id', op: 'eq', value: 'a-ann' }], orderBy: [], limit: 1, visibility: undefined });
    expect(row?.Revenue).to.equal(10);
  });

  it('R-SHR-1, R-SHR-3: reads only visible records; an invisible record is "not found", not "forbidden"', async () => {
    const { as } = await world();
    expect((await as('ann').query({ object: 'Account', fields: ['Name'] })).map((r) => r.Name)).to.deep.equal(['Ann Co']);
    expect(await as('ann').get('Account', 'a-bob', ['Name'])).to.equal(undefined);
    expect(await code(as('ann').update('Account', 'a-bob', { Name: 'mine' }))).to.equal('RECORD_NOT_FOUND');
  });

  it('R-SHR-4, R-SHR-10: the boss above the owner has full access; a ReadWrite share allows edit but not delete', async () => {
    const { as } = await world();
    await as('boss').update('Account', 'a-ann', { Name: 'Renamed' });
    await as('ann').share('Account', 'a-ann', { user: 'bob' }, 'ReadWrite');
    await as('bob').update('Account', 'a-ann', { Name: 'By Bob' });
    expect(await code(as('bob').delete('Account', 'a-ann'))).to.equal('RECORD_ACCESS_DENIED');
    expect(await code(as('bob').share('Account', 'a-ann', { user: 'bob' }, 'ReadWrite'))).to.equal('RECORD_ACCESS_DENIED');
    await as('boss').delete('Account', 'a-ann');
    expect(await as('ann').get('Account', 'a-ann', ['Name'])).to.equal(undefined);
  });

  it('R-SHR-9: View All bypasses sharing for reads only', async () => {
    const { as } = await world();
    expect((await as('auditor').query({ object: 'Account', fields: ['Name'], orderBy: [{ field: 'Name' }] })).map((r) => r.Name)).to.deep.equal(['Ann Co', 'Bob Co']);
  });

  it('R-SHR-7: a detail record is visible exactly as its master; creating one needs edit on the master', async () => {
    const { as } = await world();
    expect((await as('ann').query({ object: 'Invoice', fields: ['Amount'] })).map((r) => r.Id)).to.deep.equal(['i-ann']);
    expect(await as('bob').query({ object: 'Invoice', fields: ['Amount'] })).to.deep.equal([]);
    expect(await code(as('bob').insert('Invoice', { AccountId: 'a-ann', Amount: 1 }))).to.equal('RECORD_NOT_FOUND');
    const { id } = await as('ann').insert('Invoice', { AccountId: 'a-ann', Amount: 1 });
    expect(id).to.match(/^Invoice-/);
  });

  it('new records are owned by the user', async () => {
    const { as } = await world();
    const { id } = await as('bob').insert('Account', { Name: 'Fresh' });
    expect(await as('bob').get('Account', id, ['Name'])).to.deep.include({ Name: 'Fresh' });
    expect(await as('ann').get('Account', id, ['Name'])).to.equal(undefined);
  });

  it('refuses inactive and unknown users outright', async () => {
    const { as } = await world();
    expect(await code(() => as('gone'))).to.equal('OBJECT_ACCESS_DENIED');
    expect(await code(() => as('stranger'))).to.equal('OBJECT_ACCESS_DENIED');
  });

  it('refuses unknown objects, fields, operators and limits with QUERY_INVALID', async () => {
    const { as } = await world();
    const ann = as('ann');
    expect(await code(ann.query({ object: 'Nope', fields: [] }))).to.equal('QUERY_INVALID');
    expect(await code(ann.query({ object: 'Account', fields: ['Nope'] }))).to.equal('QUERY_INVALID');
    expect(await code(ann.query({ object: 'Account', fields: [], where: [{ field: 'Name', op: 'like' as never, value: 'x' }] }))).to.equal('QUERY_INVALID');
    expect(await code(ann.query({ object: 'Account', fields: [], limit: 5_000 }))).to.equal('QUERY_INVALID');
    expect(await code(ann.query({ object: 'Account', fields: [], where: [{ field: 'Name', op: 'eq', value: { $ne: 1 } as never }] }))).to.equal('QUERY_INVALID');
  });

  it('R-STRIP-1..3: stripInaccessible removes inaccessible fields, keeps Id, reports what it removed', async () => {
    const { as } = await world();
    const result = as('ann').stripInaccessible('update', 'Account', [{ Id: 'a-ann', Name: 'x', Revenue: 1 }, { Id: 'a-2', Name: 'y' }]);
    expect(result.records).to.deep.equal([{ Id: 'a-ann', Name: 'x' }, { Id: 'a-2', Name: 'y' }]);
    expect(result.removed).to.deep.equal({ Account: ['Revenue'] });
    expect(result.modifiedIndexes).to.deep.equal([0]);
    expect(as('reader').stripInaccessible('read', 'Account', [{ Id: '1', Name: 'n', Revenue: 2 }]).records).to.deep.equal([{ Id: '1', Name: 'n' }]);
    expect(await code(() => as('reader').stripInaccessible('create', 'Account', [{ Name: 'n' }]))).to.equal('OBJECT_ACCESS_DENIED');
    expect(as('reader').stripInaccessible('create', 'Account', [{ Name: 'n' }], false).records).to.deep.equal([{}]);
  });

  it('R-MODE-2: system mode needs permission and a reason, and is recorded', async () => {
    const { as, decisions } = await world();
    expect(await code(() => as('ann').systemMode('because I want to'))).to.equal('SYSTEM_MODE_REFUSED');
    expect(await code(() => as('ann', true).systemMode('short'))).to.equal('SYSTEM_MODE_REFUSED');
    const rows = await as('ann', true).systemMode('nightly reconciliation job').query({ object: 'Account', fields: ['Notes'] });
    expect(rows).to.have.length(2);
    expect(decisions.map((d) => d.kind)).to.deep.equal(['system-mode-refused', 'system-mode-refused', 'system-mode']);
  });

  it('R-CTX-4: canAccess answers for approvers', async () => {
    const { as } = await world();
    expect(await as('boss').canAccess('Account', 'a-ann', 'delete')).to.equal(true);
    expect(await as('bob').canAccess('Account', 'a-ann', 'read')).to.equal(false);
    expect(await as('reader').canAccess('Account', 'a-ann', 'edit')).to.equal(false);
  });
});
