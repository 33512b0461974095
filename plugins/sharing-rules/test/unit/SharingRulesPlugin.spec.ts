import { expect } from 'chai';
import { contextInput, defineAction, field } from '@agent-studio/core';
import type { DataRecord } from '@agent-studio/data';
import { z } from 'zod';
import { SharingAccess } from '../../src/index.js';
import { model, setup } from './fixtures.js';

const listAccounts = (audience: 'employee' | 'service') =>
  defineAction({
    name: 'list_accounts',
    description: 'List accounts.',
    audience,
    visibility: audience === 'service' ? 'private' : 'public',
    effect: 'read',
    input: audience === 'service' ? z.object({ c: contextInput('VerifiedCustomerId', z.string().optional(), { kind: 'verifiedCustomerId' }) }) : z.object({}),
    run: async (_i, ctx) => (await ctx.data.query({ object: 'Account', fields: ['Name'], orderBy: [{ field: 'Name' }] })).map((r: DataRecord) => r.Name),
  });

function toolData(result: { messages: readonly { role: string; content?: unknown }[] }, i = 0): { isSuccess: boolean; data?: unknown; errorCode?: string; messageForUser?: string } {
  return JSON.parse(String(result.messages.filter((m) => m.role === 'tool')[i]?.content));
}

describe('SharingRulesPlugin: ctx.data as the run-as user (SPEC §2)', () => {
  it('R-SHR-3, R-SHR-4: a rep sees only their own accounts; their director sees both', async () => {
    for (const [user, expected] of [['ann', ['Ann Web Co']], ['bob', ['Bob Enterprise']], ['dir', ['Ann Web Co', 'Bob Enterprise']]] as const) {
      const { t } = await setup({ audience: 'employee', actions: [listAccounts('employee')], script: [{ toolCalls: [{ name: 'list_accounts' }] }, { content: 'ok' }] });
      const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ userId: user }), input: 'x' });
      expect(toolData(result).data, user).to.deep.equal(expected);
    }
  });

  it('R-SHR-5: a service agent sees only what the sharing rules share with its own user', async () => {
    const verify = defineAction({ name: 'verify', description: 'Verify.', audience: 'service', visibility: 'public', effect: 'read', providesContext: ['VerifiedCustomerId'], input: z.object({}), run: (_i, ctx) => {
        ctx.setVariable('VerifiedCustomerId', 'C-1');
        return {};
      },
    });
    const { t } = await setup({ audience: 'service', actions: [listAccounts('service'), verify], script: [{ toolCalls: [{ name: 'verify' }] }, { toolCalls: [{ name: 'list_accounts' }] }, { content: 'ok' }] });
    const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ audience: 'service', userId: 'dir' }), input: 'x' });
    // the token's user is the director, but a service agent runs as its own user: no escalation
    expect(toolData(result, 1).data).to.deep.equal(['Ann Web Co']);
  });

  it('R-FLS-1, R-MODE-2: refuses a query naming a field the user may not read, and records it', async () => {
    const revenue = defineAction({ name: 'revenue', description: 'Revenue.', audience: 'service', visibility: 'public', effect: 'read', input: z.object({}), run: async (_i, ctx) => ctx.data.query({ object: 'Account', fields: ['Name', 'Revenue'] }) });
    const { t, decisions } = await setup({ audience: 'service', actions: [revenue], script: [{ toolCalls: [{ name: 'revenue' }] }, { content: 'ok' }] });
    const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ audience: 'service' }), input: 'x' });
    expect(toolData(result)).to.include({ isSuccess: false, errorCode: 'FIELD_ACCESS_DENIED' });
    expect(decisions.map((d) => d.kind)).to.include('data-access-denied');
  });

  it('R-SHR-6, R-SHR-10, R-CTX-4: SharingAccess.canAccess follows CRUD, shares and full access', async () => {
    const { backend } = await setup({ audience: 'employee', actions: [listAccounts('employee')], script: [] });
    await backend.addShare({ object: 'Account', recordId: 'acc-ann-web', grantee: { user: 'bob' }, access: 'ReadWrite', cause: 'Manual' });
    const access = new SharingAccess(model, backend);
    expect(await access.canAccess('bob', 'Account', 'acc-ann-web', 'read')).to.equal(true);
    expect(await access.canAccess('bob', 'Account', 'acc-ann-web', 'edit')).to.equal(true);
    expect(await access.canAccess('bob', 'Account', 'acc-ann-web', 'delete')).to.equal(false);
    expect(await access.canAccess('ann', 'Account', 'acc-ann-web', 'delete')).to.equal(true);
    expect(await access.canAccess('dir', 'Account', 'acc-ann-web', 'delete')).to.equal(true);
    expect(await access.canAccess('svc', 'Account', 'acc-ann-web', 'edit')).to.equal(false);
    expect(await access.canAccess('svc', 'Account', 'acc-bob-ent', 'read')).to.equal(false);
    expect(await access.canAccess('nobody', 'Account', 'acc-ann-web', 'read')).to.equal(false);
    expect(await access.canAccess('ann', 'Account', 'missing', 'read')).to.equal(false);
  });

  it('attack: a service action asking for system mode is refused and recorded', async () => {
    const sneaky = defineAction({
      name: 'peek_all',
      description: 'Read everything.',
      audience: 'service',
      visibility: 'public',
      effect: 'read',
      input: z.object({}),
      run: async (_i, ctx) => ctx.data.systemMode('customer asked nicely').query({ object: 'Account', fields: ['Name', 'Revenue'] }),
    });
    const { t, decisions } = await setup({ audience: 'service', actions: [sneaky], script: [{ toolCalls: [{ name: 'peek_all' }] }, { content: 'ok' }] });
    const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ audience: 'service' }), input: 'x' });
    expect(toolData(result)).to.include({ isSuccess: false, errorCode: 'SYSTEM_MODE_REFUSED' });
    expect(decisions.map((d) => d.kind)).to.include('system-mode-refused');
    expect(JSON.stringify(result.messages)).to.not.include('99');
  });

  it('lets an employee action use system mode with a reason, and records it (R-MODE-2)', async () => {
    const count = defineAction({
      name: 'count_all',
      description: 'Count all accounts.',
      audience: 'employee',
      visibility: 'public',
      effect: 'read',
      input: z.object({}),
      run: async (_i, ctx) => ({ total: (await ctx.data.systemMode('aggregate count for a dashboard').query({ object: 'Account', fields: [] })).length }),
    });
    const { t, decisions } = await setup({ audience: 'employee', actions: [count], script: [{ toolCalls: [{ name: 'count_all' }] }, { content: 'ok' }] });
    const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ userId: 'ann' }), input: 'x' });
    expect(toolData(result).data).to.deep.equal({ total: 2 });
    expect(decisions.find((d) => d.kind === 'system-mode')?.reason).to.include('aggregate count');
  });

  it('R-FLS-1: an insert writing a read-only field is refused; the allowed one is owned by the user', async () => {
    const create = defineAction({
      name: 'create_account',
      description: 'Create an account.',
      audience: 'employee',
      visibility: 'private',
      effect: 'write',
      confirmationWaiver: 'Test-only action: the test asserts what the data layer writes.',
      input: z.object({ name: field(z.string(), { kind: 'text' }), revenue: z.number().optional() }),
      run: async ({ name, revenue }, ctx) => ctx.data.insert('Account', revenue === undefined ? { Name: name } : { Name: name, Revenue: revenue }),
    });
    const { t, backend } = await setup({
      audience: 'employee',
      actions: [create],
      script: [{ toolCalls: [{ name: 'create_account', arguments: { name: 'Sneaky', revenue: 1e9 } }, { name: 'create_account', arguments: { name: 'Fine' } }] }, { content: 'ok' }],
    });
    const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ userId: 'ann' }), input: 'x' });
    expect(toolData(result, 0)).to.include({ isSuccess: false, errorCode: 'FIELD_ACCESS_DENIED' });
    expect(toolData(result, 1)).to.include({ isSuccess: true });
    const rows = await backend.find({ object: 'Account', fields: ['Id', 'Name', 'OwnerId', 'Revenue'], where: [{ field: 'Name', op: 'in', value: ['Sneaky', 'Fine'] }], orderBy: [], limit: 10, visibility: undefined });
    expect(rows.map((r) => [r.Name, r.OwnerId, r.Revenue])).to.deep.equal([['Fine', 'ann', null]]);
  });
});
