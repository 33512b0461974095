import { expect } from 'chai';
import sinon from 'sinon';
import {
  AgentStudioError,
  type ChatCompletionRequest,
  defineAction,
  defineAgent,
  type Logger,
  MemoryTraceStore,
  StoreError,
  type TraceStore,
} from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { hashRationale, RATIONALE_TRACE_KIND, type RationaleRecordedEvent, rationaleModule } from '../../src/index.js';

const WHY = 'The user asked for the order status; find_order reads it by order number.';
const callWith = (args: Record<string, unknown>): ScriptStep => ({ toolCalls: [{ name: 'find_order', arguments: args }] });
const done: ScriptStep = { content: 'It has shipped.' };

async function run(script: ScriptStep[], trace: TraceStore, options: { required?: boolean } = {}) {
  const received = sinon.spy();
  const findOrder = defineAction({
    name: 'find_order',
    description: 'Find an order by number.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ number: z.string() }),
    run: (args) => {
      received(args);
      return { status: 'shipped' };
    },
  });
  const seen: ChatCompletionRequest[] = [];
  const wrapped = script.map(
    (step): ScriptStep =>
      (request, index) => {
        seen.push(request);
        return typeof step === 'function' ? step(request, index) : step;
      },
  );
  const logger = { warn: sinon.spy(), info: sinon.spy(), debug: sinon.spy(), error: sinon.spy() };
  const loggerModule = new ContainerModule(({ rebind }) => {
    rebind('core.Logger').toConstantValue(logger satisfies Logger);
  });
  const agent = defineAgent({ name: 'support', audience: 'employee', model: { name: 'test-model' }, instructions: 'Help.', capabilities: [{ action: 'find_order' }] });
  const module = rationaleModule({ enabled: true, ...(options.required ? { required: true } : {}), trace });
  const t = await createTestContainer({ agents: [agent], actions: [findOrder], modules: [module, loggerModule], script: wrapped });
  const events: RationaleRecordedEvent[] = [];
  t.runtime.events.on('rationale:recorded', (e) => events.push(e));
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: 'Where is order 42?' });
  const records = t.container.get('rationale.Recorder').forRun(result.runId);
  return { result, received, seen, events, records, logger };
}

describe('RationalePlugin with a trace store (R-RAT-3, R-AUDIT-4)', () => {
  it('R-RAT-3: each record is persisted as a rationale:recorded trace step, text included', async () => {
    const trace = new MemoryTraceStore();
    const { result, records } = await run([callWith({ number: '42', _rationale: WHY }), done], trace);
    expect(result.status).to.equal('completed');
    const steps = await trace.list(result.runId);
    expect(steps).to.have.length(1);
    const step = steps[0];
    expect(step).to.include({ runId: result.runId, kind: RATIONALE_TRACE_KIND, seq: 1 });
    expect(step?.tenantId).to.be.a('string').and.not.equal('');
    expect(step?.data).to.deep.equal({
      agent: 'support',
      turn: 1,
      callId: records[0]?.callId,
      tool: 'find_order',
      rationale: WHY,
      length: WHY.length,
      truncated: false,
      sha256: hashRationale(WHY),
      blocked: false,
    });
  });

  it('R-RAT-3: a missing rationale is persisted with null text and hash, and blocked in required mode', async () => {
    const trace = new MemoryTraceStore();
    const { result } = await run([callWith({ number: '42' }), callWith({ number: '42', _rationale: WHY }), done], trace, { required: true });
    const steps = await trace.list(result.runId);
    expect(steps.map((s) => [s.data.rationale, s.data.sha256, s.data.blocked])).to.deep.equal([
      [null, null, true],
      [WHY, hashRationale(WHY), false],
    ]);
  });

  it('R-ACT-LOG-1 / R-AUDIT-4: with a trace store, events and logs still carry length and hash only', async () => {
    const trace = new MemoryTraceStore();
    const { events, logger } = await run([callWith({ number: '42', _rationale: WHY }), done], trace);
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ length: WHY.length, sha256: hashRationale(WHY) });
    expect(events[0]).to.not.have.property('rationale');
    expect(JSON.stringify(events)).to.not.include(WHY);
    expect(JSON.stringify([logger.debug.args, logger.info.args, logger.warn.args, logger.error.args])).to.not.include(WHY);
  });

  it('R-RAT-3: a failing trace store blocks the call (fail closed); nothing is kept or announced, nothing logged but name and code', async () => {
    const failing: TraceStore = {
      append: sinon.stub().rejects(new StoreError('STORE_CONFLICT', `refused: ${WHY}`)),
      list: async () => [],
      listRuns: async () => [],
    };
    const { result, received, records, events, logger, seen } = await run([callWith({ number: '42', _rationale: WHY }), done], failing);
    expect(received).to.not.have.been.called;
    expect(records).to.have.length(0);
    expect(events).to.have.length(0);
    const tool = seen[1]?.messages.find((m) => m.role === 'tool');
    expect(String(tool?.content)).to.include('PLUGIN_HOOK_FAILED');
    expect(result.status).to.equal('completed');
    expect(logger.error).to.have.been.calledWithMatch({ plugin: 'rationale', error: 'StoreError', code: 'STORE_CONFLICT' });
    expect(JSON.stringify([logger.debug.args, logger.info.args, logger.warn.args, logger.error.args])).to.not.include(WHY);
  });

  it('R-RAT-3: rejects a trace option that is not a TraceStore with CONFIG_INVALID', () => {
    expect(() => rationaleModule({ trace: {} as never }))
      .to.throw(AgentStudioError, /trace: expected a TraceStore/)
      .with.property('code', 'CONFIG_INVALID');
  });
});
