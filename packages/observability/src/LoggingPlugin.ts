import { $inject, type AgentPlugin, type Logger, type PluginManifest, PluginPriority, type PluginSetupApi, BoundedMap } from '@agent-studio/core';
import { injectable } from 'inversify';
import type { LoggingOptions } from './LoggingOptions.js';
import { observeEvents } from './observeEvents.js';

/** What the plugin remembers of a run in flight: the sizes of each turn's request. */
type RequestSizes = Map<number, { readonly messages: number; readonly tools: number }>;

/** A level of {@link LoggingOptions}. */
type Level = LoggingOptions['runStarted'];

/**
 * Writes one structured line per lifecycle event through the container's logger (`api.logger`):
 * `run started`, `model call`, `tool call`, `hook decision` (not `continue`) and `run finished`.
 * Lines carry ids, names, codes, counts and durations only; never content, never reasons
 * (R-ACT-LOG-1). A failing logger is caught; it never changes a run.
 * @category Observability
 */
@injectable()
export class LoggingPlugin implements AgentPlugin {
  /** The manifest: default priority, fail-open, no hooks. */
  readonly manifest: PluginManifest = {
    name: 'logging',
    version: '0.1.0',
    priority: PluginPriority.Default,
    failureMode: 'open',
    coreRange: '^0.1.0',
  };
  readonly #options: LoggingOptions;
  readonly #runs: BoundedMap<string, RequestSizes>;
  #unsubscribe: (() => void) | undefined;

  /**
   * @param options - the parsed options
   */
  constructor(@$inject('observability.LoggingOptions') options: LoggingOptions) {
    this.#options = options;
    this.#runs = new BoundedMap(options.maxOpenRuns);
  }

  /**
   * Subscribes to the runtime's events.
   * @param api - the setup API
   */
  setup(api: PluginSetupApi): void {
    this.#unsubscribe?.();
    const logger = api.logger;
    const o = this.#options;
    this.#unsubscribe = observeEvents(
      api.events,
      {
        'run:started': (e) => {
          this.#runs.set(e.runId, new Map());
          write(logger, o.runStarted, 'run started', {
            runId: e.runId,
            agent: e.agent,
            tenantId: e.tenantId,
            surface: e.surface,
            resumed: e.resumed,
            model: e.model,
            provider: e.provider,
          });
        },
        'model:requested': (e) => {
          this.#runs.get(e.runId)?.set(e.turn, { messages: e.messages, tools: e.tools });
        },
        'model:responded': (e) => {
          const sizes = this.#runs.get(e.runId);
          const request = sizes?.get(e.turn);
          sizes?.delete(e.turn);
          write(logger, o.modelCall, 'model call', {
            runId: e.runId,
            turn: e.turn,
            model: e.model,
            ...(request ? { messageCount: request.messages, toolCount: request.tools } : {}),
            inputTokens: e.usage.prompt_tokens,
            outputTokens: e.usage.completion_tokens,
            durationMs: round(e.durationMs),
            finishReason: e.finishReason,
            toolCallCount: e.toolCalls.length,
          });
        },
        'tool:finished': (e) => {
          write(logger, o.toolCall, 'tool call', {
            runId: e.runId,
            turn: e.turn,
            callId: e.callId,
            action: e.action,
            ok: e.result.ok,
            ...(e.result.ok ? {} : { errorCode: e.result.errorCode }),
            durationMs: round(e.durationMs),
          });
        },
        'hook:decision': (e) => {
          if (e.decision === 'continue') return;
          write(logger, o.decision, 'hook decision', {
            runId: e.runId,
            turn: e.turn,
            plugin: e.plugin,
            hook: e.hook,
            decision: e.decision,
            ...(e.code === undefined ? {} : { code: e.code }),
            ...(e.callId === undefined ? {} : { callId: e.callId }),
          });
        },
        'run:finished': (e) => {
          this.#runs.take(e.runId);
          write(logger, o.runFinished, 'run finished', {
            runId: e.runId,
            status: e.status,
            durationMs: round(e.durationMs),
            ...(e.errorCode === undefined ? {} : { errorCode: e.errorCode }),
          });
        },
      },
      this.manifest.name,
      logger,
    );
  }

  /** Unsubscribes. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#runs.drain();
  }
}

/** Writes one line at a level, unless the level is `off`. */
function write(logger: Logger, level: Level, message: string, fields: Record<string, unknown>): void {
  if (level === 'off') return;
  logger[level](fields, message);
}

/** Milliseconds rounded to a tenth. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
