import { ConfigurationError } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import { Registry } from 'prom-client';
import sinon from 'sinon';
import { metricsModule, type RuntimeMetrics } from '../../src/index.js';
import { askFindOrder, blockCancels, cancelOrder, finalReply, findOrder, leakedSecrets, runOnce, SECRETS, support } from '../fixtures.js';

interface Sample {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly metricName?: string;
}

/** The samples of one metric, from getMetricsAsJSON(). */
async function samples(metrics: RuntimeMetrics, name: string): Promise<Sample[]> {
  const all = (await metrics.registry.getMetricsAsJSON()) as unknown as { name: string; values: Sample[] }[];
  return all.find((m) => m.name === name)?.values ?? [];
}

/** The value of the sample with exactly these labels (histograms: pass the `_count`/`_sum` metricName). */
async function value(metrics: RuntimeMetrics, name: string, labels: Record<string, string>, metricName?: string): Promise<number | undefined> {
  const found = (await samples(metrics, name)).filter(
    (s) => (metricName === undefined || s.metricName === metricName) && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).filter((k) => k !== 'le').length === Object.keys(labels).length,
  );
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

describe('metricsModule', () => {
  context('when a run calls a tool twice and answers', () => {
    let metrics: RuntimeMetrics;

    beforeEach(async () => {
      const { t, result } = await runOnce({
        modules: [metricsModule()],
        script: [askFindOrder('42'), askFindOrder('bad', 'call_bad'), finalReply()],
      });
      expect(result.status).to.equal('completed');
      metrics = t.container.get('observability.Metrics');
    });

    it('counts started and finished runs by agent, resumed and status', async () => {
      expect(await value(metrics, 'agent_studio_runs_started_total', { agent: 'support', resumed: 'false' })).to.equal(1);
      expect(await value(metrics, 'agent_studio_runs_total', { agent: 'support', status: 'completed' })).to.equal(1);
      expect(await value(metrics, 'agent_studio_run_duration_seconds', { agent: 'support', status: 'completed' }, 'agent_studio_run_duration_seconds_count')).to.equal(1);
    });

    it('brings runs in flight back to 0', async () => {
      expect(await value(metrics, 'agent_studio_runs_in_flight', { agent: 'support' })).to.equal(0);
    });

    it('counts model calls and tokens by agent, model and type', async () => {
      expect(await value(metrics, 'agent_studio_model_calls_total', { agent: 'support', model: 'scripted-model' })).to.equal(3);
      expect(await value(metrics, 'agent_studio_tokens_total', { agent: 'support', model: 'scripted-model', type: 'input' })).to.equal(250);
      expect(await value(metrics, 'agent_studio_tokens_total', { agent: 'support', model: 'scripted-model', type: 'output' })).to.equal(50);
    });

    it('observes the OpenTelemetry GenAI histograms by request model', async () => {
      const input = { gen_ai_operation_name: 'chat', gen_ai_request_model: 'test-model', gen_ai_token_type: 'input' };
      expect(await value(metrics, 'gen_ai_client_token_usage', input, 'gen_ai_client_token_usage_sum')).to.equal(250);
      expect(await value(metrics, 'gen_ai_client_token_usage', input, 'gen_ai_client_token_usage_count')).to.equal(3);
      const buckets = (await samples(metrics, 'gen_ai_client_token_usage')).filter((s) => s.metricName === 'gen_ai_client_token_usage_bucket' && s.labels.gen_ai_token_type === 'input');
      expect(buckets.map((s) => s.labels.le)).to.deep.equal([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, '+Inf']);
      expect(buckets.find((s) => s.labels.le === 64)?.value).to.equal(1);
      expect(buckets.find((s) => s.labels.le === 256)?.value).to.equal(3);
      expect(
        await value(metrics, 'gen_ai_client_operation_duration_seconds', { gen_ai_operation_name: 'chat', gen_ai_request_model: 'test-model' }, 'gen_ai_client_operation_duration_seconds_count'),
      ).to.equal(3);
    });

    it('counts tool calls by outcome and code, and observes their duration by action', async () => {
      expect(await value(metrics, 'agent_studio_tool_calls_total', { agent: 'support', action: 'find_order', outcome: 'ok', code: '' })).to.equal(1);
      expect(await value(metrics, 'agent_studio_tool_calls_total', { agent: 'support', action: 'find_order', outcome: 'error', code: 'ACTION_FAILED' })).to.equal(1);
      expect(await value(metrics, 'agent_studio_tool_call_duration_seconds', { action: 'find_order' }, 'agent_studio_tool_call_duration_seconds_count')).to.equal(2);
    });

    it('serves Prometheus text with its content type', async () => {
      const text = await metrics.metrics();
      expect(text).to.include('# TYPE agent_studio_runs_total counter');
      expect(text).to.include('agent_studio_runs_total{agent="support",status="completed"} 1');
      expect(metrics.contentType).to.match(/^text\/plain/);
    });
  });

  it('counts every hook decision, continue included, and runtime decisions by kind', async () => {
    const { t } = await runOnce({
      modules: [metricsModule()],
      script: [{ toolCalls: [{ id: 'c1', name: 'cancel_order', arguments: { number: '1' } }, { id: 'c2', name: 'no_such_tool', arguments: {} }] }, askFindOrder('42'), finalReply()],
      plugins: [blockCancels],
    });
    const metrics = t.container.get('observability.Metrics');
    expect(await value(metrics, 'agent_studio_decisions_total', { plugin: 'no-cancels', hook: 'beforeToolCall', decision: 'block', code: 'POLICY_BLOCKED' })).to.equal(1);
    expect(await value(metrics, 'agent_studio_decisions_total', { plugin: 'no-cancels', hook: 'beforeToolCall', decision: 'continue', code: '' })).to.equal(1);
    const kinds = await samples(metrics, 'agent_studio_runtime_decisions_total');
    expect(kinds.length).to.be.greaterThan(0);
    expect(kinds.every((s) => Object.keys(s.labels).join() === 'kind')).to.equal(true);
  });

  it('counts cost from cost:recorded, and unpriced calls when the cost is null', async () => {
    const { t } = await runOnce({ modules: [metricsModule()], script: [finalReply()] });
    const emit = t.runtime.events.emit.bind(t.runtime.events) as unknown as (name: string, payload: unknown) => boolean;
    const entry = { runId: 'r', turn: 1, tenantId: 't-1', userId: 'u-1', agent: 'support', model: 'gpt-x', day: '2026-01-01', at: 0, promptTokens: 1, completionTokens: 1, totalTokens: 2 };
    emit('cost:recorded', { ...entry, costUsd: 0.25 });
    emit('cost:recorded', { ...entry, costUsd: 0.5 });
    emit('cost:recorded', { ...entry, model: 'mystery', costUsd: null });
    emit('cost:recorded', { nonsense: true });
    const metrics = t.container.get('observability.Metrics');
    expect(await value(metrics, 'agent_studio_cost_usd_total', { agent: 'support', model: 'gpt-x' })).to.equal(0.75);
    expect(await value(metrics, 'agent_studio_unpriced_model_calls_total', { model: 'mystery' })).to.equal(1);
  });

  it('gives two containers separate registries', async () => {
    const module = metricsModule();
    const a = await runOnce({ modules: [module], script: [finalReply()] });
    const b = await runOnce({ modules: [metricsModule()], script: [finalReply()] });
    const ma = a.t.container.get('observability.Metrics');
    const mb = b.t.container.get('observability.Metrics');
    expect(ma.registry).to.not.equal(mb.registry);
    expect(await value(ma, 'agent_studio_runs_total', { agent: 'support', status: 'completed' })).to.equal(1);
    expect(await value(mb, 'agent_studio_runs_total', { agent: 'support', status: 'completed' })).to.equal(1);
  });

  it('registers on a registry it is given, and shares it between containers', async () => {
    const registry = new Registry();
    const a = await runOnce({ modules: [metricsModule({ registry, prefix: 'app_' })], script: [finalReply()] });
    await runOnce({ modules: [metricsModule({ registry, prefix: 'app_' })], script: [finalReply()] });
    expect(a.t.container.get('observability.Metrics').registry).to.equal(registry);
    expect(await registry.getSingleMetricAsString('app_runs_total')).to.include('app_runs_total{agent="support",status="completed"} 2');
  });

  it('R-ACT-LOG-1: puts no content and no tenant or user id in the metrics text', async () => {
    const { t } = await runOnce({
      modules: [metricsModule()],
      script: [askFindOrder(), { toolCalls: [{ id: 'c1', name: 'cancel_order', arguments: { number: SECRETS.args } }] }, finalReply()],
      plugins: [blockCancels],
    });
    const text = await t.container.get('observability.Metrics').metrics();
    expect(text).to.include('agent_studio_tool_calls_total');
    expect(leakedSecrets(text)).to.deep.equal([]);
    expect(text).to.not.match(/tenant|u-1|t-1/);
  });

  it('never lets a throwing metric affect the run, and logs only the error name', async () => {
    const logger = { debug: sinon.spy(), info: sinon.spy(), warn: sinon.spy(), error: sinon.spy() };
    const loggerModule = new ContainerModule(({ rebind }) => {
      rebind('core.Logger').toConstantValue(logger);
    });
    const t = await createTestContainer({ agents: [support], actions: [findOrder, cancelOrder], modules: [metricsModule(), loggerModule], script: [askFindOrder('42'), finalReply()] });
    const metrics = t.container.get('observability.Metrics');
    sinon.stub(metrics, 'recordModelCall').throws(new Error(`registry down ${SECRETS.reply}`));
    sinon.stub(metrics, 'recordToolCall').throws(new TypeError('boom'));
    const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: 'hello' });
    expect(result.status).to.equal('completed');
    expect(logger.warn).to.have.been.calledWith({ plugin: 'metrics', event: 'model:responded', error: 'Error' });
    expect(logger.warn).to.have.been.calledWith({ plugin: 'metrics', event: 'tool:finished', error: 'TypeError' });
    expect(leakedSecrets(JSON.stringify(logger.warn.args))).to.deep.equal([]);
  });

  it('throws CONFIG_INVALID for an invalid option', () => {
    expect(() => metricsModule({ prefix: 'bad prefix' })).to.throw(ConfigurationError).with.property('code', 'CONFIG_INVALID');
  });
});
