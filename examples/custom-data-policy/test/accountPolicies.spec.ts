import { expect } from 'chai';
import sinon from 'sinon';
import { AgentStudioError } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { type DataBackend, type FindRequest, SecureDataAccess } from '@agent-studio/data';
import { ACCOUNT_IDS, accountPolicies, accountsSecurityModel, createAccountsApp, openAccountsBackend } from '../src/agent.js';

const ids = ACCOUNT_IDS;

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : String(e);
  }
  return undefined;
}


describe('example: custom data policies on SecureDataAccess (SQLite)', () => {
  let backend: DataBackend;
  // every FindRequest the backend receives, to see what is pushed down
  let finds: () => FindRequest[];
  const as = (userId: string, withPolicies = true) =>
    new SecureDataAccess({ index: accountsSecurityModel, backend, userId, newId: () => `00100000000${Math.floor(Math.random() * 9000 + 1000)}`, ...(withPolicies ? { policies: accountPolicies(backend) } : {}) });
  const names = async (userId: string, withPolicies = true) => (await as(userId, withPolicies).query({ object: 'Account', fields: ['Name'], orderBy: [{ field: 'Name' }] })).map((r) => r.Name);

  beforeEach(async () => {
    backend = await openAccountsBackend(':memory:');
    const spy = sinon.spy(backend, 'find');
    finds = () => spy.args.map(([request]) => request);
  });

  describe('the region policy on reads', () => {
    it('narrows what sharing shows to the user\'s region, and never widens it', async () => {
      // sharing alone: every standard account, never the strategic Fjord AS
      expect(await names('u-eve', false)).to.deep.equal(['Acme Inc', 'Kiwi Ltd', 'Lumen SA', 'Nordwind GmbH']);
      expect(await names('u-eve')).to.deep.equal(['Lumen SA', 'Nordwind GmbH']);
      expect(await names('u-amy')).to.deep.equal(['Acme Inc']);
    });

    it('is pushed down: the filter is part of the query the backend runs, so limit and order apply to visible rows', async () => {
      const [first] = await as('u-eve').query({ object: 'Account', fields: ['Name'], orderBy: [{ field: 'Name' }], limit: 1 });
      expect(first?.Name).to.equal('Lumen SA');
      expect(finds().at(-1)?.where).to.deep.include({ field: 'Region', op: 'eq', value: 'EMEA' });
      expect(finds().at(-1)).to.include({ limit: 1 });
      expect(finds().at(-1)?.visibility).to.deep.equal({ userId: 'u-eve', need: 'read' });
    });

    it('answers a query for another region with nothing', async () => {
      expect(await as('u-eve').query({ object: 'Account', fields: ['Name'], where: [{ field: 'Region', op: 'eq', value: 'AMER' }] })).to.deep.equal([]);
    });

    it('treats a record of another region as not found, by id, exactly like one that does not exist (no oracle)', async () => {
      expect(await as('u-eve').get('Account', ids['Acme Inc'], ['Name'])).to.equal(undefined);
      expect(await code(as('u-eve').update('Account', ids['Acme Inc'], { Notes: 'mine now' }))).to.equal('RECORD_NOT_FOUND');
      expect(await code(as('u-eve').update('Account', '001000000000999', { Notes: 'mine now' }))).to.equal('RECORD_NOT_FOUND');
      expect(await code(as('u-amy').delete('Account', ids['Nordwind GmbH']))).to.equal('RECORD_NOT_FOUND');
    });

    it('fails closed for a user with no region: every read is refused with DATA_POLICY_DENIED', async () => {
      expect(await code(as('u-ivy').query({ object: 'Account', fields: ['Name'] }))).to.equal('DATA_POLICY_DENIED');
    });
  });

  describe('the policies on writes', () => {
    it('refuses to update or delete an account under legal hold, and writes nothing', async () => {
      expect(await code(as('u-eve').update('Account', ids['Lumen SA'], { Notes: 'settled' }))).to.equal('DATA_POLICY_DENIED');
      expect(await code(as('u-eve').delete('Account', ids['Lumen SA']))).to.equal('DATA_POLICY_DENIED');
      expect((await as('u-eve').get('Account', ids['Lumen SA'], ['Notes']))?.Notes).to.equal('Dispute with the customer; legal hold since March.');
    });

    it('lets the same user update and delete an account that is not on hold', async () => {
      await as('u-eve').update('Account', ids['Nordwind GmbH'], { Notes: 'renewal in May' });
      expect((await as('u-eve').get('Account', ids['Nordwind GmbH'], ['Notes']))?.Notes).to.equal('renewal in May');
      await as('u-eve').delete('Account', ids['Nordwind GmbH']);
      expect(await names('u-eve')).to.deep.equal(['Lumen SA']);
    });

    it('keeps new and moved accounts in the user\'s region', async () => {
      expect(await code(as('u-eve').insert('Account', { Name: 'Boston Co', Region: 'AMER' }))).to.equal('DATA_POLICY_DENIED');
      expect(await code(as('u-eve').update('Account', ids['Nordwind GmbH'], { Region: 'AMER' }))).to.equal('DATA_POLICY_DENIED');
      await as('u-eve').insert('Account', { Name: 'Basel AG', Region: 'EMEA' });
      expect(await names('u-eve')).to.include('Basel AG');
    });
  });

  describe('next to the built-in checks, which come first', () => {
    it('CRUD: a viewer of the right region still may not edit', async () => {
      expect(await names('u-ray')).to.deep.equal(['Lumen SA', 'Nordwind GmbH']);
      expect(await code(as('u-ray').update('Account', ids['Nordwind GmbH'], { Notes: 'x' }))).to.equal('OBJECT_ACCESS_DENIED');
    });

    it('FLS: sales may not read the credit limit, nor lift a legal hold', async () => {
      expect(await code(as('u-eve').query({ object: 'Account', fields: ['CreditLimit'] }))).to.equal('FIELD_ACCESS_DENIED');
      expect(await code(as('u-eve').update('Account', ids['Lumen SA'], { LegalHold: false }))).to.equal('FIELD_ACCESS_DENIED');
    });

    it('sharing: a strategic account of the user\'s own region stays hidden', async () => {
      expect(await as('u-eve').get('Account', ids['Fjord AS'], ['Name'])).to.equal(undefined);
    });
  });
});

