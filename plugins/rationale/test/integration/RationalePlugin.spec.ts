import { expect } from 'chai';
import sinon from 'sinon';
import { type AgentDefinition, type ChatCompletionRequest, defineAction, defineAgent, type Logger } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { hashRationale, type RationaleOptionsInput, type RationaleRecordedEvent, rationaleModule } from '../../src/index.js';

const WHY = 'The user asked for the order status; find_order reads it by order number.';

function agentOf(trust: Record<string, unknown> = {}): AgentDefinition {
  return defineAgent({
    name: 'support',
    audience: 'employee',
    model: { name: 'test-model' },
    instructions: 'Help with orders.',
    capabilities: [{ action: 'find_order' }],
    trust,
  });
}

interface RunOptions {
  readonly options?: RationaleOptionsInput;
  readonly trust?: Record<string, unknown>;
}

async function run(script: ScriptStep[], { options = {}, trust = {} }: RunOptions = {}) {
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
  const t = await createTestContainer({ agents: [agentOf(trust)], actions: [findOrder], modules: [rationaleModule(options), loggerModule], script: wrapped });
  const events: RationaleRecordedEvent[] = [];
  t.runtime.events.on('rationale:recorded', (e) => events.push(e));
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: 'Where is order 42?' });
  const records = t.container.get('rationale.Recorder').forRun(result.runId);
  return { result, received, seen, events, records, logger };
}

const callWith = (args: Record<string, unknown>): ScriptStep => ({ toolCalls: [{ name: 'find_order', arguments: args }] });
const done: ScriptStep = { content: 'It has shipped.' };

function toolParams(request: ChatCompletionRequest | undefined): Record<string, unknown> {
  return (request?.tools?.[0]?.function.parameters ?? {}) as Record<string, unknown>;
}

describe('RationalePlugin with the runtime (SPEC §11)', () => {
  it('R-RAT-1: an enabled agent’s tool schemas gain a required _rationale, first in required', async () => {
    const { seen } = await run([done], { options: { agents: { support: { enabled: true } } } });
    const params = toolParams(seen[0]);
    expect(params.properties).to.have.property('_rationale').that.deep.includes({ type: 'string' });
    expect(params.properties).to.have.property('number');
    expect(params.required).to.deep.equal(['_rationale', 'number']);
  });

  it('R-RAT-1: the schema is unchanged when capture is off (the default)', async () => {
    const { seen } = await run([done]);
    const params = toolParams(seen[0]);
    expect(params.properties).to.not.have.property('_rationale');
    expect(params.required).to.deep.equal(['number']);
  });

  it('R-RAT-1: the agent definition’s trust.rationale turns capture on', async () => {
    const { seen } = await run([done], { trust: { rationale: { enabled: true } } });
    expect(toolParams(seen[0]).properties).to.have.property('_rationale');
  });

  it('R-LOOP-3 / R-RAT-2: the action never sees _rationale', async () => {
    const { received, result } = await run([callWith({ number: '42', _rationale: WHY }), done], { options: { enabled: true } });
    expect(result.status).to.equal('completed');
    expect(received).to.have.been.calledOnceWith({ number: '42' });
  });

  it('R-RAT-3 / R-AUDIT-1: the record holds the rationale; the event holds length and hash only', async () => {
    const { records, events, result } = await run([callWith({ number: '42', _rationale: WHY }), done], { options: { enabled: true } });
    expect(records).to.have.length(1);
    expect(records[0]).to.include({ runId: result.runId, turn: 1, tool: 'find_order', rationale: WHY, length: WHY.length, truncated: false, blocked: false });
    expect(records[0]?.sha256).to.equal(hashRationale(WHY));
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ runId: result.runId, callId: records[0]?.callId, tool: 'find_order', agent: 'support', length: WHY.length, sha256: hashRationale(WHY) });
    expect(JSON.stringify(events)).to.not.include(WHY);
  });

  it('R-RAT-3: a rationale longer than maxLength is cut on the record', async () => {
    const { records } = await run([callWith({ number: '42', _rationale: WHY }), done], { options: { enabled: true, maxLength: 10 } });
    expect(records[0]).to.include({ rationale: WHY.slice(0, 10), length: WHY.length, truncated: true });
  });

  it('R-RAT-1 (required): a call without a rationale is blocked and the model is told why', async () => {
    const { received, seen, records, result } = await run([callWith({ number: '42' }), callWith({ number: '42', _rationale: WHY }), done], {
      options: { agents: { support: { enabled: true, required: true } } },
    });
    expect(result.status).to.equal('completed');
    expect(received).to.have.been.calledOnceWith({ number: '42' });
    const tool = seen[1]?.messages.find((m) => m.role === 'tool');
    expect(String(tool?.content)).to.include('RATIONALE_REQUIRED').and.include('_rationale');
    expect(records.map((r) => r.blocked)).to.deep.equal([true, false]);
  });

  it('R-RAT-1: without required, a call without a rationale runs and is recorded as missing', async () => {
    const { received, records } = await run([callWith({ number: '42' }), done], { options: { enabled: true } });
    expect(received).to.have.been.calledOnce;
    expect(records[0]).to.include({ rationale: undefined, length: 0, blocked: false });
  });

  it('R-ACT-LOG-1 / R-AUDIT-4: the rationale never reaches the logger', async () => {
    const { logger } = await run([callWith({ number: '42', _rationale: WHY }), callWith({ number: '43' }), done], { options: { enabled: true, required: true } });
    const logged = JSON.stringify([logger.debug.args, logger.info.args, logger.warn.args, logger.error.args]);
    expect(logged).to.not.include(WHY).and.not.include('order status');
  });
});
