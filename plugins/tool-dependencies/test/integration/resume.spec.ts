import { type AgentPlugin, decide, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { expect } from 'chai';
import { z } from 'zod';
import { toolDependenciesModule } from '../../src/index.js';

describe('ToolDependencyPlugin across a suspension (R-DEP-5)', () => {
  /** Suspends update_record and notify until a person approves them. */
  const gate: AgentPlugin = {
    manifest: { name: 'gate', version: '1.0.0', priority: 500, failureMode: 'closed', coreRange: '^0.1.0' },
    beforeToolCall: (ctx) =>
      ctx.action.name === 'get_record_details' || ctx.resume?.decision === 'approve' ? decide.continue() : decide.suspend({ kind: 'approval', reason: 'needs approval' }),
  };

  async function setup(getFails: boolean) {
    const ran: string[] = [];
    const tool = (name: string) =>
      defineAction({
        name,
        description: `The ${name} tool.`,
        audience: 'employee',
        visibility: 'public',
        effect: 'read',
        input: z.object({}),
        run: () => {
          ran.push(name);
          if (name === 'get_record_details' && getFails) throw new Error('failed on purpose');
          return { done: name };
        },
      });
    const agent = defineAgent({
      name: 'crm',
      audience: 'employee',
      model: { name: 'test-model' },
      instructions: 'Work on records.',
      capabilities: [{ action: 'get_record_details' }, { action: 'update_record' }, { action: 'notify' }],
    });
    const t = await createTestContainer({
      agents: [agent],
      actions: [tool('get_record_details'), tool('update_record'), tool('notify')],
      plugins: [gate],
      modules: [toolDependenciesModule({ agents: { crm: { dependencies: { update_record: { allOf: ['get_record_details'] } } } } })],
      script: getFails
        ? [{ toolCalls: [{ id: 'g', name: 'get_record_details' }] }, { toolCalls: [{ id: 'n', name: 'notify' }] }, { toolCalls: [{ id: 'u', name: 'update_record' }] }, { content: 'Could not.' }]
        : [{ toolCalls: [{ id: 'g', name: 'get_record_details' }] }, { toolCalls: [{ id: 'u', name: 'update_record' }] }, { content: 'Updated.' }],
    });
    const first = await t.runtime.run({ agent: 'crm', accessToken: await t.token(), input: 'Update the record.' });
    return { t, first, ran };
  }

  it('a prerequisite that succeeded before the run suspended still counts when it resumes (a new context bag)', async () => {
    const { t, first, ran } = await setup(false);
    expect(first.status).to.equal('suspended');
    const resumed = await t.runtime.resume({ accessToken: await t.token(), state: first.state, decisions: [{ callId: 'u', decision: 'approve' }] });
    expect(resumed.status).to.equal('completed');
    expect(ran).to.deep.equal(['get_record_details', 'update_record']);
  });

  it('a prerequisite that failed before the suspension still does not count after it', async () => {
    const { t, first, ran } = await setup(true);
    expect(first.status).to.equal('suspended');
    const resumed = await t.runtime.resume({ accessToken: await t.token(), state: first.state, decisions: [{ callId: 'n', decision: 'approve' }] });
    expect(ran).to.deep.equal(['get_record_details', 'notify']);
    const result = resumed.messages.find((m) => m.role === 'tool' && m.tool_call_id === 'u');
    expect(String(result?.content)).to.include('DEPENDENCY_VALIDATION_ERROR');
  });
});
