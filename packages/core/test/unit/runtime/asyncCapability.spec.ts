import { expect } from 'chai';
import { z } from 'zod';
import { AgentStudioError, defineAction, defineAgent, MemoryRunStateStore } from '../../../src/index.js';
import { createTestContainer } from '../../../src/testing/index.js';

const calls: string[] = [];
const report = defineAction({
  name: 'build_report',
  description: 'Builds a long report.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ topic: z.string() }),
  run: ({ topic }, ctx) => {
    calls.push(`${topic}:${ctx.access.userId}`);
    return { pages: 3 };
  },
});
const agent = (extra: Record<string, unknown> = {}) =>
  defineAgent({ name: 'reports', audience: 'employee', model: { name: 'm' }, instructions: 'Build reports.', capabilities: [{ action: 'build_report', async: true, ...extra }] });
const script = [{ toolCalls: [{ id: 'c1', name: 'build_report', arguments: { topic: 'q3' } }] }, { content: 'Your report is ready.' }];

describe('async capabilities (R-LOOP-7, R-TOKEN-4)', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('suspend the run with the call pending as async; nothing runs in the request', async () => {
    const t = await createTestContainer({ agents: [agent()], actions: [report], script, runStates: new MemoryRunStateStore() });
    const first = await t.runtime.run({ agent: 'reports', accessToken: await t.token(), input: 'report on q3' });
    expect(first.status).to.equal('suspended');
    expect(first.pendingApprovals?.map((p) => [p.callId, p.approval.kind, p.plugin])).to.deep.equal([['c1', 'async', 'core']]);
    expect(calls).to.deep.equal([]);
  });

  it('a worker resumes it as the user who asked: the call runs once, then the model answers', async () => {
    const t = await createTestContainer({ agents: [agent()], actions: [report], script, runStates: new MemoryRunStateStore() });
    const first = await t.runtime.run({ agent: 'reports', accessToken: await t.token(), input: 'report on q3' });
    const done = await t.runtime.resume({ accessToken: await t.token(), runId: first.runId, decisions: [{ callId: 'c1', decision: 'approve' }] });
    expect(done.status).to.equal('completed');
    expect(done.reply).to.equal('Your report is ready.');
    expect(calls).to.deep.equal(['q3:u-1']);
  });

  it('refuses a resume with another user\'s token: a worker cannot act as someone else (attack)', async () => {
    const t = await createTestContainer({ agents: [agent()], actions: [report], script, runStates: new MemoryRunStateStore() });
    const first = await t.runtime.run({ agent: 'reports', accessToken: await t.token(), input: 'report on q3' });
    const err = await t.runtime.resume({ accessToken: await t.token({ userId: 'svc-worker' }), runId: first.runId, decisions: [{ callId: 'c1', decision: 'approve' }] }).catch((e: unknown) => e);
    expect(AgentStudioError.is(err) && err.code).to.equal('ACCESS_CONTEXT_INVALID');
    expect(calls).to.deep.equal([]);
  });

  it('R-HITL-3: an async capability with a human-in-the-loop mode is a configuration error', async () => {
    const t = await createTestContainer({ agents: [agent({ hitl: 'approval' })], actions: [report], script });
    const err = await t.runtime.start().catch((e: unknown) => e);
    expect(AgentStudioError.is(err) && err.code).to.equal('AGENT_DEFINITION_INVALID');
  });
});
