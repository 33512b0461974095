import {
  $inject,
  type AgentPlugin,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  BoundedMap,
} from '@agent-studio/core';
import { injectable } from 'inversify';
import type { MetricsOptions } from './MetricsOptions.js';
import { observeEvents } from './observeEvents.js';
import type { RuntimeMetrics } from './RuntimeMetrics.js';

/** What the plugin remembers of a run in flight. */
interface RunLabels {
  readonly agent: string;
  readonly requestModels: Map<number, string>;
}

/** The fields of a `cost:recorded` payload this plugin reads (the cost-accounting plugin's ledger entry). */
interface CostRecorded {
  readonly agent: string;
  readonly model: string;
  readonly costUsd: number | null;
}

/**
 * Feeds {@link RuntimeMetrics} from runtime events: runs, model calls and tokens, tool calls,
 * plugin and runtime decisions, and (when the cost-accounting plugin is loaded) cost. It keeps the
 * agent of each run in flight, to label model and tool events with it, in a bounded map emptied at
 * `run:finished`. A failing metric is caught and logged by error name; it never changes a run.
 * @category Observability
 */
@injectable()
export class MetricsPlugin implements AgentPlugin {
  /** The manifest: default priority, fail-open, no hooks. */
  readonly manifest: PluginManifest = {
    name: 'metrics',
    version: '0.1.0',
    priority: PluginPriority.Default,
    failureMode: 'open',
    coreRange: '^0.1.0',
  };
  readonly #metrics: RuntimeMetrics;
  readonly #runs: BoundedMap<string, RunLabels>;
  #unsubscribe: (() => void) | undefined;

  /**
   * @param metrics - the metrics to feed
   * @param options - the parsed options
   */
  constructor(@$inject('observability.Metrics') metrics: RuntimeMetrics, @$inject('observability.MetricsOptions') options: MetricsOptions) {
    this.#metrics = metrics;
    this.#runs = new BoundedMap(options.maxOpenRuns, (_runId, run) => metrics.forgetRun(run.agent));
  }

  /**
   * Subscribes to the runtime's events.
   * @param api - the setup API
   */
  setup(api: PluginSetupApi): void {
    this.#unsubscribe?.();
    const m = this.#metrics;
    const agentOf = (runId: string): string => this.#runs.get(runId)?.agent ?? '';
    this.#unsubscribe = observeEvents(
      api.events,
      {
        'run:started': (e) => {
          const previous = this.#runs.take(e.runId);
          if (previous) m.forgetRun(previous.agent);
          this.#runs.set(e.runId, { agent: e.agent, requestModels: new Map() });
          m.recordRunStarted(e.agent, e.resumed);
        },
        'run:finished': (e) => {
          const run = this.#runs.take(e.runId);
          if (run) m.recordRunFinished(run.agent, e.status, e.durationMs);
        },
        'model:requested': (e) => {
          this.#runs.get(e.runId)?.requestModels.set(e.turn, e.model);
        },
        'model:responded': (e) => {
          const run = this.#runs.get(e.runId);
          const requestModel = run?.requestModels.get(e.turn) ?? e.model;
          run?.requestModels.delete(e.turn);
          m.recordModelCall({
            agent: run?.agent ?? '',
            requestModel,
            responseModel: e.model,
            inputTokens: e.usage.prompt_tokens,
            outputTokens: e.usage.completion_tokens,
            durationMs: e.durationMs,
          });
        },
        'tool:finished': (e) => {
          m.recordToolCall({
            agent: agentOf(e.runId),
            action: e.action,
            ok: e.result.ok,
            ...(e.result.ok ? {} : { code: e.result.errorCode }),
            durationMs: e.durationMs,
          });
        },
        'hook:decision': (e) => {
          m.recordHookDecision({ plugin: e.plugin, hook: e.hook, decision: e.decision, ...(e.code === undefined ? {} : { code: e.code }) });
        },
        'decision:recorded': (e) => {
          m.recordRuntimeDecision(e.kind);
        },
        'cost:recorded': (payload) => {
          if (!isCostRecorded(payload)) return;
          m.recordCost(payload.agent, payload.model, payload.costUsd);
        },
      },
      this.manifest.name,
      api.logger,
    );
  }

  /** Unsubscribes. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#runs.drain((_runId, run) => this.#metrics.forgetRun(run.agent));
  }
}

/** Checks the fields read from a `cost:recorded` payload. */
function isCostRecorded(payload: unknown): payload is CostRecorded {
  if (typeof payload !== 'object' || payload === null) return false;
  const p = payload as Record<string, unknown>;
  return typeof p.agent === 'string' && typeof p.model === 'string' && (p.costUsd === null || typeof p.costUsd === 'number');
}
