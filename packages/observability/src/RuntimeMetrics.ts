import { ConfigurationError } from '@agent-studio/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEFAULT_DURATION_BUCKETS, type MetricsOptionsInput, MetricsOptionsSchema } from './MetricsOptions.js';
import { parseModuleOptions } from './parseModuleOptions.js';

/** The OpenTelemetry GenAI convention's token buckets: 1, 4, 16, …, 4^13. */
const TOKEN_BUCKETS: readonly number[] = Object.freeze(Array.from({ length: 14 }, (_, i) => 4 ** i));

/** Label values longer than this are cut, so that no label can carry a long text. */
const MAX_LABEL_LENGTH = 128;

/**
 * One model call, as {@link RuntimeMetrics.recordModelCall} takes it.
 * @category Observability
 */
export interface ModelCallSample {
  /** The agent's name. */
  readonly agent: string;
  /** The model asked for. */
  readonly requestModel: string;
  /** The model that answered. */
  readonly responseModel: string;
  /** Prompt tokens. */
  readonly inputTokens: number;
  /** Completion tokens. */
  readonly outputTokens: number;
  /** How long the call took, in milliseconds. */
  readonly durationMs: number;
}

/**
 * One tool call, as {@link RuntimeMetrics.recordToolCall} takes it.
 * @category Observability
 */
export interface ToolCallSample {
  /** The agent's name. */
  readonly agent: string;
  /** The action's name. */
  readonly action: string;
  /** Whether it succeeded. */
  readonly ok: boolean;
  /** The error code when it failed. */
  readonly code?: string;
  /** How long the call and its hooks took, in milliseconds. */
  readonly durationMs: number;
}

/**
 * One plugin hook decision, as {@link RuntimeMetrics.recordHookDecision} takes it.
 * @category Observability
 */
export interface HookDecisionSample {
  /** The plugin's name. */
  readonly plugin: string;
  /** The hook's name. */
  readonly hook: string;
  /** What it decided. */
  readonly decision: string;
  /** The block code, if any. */
  readonly code?: string;
}

/**
 * The Prometheus metrics of a runtime, on a prom-client `Registry` of its own (never the
 * global one unless you pass it). Labels are bounded: agent, model, action, plugin, hook, status,
 * outcome, code and kind only; never tenant or user ids, never content or reasons (R-ACT-LOG-1).
 *
 * The `metrics` plugin of `metricsModule` feeds it from runtime events; serve
 * {@link RuntimeMetrics.metrics} on your `/metrics` route.
 * @example
 * ```ts
 * const metrics = container.get('observability.Metrics');
 * app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
 * ```
 * @category Observability
 */
export class RuntimeMetrics {
  /** The registry the metrics are registered on. */
  readonly registry: Registry;
  readonly #runs: Counter;
  readonly #runsStarted: Counter;
  readonly #runDuration: Histogram;
  readonly #inFlight: Gauge;
  readonly #modelCalls: Counter;
  readonly #tokens: Counter;
  readonly #tokenUsage: Histogram;
  readonly #operationDuration: Histogram;
  readonly #toolCalls: Counter;
  readonly #toolDuration: Histogram;
  readonly #decisions: Counter;
  readonly #runtimeDecisions: Counter;
  readonly #cost: Counter;
  readonly #unpriced: Counter;

