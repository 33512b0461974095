import { expect } from 'chai';
import sinon from 'sinon';
import { contextInput, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { dataModule, MemoryDataBackend, ModelIndex } from '@agent-studio/data';
import { identityModule } from '@agent-studio/plugin-identity';
import { sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { z } from 'zod';
import { fieldSecurityModule } from '../../src/index.js';

const model = ModelIndex.from({
  objects: {
    Account: {
      owd: 'Private',
      fields: {
        Name: { type: 'string', length: 40 },
        Employees: { type: 'integer' },
        Segment: { type: 'picklist', values: ['Web', 'Enterprise'] },
        Active: { type: 'boolean' },
        Revenue: { type: 'currency' },
      },
    },
  },
  profiles: [
    {
      name: 'Rep',
      objects: { Account: { read: true, edit: true } },
      fields: {
        'Account.Name': { read: true, edit: true },
        'Account.Employees': { read: true, edit: true },
        'Account.Segment': { read: true, edit: true },
        'Account.Active': { read: true, edit: true },
        'Account.Revenue': { read: true },
      },
    },
  ],
  users: [{ id: 'ann', profile: 'Rep' }],
});

async function run(args: Record<string, unknown>) {
  const backend = new MemoryDataBackend();
  await backend.open(model);
  await backend.insert('Account', [{ Id: 'acc-1', OwnerId: 'ann', Name: 'Old', Employees: 1, Segment: 'Web', Active: false, Revenue: 5 }]);
  const received = sinon.spy();
  const update = defineAction({
    name: 'update_account',
    description: 'Update the current account.',
    audience: 'employee',
    visibility: 'private',
    effect: 'write',
    confirmationWaiver: 'Test-only action exercising argument coercion; it writes only to a scratch backend.',
    writesObject: { object: 'Account', operation: 'update' },
    input: z.object({
      Name: z.string().optional(),
      Employees: z.number().int().optional(),
      Segment: z.string().optional(),
      Active: z.boolean().optional(),
      Revenue: z.number().optional(),
      id: contextInput('CurrentAccountId', z.string(), { kind: 'recordId' }),
    }),
    run: async ({ id, ...values }, ctx) => {
      received(values);
      await ctx.data.update('Account', id, values);
      return { updated: true };
    },
  });
  const agent = defineAgent({ name: 'crm', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [{ action: 'update_account' }], requestVariables: ['CurrentAccountId'] });
  const script: ScriptStep[] = [{ toolCalls: [{ name: 'update_account', arguments: args }] }, { content: 'ok' }];
  const t = await createTestContainer({
    agents: [agent],
    actions: [update],
    modules: [dataModule({ model, backend }), identityModule(), sharingRulesModule(), fieldSecurityModule()],
    script,
  });
  const notes: string[] = [];
  t.runtime.events.on('hook:decision', (e) => e.plugin === 'field-security' && notes.push(`${e.decision}:${e.code ?? ''}:${e.reason ?? ''}`));
  // the account id comes from the page the user is on: the context, not the model
  const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token({ userId: 'ann' }), input: 'update it', variables: { CurrentAccountId: 'acc-1' } });
  const tool = JSON.parse(String(result.messages.find((m) => m.role === 'tool')?.content)) as { isSuccess: boolean; errorCode?: string; messageForUser?: string };
  const [row] = await backend.find({ object: 'Account', fields: ['Id', 'Name', 'Employees', 'Segment', 'Active', 'Revenue'], where: [], orderBy: [], limit: 1, visibility: undefined });
  return { tool, received, notes, row };
}

describe('FieldSecurityPlugin (SPEC §4)', () => {
  it('R-COERCE-2, R-COERCE-4: coerces values to field types and canonical names', async () => {
    const { received, notes } = await run({ name: 42, employees: '120', active: 'yes', segment: 'Enterprise' });
    expect(notes[0]).to.match(/^replace/);
    expect(received.firstCall?.args[0]).to.deep.equal({ Name: '42', Employees: 120, Active: true, Segment: 'Enterprise' });
  });

  it('R-COERCE-5: blocks a value that cannot be converted, with guidance the model can act on', async () => {
    const { tool, received } = await run({ Segment: 'web', Employees: '1,200' });
    expect(tool).to.include({ isSuccess: false, errorCode: 'INPUT_VALIDATION' });
    expect(tool.messageForUser).to.include('Segment').and.include('Enterprise');
    expect(tool.messageForUser).to.include('Employees');
    expect(received).to.not.have.been.called;
  });

  it('R-COERCE-2, R-FLS-1: drops a field the user may not edit and records it; never writes it', async () => {
    const { received, notes, row } = await run({ Name: 'New', Revenue: 1e9 });
    expect(notes[0]).to.include('dropped Revenue');
    expect(received.firstCall?.args[0]).to.deep.equal({ Name: 'New' });
    expect(row?.Revenue).to.equal(5);
  });

  it('R-COERCE-3: blocks when nothing writable is left', async () => {
    const { tool, received } = await run({ Revenue: 1, Unknown: 2 });
    expect(tool).to.include({ isSuccess: false, errorCode: 'FIELD_ACCESS_DENIED' });
    expect(received).to.not.have.been.called;
  });
});