describe('example: the region-accounts agent with its policies', () => {
  async function run(userId: string, input: string, recordId?: string) {
    const app = await createAccountsApp({ home: ':memory:' });
    const t = await createTestContainer({ agents: [app.agent], actions: app.actions ?? [], modules: app.modules ?? [], script: app.script ?? [] });
    const decisions: { kind: string; reason: string }[] = [];
    t.runtime.events.on('decision:recorded', (e) => decisions.push(e));
    const result = await t.runtime.run({
      agent: app.agent.name,
      accessToken: await t.token({ userId }),
      input,
      ...(recordId === undefined ? {} : { variables: { RecordId: recordId } }),
    });
    await t.runtime.stop();
    return { reply: result.reply, decisions };
  }

  it('lists only the accounts of the user\'s region', async () => {
    expect((await run('u-eve', 'Which accounts can I see?')).reply).to.equal('You can see 2 account(s): Lumen SA (EMEA, on legal hold), Nordwind GmbH (EMEA).');
    expect((await run('u-eve', 'Show me the AMER accounts.')).reply).to.equal('You have no accounts to show.');
    expect((await run('u-amy', 'Which accounts can I see?')).reply).to.equal('You can see 1 account(s): Acme Inc (AMER).');
  });

  it('refuses a write to an account under legal hold and records the policy\'s decision on the timeline', async () => {
    const { reply, decisions } = await run('u-eve', 'note: the customer called again', ids['Lumen SA']);
    expect(reply).to.match(/^I could not do that: .*legal hold.*\(DATA_POLICY_DENIED\)$/);
    expect(decisions.find((d) => d.kind === 'data-access-denied')?.reason).to.include('DATA_POLICY_DENIED').and.include('policy legal-hold');
  });

  it('treats another region\'s account as not found, and updates one of the user\'s own', async () => {
    expect((await run('u-eve', 'note: hello', ids['Acme Inc'])).reply).to.match(/\(RECORD_NOT_FOUND\)$/);
    expect((await run('u-eve', 'note: renewal in May', ids['Nordwind GmbH'])).reply).to.equal('The notes on Nordwind GmbH are updated.');
  });
});