  /**
   * @param options - the registry, the name prefix and the duration buckets
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid, or
   *   when the registry already holds a metric of the same name but another type
   */
  constructor(options: MetricsOptionsInput = {}) {
    const data = parseModuleOptions(MetricsOptionsSchema, options, 'RuntimeMetrics');
    const registry = data.registry ?? new Registry();
    const p = data.prefix;
    const durations = [...(data.durationBuckets ?? DEFAULT_DURATION_BUCKETS)];
    this.registry = registry;
    const counter = (name: string, help: string, labelNames: readonly string[]): Counter =>
      metric(registry, name, Counter, () => new Counter({ name, help, labelNames, registers: [registry] }));
    const histogram = (name: string, help: string, labelNames: readonly string[], buckets: number[]): Histogram =>
      metric(registry, name, Histogram, () => new Histogram({ name, help, labelNames, buckets, registers: [registry] }));
    this.#runs = counter(`${p}runs_total`, 'Runs finished, by agent and status.', ['agent', 'status']);
    this.#runsStarted = counter(`${p}runs_started_total`, 'Runs started or resumed, by agent.', ['agent', 'resumed']);
    this.#runDuration = histogram(`${p}run_duration_seconds`, 'Wall time of run calls, by agent and status.', ['agent', 'status'], durations);
    this.#inFlight = metric(
      registry,
      `${p}runs_in_flight`,
      Gauge,
      () => new Gauge({ name: `${p}runs_in_flight`, help: 'Runs started and not yet finished, by agent.', labelNames: ['agent'], registers: [registry] }),
    );
    this.#modelCalls = counter(`${p}model_calls_total`, 'Model calls that returned, by agent and model.', ['agent', 'model']);
    this.#tokens = counter(`${p}tokens_total`, 'Tokens used, by agent, model and type (input or output).', ['agent', 'model', 'type']);
    this.#tokenUsage = histogram(
      'gen_ai_client_token_usage',
      'Tokens used per model call (OpenTelemetry GenAI gen_ai.client.token.usage).',
      ['gen_ai_operation_name', 'gen_ai_request_model', 'gen_ai_token_type'],
      [...TOKEN_BUCKETS],
    );
    this.#operationDuration = histogram(
      'gen_ai_client_operation_duration_seconds',
      'Duration of model calls (OpenTelemetry GenAI gen_ai.client.operation.duration).',
      ['gen_ai_operation_name', 'gen_ai_request_model'],
      durations,
    );
    this.#toolCalls = counter(`${p}tool_calls_total`, 'Tool calls, by agent, action, outcome (ok or error) and error code.', ['agent', 'action', 'outcome', 'code']);
    this.#toolDuration = histogram(`${p}tool_call_duration_seconds`, 'Duration of tool calls with their hooks, by action.', ['action'], durations);
    this.#decisions = counter(`${p}decisions_total`, 'Plugin hook decisions, by plugin, hook, decision and code.', ['plugin', 'hook', 'decision', 'code']);
    this.#runtimeDecisions = counter(`${p}runtime_decisions_total`, 'Decisions the runtime recorded, by kind.', ['kind']);
    this.#cost = counter(`${p}cost_usd_total`, 'Cost of priced model calls in USD, by agent and model.', ['agent', 'model']);
    this.#unpriced = counter(`${p}unpriced_model_calls_total`, 'Model calls whose model has no price, by model.', ['model']);
  }

  /** The content type of {@link RuntimeMetrics.metrics}' text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * The metrics in the Prometheus text format.
   * @returns the exposition text
   */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Counts a run that started or resumed, and adds it to the runs in flight.
   * @param agent - the agent's name
   * @param resumed - whether it continues a suspended run
   */
  recordRunStarted(agent: string, resumed: boolean): void {
    this.#runsStarted.inc({ agent: label(agent), resumed: String(resumed) });
    this.#inFlight.inc({ agent: label(agent) });
  }

  /**
   * Counts a finished run, observes its duration and removes it from the runs in flight.
   * @param agent - the agent's name
   * @param status - how it ended
   * @param durationMs - its wall time, in milliseconds
   */
  recordRunFinished(agent: string, status: string, durationMs: number): void {
    const labels = { agent: label(agent), status: label(status) };
    this.#runs.inc(labels);
    this.#runDuration.observe(labels, seconds(durationMs));
    this.#inFlight.dec({ agent: label(agent) });
  }

  /**
   * Removes a run from the runs in flight without counting it as finished (its end was never seen).
   * @param agent - the agent's name
   */
  forgetRun(agent: string): void {
    this.#inFlight.dec({ agent: label(agent) });
  }

  /**
   * Counts a model call that returned, its tokens and its duration.
   * @param sample - the call
   */
  recordModelCall(sample: ModelCallSample): void {
    const agent = label(sample.agent);
    const model = label(sample.responseModel);
    const requestModel = label(sample.requestModel);
    const input = tokens(sample.inputTokens);
    const output = tokens(sample.outputTokens);
    this.#modelCalls.inc({ agent, model });
    this.#tokens.inc({ agent, model, type: 'input' }, input);
    this.#tokens.inc({ agent, model, type: 'output' }, output);
    this.#tokenUsage.observe({ gen_ai_operation_name: 'chat', gen_ai_request_model: requestModel, gen_ai_token_type: 'input' }, input);
    this.#tokenUsage.observe({ gen_ai_operation_name: 'chat', gen_ai_request_model: requestModel, gen_ai_token_type: 'output' }, output);
    this.#operationDuration.observe({ gen_ai_operation_name: 'chat', gen_ai_request_model: requestModel }, seconds(sample.durationMs));
  }

  /**
   * Counts a tool call and observes its duration.
   * @param sample - the call
   */
  recordToolCall(sample: ToolCallSample): void {
    const action = label(sample.action);
    this.#toolCalls.inc({ agent: label(sample.agent), action, outcome: sample.ok ? 'ok' : 'error', code: sample.ok ? '' : label(sample.code ?? '') });
    this.#toolDuration.observe({ action }, seconds(sample.durationMs));
  }

  /**
   * Counts a plugin hook decision (`continue` included).
   * @param sample - the decision
   */
  recordHookDecision(sample: HookDecisionSample): void {
    this.#decisions.inc({ plugin: label(sample.plugin), hook: label(sample.hook), decision: label(sample.decision), code: label(sample.code ?? '') });
  }

  /**
   * Counts a decision the runtime recorded.
   * @param kind - its kind, such as `context-input-ignored`
   */
  recordRuntimeDecision(kind: string): void {
    this.#runtimeDecisions.inc({ kind: label(kind) });
  }

  /**
   * Adds a model call's cost, or counts it as unpriced when the cost is null.
   * @param agent - the agent's name
   * @param model - the model priced
   * @param costUsd - the cost in USD, or null when the model has no price
   */
  recordCost(agent: string, model: string, costUsd: number | null): void {
    if (costUsd === null) {
      this.#unpriced.inc({ model: label(model) });
      return;
    }
    if (!Number.isFinite(costUsd) || costUsd < 0) return;
    this.#cost.inc({ agent: label(agent), model: label(model) }, costUsd);
  }
}

/** Reuses a metric a shared registry already holds (a second container on it), else creates it. */
function metric<T>(registry: Registry, name: string, type: abstract new (...args: never[]) => T, create: () => T): T {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (existing instanceof type) return existing;
  throw new ConfigurationError('CONFIG_INVALID', `RuntimeMetrics: the registry already holds a metric named "${name}" of another type. Pass another registry or prefix.`);
}

/** A label value: a string, cut to a bounded length. */
function label(value: string): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.length > MAX_LABEL_LENGTH ? text.slice(0, MAX_LABEL_LENGTH) : text;
}

/** Milliseconds to seconds (0 when not a finite non-negative number). */
function seconds(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

/** A token count (0 when not a finite non-negative number). */
function tokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
