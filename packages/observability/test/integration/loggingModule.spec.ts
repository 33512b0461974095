import { ConfigurationError } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import { createLogger, type LoggingOptionsInput, loggingModule } from '../../src/index.js';
import { askFindOrder, blockCancels, cancelOrder, finalReply, findOrder, leakedSecrets, MemoryStream, SECRETS, support } from '../fixtures.js';

async function logRun(script: Parameters<typeof createTestContainer>[0] extends infer O ? (O extends { script?: infer S } ? S : never) : never, options: LoggingOptionsInput = {}) {
  const stream = new MemoryStream();
  const logger = createLogger({ level: 'debug', destination: stream, base: null });
  const loggerModule = new ContainerModule(({ rebind }) => {
    rebind('core.Logger').toConstantValue(logger);
  });
  const t = await createTestContainer({ agents: [support], actions: [findOrder, cancelOrder], plugins: [blockCancels], modules: [loggingModule(options), loggerModule], script });
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: `Where is my order? ${SECRETS.input}` });
  const records = stream.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { result, records, stream };
}

const without = (record: Record<string, unknown> | undefined, ...keys: string[]) => Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => !keys.includes(k)));

describe('loggingModule', () => {
  it('writes run started, model call, tool call and run finished lines with ids, counts and codes', async () => {
    const { result, records: all } = await logRun([askFindOrder('bad'), finalReply()]);
    const records = all.filter((r) => r.msg !== 'action failed'); // the runtime's own warning
    expect(records.map((r) => r.msg)).to.deep.equal(['run started', 'model call', 'tool call', 'model call', 'run finished']);
    const [started, model, tool, , finished] = records;
    expect(without(started, 'time')).to.deep.equal({
      level: 30,
      msg: 'run started',
      runId: result.runId,
      agent: 'support',
      tenantId: 't-1',
      surface: 'runtime',
      resumed: false,
      model: 'test-model',
      provider: 'scripted',
    });
    expect(without(model, 'time', 'durationMs')).to.deep.equal({
      level: 20,
      msg: 'model call',
      runId: result.runId,
      turn: 1,
      model: 'scripted-model',
      messageCount: 2,
      toolCount: 2,
      inputTokens: 100,
      outputTokens: 20,
      finishReason: 'tool_calls',
      toolCallCount: 1,
    });
    expect(model?.durationMs).to.be.a('number');
    expect(without(tool, 'time', 'durationMs')).to.deep.equal({
      level: 20,
      msg: 'tool call',
      runId: result.runId,
      turn: 1,
      callId: 'call_find',
      action: 'find_order',
      ok: false,
      errorCode: 'ACTION_FAILED',
    });
    expect(without(finished, 'time', 'durationMs')).to.deep.equal({ level: 30, msg: 'run finished', runId: result.runId, status: 'completed' });
  });

  it('writes a non-continue hook decision without its reason', async () => {
    const { records } = await logRun([{ toolCalls: [{ id: 'c1', name: 'cancel_order', arguments: { number: '1' } }] }, finalReply()]);
    const decisions = records.filter((r) => r.msg === 'hook decision');
    expect(decisions.map((r) => without(r, 'time', 'runId'))).to.deep.equal([
      { level: 30, msg: 'hook decision', turn: 1, plugin: 'no-cancels', hook: 'beforeToolCall', decision: 'block', code: 'POLICY_BLOCKED', callId: 'c1' },
    ]);
  });

  it('uses the level given per kind of line, and writes nothing for off', async () => {
    const { records } = await logRun([askFindOrder('42'), finalReply()], { modelCall: 'info', toolCall: 'off', runStarted: 'warn' });
    expect(records.map((r) => [r.msg, r.level])).to.deep.equal([
      ['run started', 40],
      ['model call', 30],
      ['model call', 30],
      ['run finished', 30],
    ]);
  });

  it('R-ACT-LOG-1: writes no prompt, reply, tool arguments, result, rationale or reason', async () => {
    const { stream, records } = await logRun([askFindOrder(), { toolCalls: [{ id: 'c1', name: 'cancel_order', arguments: { number: SECRETS.args } }] }, finalReply()]);
    expect(records.length).to.be.greaterThan(5);
    expect(leakedSecrets(stream.chunks.join(''))).to.deep.equal([]);
  });

  it('throws CONFIG_INVALID for an invalid option', () => {
    expect(() => loggingModule({ modelCall: 'verbose' as never })).to.throw(ConfigurationError).with.property('code', 'CONFIG_INVALID');
  });
});
