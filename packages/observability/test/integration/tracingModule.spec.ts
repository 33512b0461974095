import { ConfigurationError } from '@agent-studio/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import { TracingPlugin, tracingModule } from '../../src/index.js';
import { askFindOrder, blockCancels, blockRuns, finalReply, leakedSecrets, runOnce, SECRETS, withholdResults } from '../fixtures.js';

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const named = (prefix: string): ReadableSpan[] => spans().filter((s) => s.name.startsWith(prefix));
  const one = (prefix: string): ReadableSpan => {
    const found = named(prefix);
    expect(found, prefix).to.have.length(1);
    return found[0] as ReadableSpan;
  };
  return { exporter, provider, spans, named, one };
}

describe('tracingModule', () => {
  context('when a run calls a tool and answers', () => {
    let tr: ReturnType<typeof tracing>;
    let runId: string;

    beforeEach(async () => {
      tr = tracing();
      const { result } = await runOnce({ modules: [tracingModule({ tracerProvider: tr.provider })], script: [askFindOrder(), finalReply()] });
      expect(result.status).to.equal('completed');
      runId = result.runId;
    });

    it('names the spans after the GenAI operations', () => {
      expect(tr.spans().map((s) => s.name)).to.have.members(['chat test-model', 'execute_tool find_order', 'chat test-model', 'invoke_agent support']);
    });

    it('uses the @agent-studio/observability tracer', () => {
      expect(tr.one('invoke_agent').instrumentationScope.name).to.equal(TracingPlugin.tracerName).and.equal('@agent-studio/observability');
    });

    it('gives the run span kind INTERNAL and its attributes', () => {
      const run = tr.one('invoke_agent');
      expect(run.kind).to.equal(SpanKind.INTERNAL);
      expect(run.parentSpanContext).to.equal(undefined);
      expect(run.attributes).to.deep.equal({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'support',
        'gen_ai.provider.name': 'scripted',
        'gen_ai.request.model': 'test-model',
        'agent_studio.run.id': runId,
        'agent_studio.tenant.id': 't-1',
        'agent_studio.surface': 'runtime',
        'agent_studio.run.resumed': false,
        'agent_studio.run.status': 'completed',
        'gen_ai.usage.input_tokens': 150,
        'gen_ai.usage.output_tokens': 30,
      });
      expect(run.status.code).to.equal(SpanStatusCode.UNSET);
    });

    it('makes each model call a CLIENT child of the run span with its attributes', () => {
      const run = tr.one('invoke_agent');
      const chats = tr.named('chat ').sort((a, b) => Number(a.attributes['agent_studio.turn']) - Number(b.attributes['agent_studio.turn']));
      expect(chats).to.have.length(2);
      for (const chat of chats) {
        expect(chat.kind).to.equal(SpanKind.CLIENT);
        expect(chat.parentSpanContext?.spanId).to.equal(run.spanContext().spanId);
        expect(chat.spanContext().traceId).to.equal(run.spanContext().traceId);
      }
      expect(chats[0]?.attributes).to.deep.equal({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'scripted',
        'gen_ai.request.model': 'test-model',
        'gen_ai.response.model': 'scripted-model',
        'gen_ai.response.finish_reasons': ['tool_calls'],
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
        'agent_studio.turn': 1,
        'agent_studio.request.messages': 2,
        'agent_studio.request.tools': 2,
        'agent_studio.response.tool_calls': 1,
      });
      expect(chats[1]?.attributes).to.include({ 'agent_studio.turn': 2, 'agent_studio.request.messages': 4, 'agent_studio.response.tool_calls': 0 });
      expect(chats[1]?.attributes['gen_ai.response.finish_reasons']).to.deep.equal(['stop']);
    });

    it('makes each tool call an INTERNAL child of the run span with its attributes', () => {
      const run = tr.one('invoke_agent');
      const tool = tr.one('execute_tool');
      expect(tool.kind).to.equal(SpanKind.INTERNAL);
      expect(tool.parentSpanContext?.spanId).to.equal(run.spanContext().spanId);
      expect(tool.attributes).to.deep.equal({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'find_order',
        'gen_ai.tool.call.id': 'call_find',
        'gen_ai.tool.type': 'function',
        'agent_studio.turn': 1,
      });
      expect(tool.status.code).to.equal(SpanStatusCode.UNSET);
    });
  });

  it('marks a failing tool call with error.type and status ERROR', async () => {
    const tr = tracing();
    await runOnce({ modules: [tracingModule({ tracerProvider: tr.provider })], script: [askFindOrder('bad'), finalReply()] });
    const tool = tr.one('execute_tool');
    expect(tool.attributes['error.type']).to.equal('ACTION_FAILED');
    expect(tool.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'ACTION_FAILED' });
  });

  it('marks a blocked run with error.type and status ERROR whose message is the code only', async () => {
    const tr = tracing();
    const { result } = await runOnce({ modules: [tracingModule({ tracerProvider: tr.provider })], script: [finalReply()], plugins: [blockRuns] });
    expect(result.status).to.equal('blocked');
    const run = tr.one('invoke_agent');
    expect(run.attributes).to.include({ 'agent_studio.run.status': 'blocked', 'error.type': 'POLICY_BLOCKED', 'gen_ai.usage.input_tokens': 0 });
    expect(run.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'POLICY_BLOCKED' });
  });

  it('records a non-continue hook decision as an agent_studio.decision span event, without its reason', async () => {
    const tr = tracing();
    await runOnce({
      modules: [tracingModule({ tracerProvider: tr.provider })],
      script: [{ toolCalls: [{ id: 'call_cancel', name: 'cancel_order', arguments: { number: '42' } }] }, finalReply()],
      plugins: [blockCancels],
    });
    const run = tr.one('invoke_agent');
    const decisions = run.events.filter((e) => e.name === 'agent_studio.decision');
    expect(decisions).to.have.length(1);
    expect(decisions[0]?.attributes).to.deep.equal({
      'agent_studio.plugin': 'no-cancels',
      'agent_studio.hook': 'beforeToolCall',
      'agent_studio.decision': 'block',
      'agent_studio.decision.code': 'POLICY_BLOCKED',
    });
  });

  it('records a decision about an open tool call on the tool span', async () => {
    const tr = tracing();
    await runOnce({ modules: [tracingModule({ tracerProvider: tr.provider })], script: [askFindOrder(), finalReply()], plugins: [withholdResults] });
    const tool = tr.one('execute_tool');
    expect(tool.events.map((e) => [e.name, e.attributes?.['agent_studio.hook']])).to.deep.equal([['agent_studio.decision', 'afterToolCall']]);
    expect(tool.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'POLICY_BLOCKED' });
    expect(tr.one('invoke_agent').events).to.deep.equal([]);
  });

  it('records a runtime decision as an agent_studio.runtime_decision span event with its kind only', async () => {
    const tr = tracing();
    await runOnce({
      modules: [tracingModule({ tracerProvider: tr.provider })],
      script: [{ toolCalls: [{ id: 'call_x', name: 'no_such_tool', arguments: { q: SECRETS.args } }] }, finalReply()],
    });
    const events = tr.one('invoke_agent').events.filter((e) => e.name === 'agent_studio.runtime_decision');
    expect(events.length).to.be.greaterThan(0);
    for (const event of events) {
      expect(Object.keys(event.attributes ?? {})).to.satisfy((keys: string[]) => keys.every((k) => k === 'agent_studio.decision.kind' || k === 'gen_ai.tool.call.id'));
      expect(event.attributes?.['agent_studio.decision.kind']).to.be.a('string');
    }
  });

  it('records no decision events when captureDecisions is false', async () => {
    const tr = tracing();
    await runOnce({
      modules: [tracingModule({ tracerProvider: tr.provider, captureDecisions: false })],
      script: [{ toolCalls: [{ id: 'call_cancel', name: 'cancel_order', arguments: { number: '42' } }] }, finalReply()],
      plugins: [blockCancels],
    });
    expect(tr.one('invoke_agent').events).to.deep.equal([]);
  });

  it('ends every span, the open model span with status ERROR, when the model throws', async () => {
    const tr = tracing();
    const { result } = await runOnce({
      modules: [tracingModule({ tracerProvider: tr.provider })],
      script: [askFindOrder(), { error: new Error(`provider down ${SECRETS.reply}`) }],
    });
    expect(result.status).to.equal('failed');
    const run = tr.one('invoke_agent');
    expect(run.status.code).to.equal(SpanStatusCode.ERROR);
    expect(run.attributes['error.type']).to.be.a('string');
    const chats = tr.named('chat ');
    expect(chats).to.have.length(2);
    const open = chats.find((s) => s.attributes['agent_studio.turn'] === 2);
    expect(open?.status.code).to.equal(SpanStatusCode.ERROR);
    expect(open?.attributes['error.type']).to.equal(run.attributes['error.type']);
    expect(tr.spans().every((s) => s.ended)).to.equal(true);
  });

  it('R-ACT-LOG-1: puts no content in any span attribute or span event', async () => {
    const tr = tracing();
    await runOnce({
      modules: [tracingModule({ tracerProvider: tr.provider })],
      script: [askFindOrder(), { toolCalls: [{ id: 'call_cancel', name: 'cancel_order', arguments: { number: SECRETS.args } }] }, finalReply()],
      plugins: [blockCancels],
    });
    const dump = JSON.stringify(tr.spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    expect(dump).to.include('execute_tool find_order');
    expect(leakedSecrets(dump)).to.deep.equal([]);
  });

  it('works as a no-op without a tracer provider or a global SDK', async () => {
    const { result } = await runOnce({ modules: [tracingModule()], script: [askFindOrder(), finalReply()] });
    expect(result.status).to.equal('completed');
  });

  it('never lets a throwing tracer affect the run', async () => {
    const throwing = {
      getTracer: () => ({
        startSpan: () => {
          throw new Error('exporter down');
        },
        startActiveSpan: () => {
          throw new Error('exporter down');
        },
      }),
    };
    const { result } = await runOnce({ modules: [tracingModule({ tracerProvider: throwing as never })], script: [askFindOrder(), finalReply()] });
    expect(result.status).to.equal('completed');
  });

  it('bounds the runs it tracks, ending the oldest run spans', () => {
    const tr = tracing();
    const plugin = new TracingPlugin({ tracerProvider: tr.provider, captureDecisions: true, maxOpenRuns: 2 });
    const events = new (class {
      readonly listeners = new Map<string, (e: unknown) => void>();
      on(name: string, fn: (e: unknown) => void) {
        this.listeners.set(name, fn);
      }
      off(name: string) {
        this.listeners.delete(name);
      }
      emit(name: string, e: unknown) {
        this.listeners.get(name)?.(e);
      }
    })();
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    plugin.setup({ events: events as never, logger, registerAction: () => undefined });
    for (const runId of ['r1', 'r2', 'r3']) {
      events.emit('run:started', { runId, agent: 'a', tenantId: 't', userId: 'u', surface: 's', resumed: false, model: 'm', provider: 'p' });
    }
    expect(tr.spans().map((s) => s.attributes['agent_studio.run.id'])).to.deep.equal(['r1']);
    plugin.dispose();
    expect(tr.spans()).to.have.length(3);
    expect(events.listeners.size).to.equal(0);
  });

  it('throws CONFIG_INVALID for an invalid option', () => {
    expect(() => tracingModule({ tracerProvider: {} as never })).to.throw(ConfigurationError).with.property('code', 'CONFIG_INVALID');
  });
});
