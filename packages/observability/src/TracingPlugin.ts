import {
  $inject,
  type AgentPlugin,
  type DecisionRecordedEvent,
  type HookDecisionEvent,
  type Logger,
  type ModelRequestedEvent,
  type ModelRespondedEvent,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RunFinishedEvent,
  type RunStartedEvent,
  type ToolFinishedEvent,
  type ToolStartedEvent,
  BoundedMap,
} from '@agent-studio/core';
import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { injectable } from 'inversify';
import { observeEvents } from './observeEvents.js';
import type { TracingOptions } from './TracingOptions.js';

/** The spans of one run in flight. */
interface RunTrace {
  readonly span: Span;
  readonly context: Context;
  readonly provider: string;
  readonly models: Map<number, Span>;
  readonly tools: Map<string, Span>;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Turns runtime events into OpenTelemetry spans that follow the GenAI semantic conventions:
 * `invoke_agent {agent}` for a run, with `chat {model}` children for model calls and
 * `execute_tool {action}` children for tool calls; plugin and runtime decisions become span events.
 *
 * It uses `@opentelemetry/api` only, so without an SDK every span is a no-op. It records ids, names,
 * codes, counts and durations, never content: no prompt, message, reply, tool arguments or result,
 * rationale or decision reason (R-ACT-LOG-1). A failing tracer is caught and logged by error name;
 * it never changes a run.
 * @category Observability
 */
@injectable()
export class TracingPlugin implements AgentPlugin {
  /** The instrumentation scope name of the tracer. */
  static readonly tracerName = '@agent-studio/observability';
  /** The manifest: default priority, fail-open, no hooks. */
  readonly manifest: PluginManifest = {
    name: 'tracing',
    version: '0.1.0',
    priority: PluginPriority.Default,
    failureMode: 'open',
    coreRange: '^0.1.0',
  };
  readonly #tracer: Tracer;
  readonly #captureDecisions: boolean;
  readonly #runs: BoundedMap<string, RunTrace>;
  #unsubscribe: (() => void) | undefined;

  /**
   * @param options - the parsed options
   */
  constructor(@$inject('observability.TracingOptions') options: TracingOptions) {
    this.#tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TracingPlugin.tracerName);
    this.#captureDecisions = options.captureDecisions;
    this.#runs = new BoundedMap(options.maxOpenRuns, (_runId, run) => endRun(run, 'RUN_EVICTED'));
  }

  /**
   * Subscribes to the runtime's events.
   * @param api - the setup API
   */
  setup(api: PluginSetupApi): void {
    this.#unsubscribe?.();
    const logger: Logger = api.logger;
    this.#unsubscribe = observeEvents(
      api.events,
      {
        'run:started': (e) => this.#runStarted(e),
        'run:finished': (e) => this.#runFinished(e),
        'model:requested': (e) => this.#modelRequested(e),
        'model:responded': (e) => this.#modelResponded(e),
        'tool:started': (e) => this.#toolStarted(e),
        'tool:finished': (e) => this.#toolFinished(e),
        ...(this.#captureDecisions
          ? { 'hook:decision': (e: HookDecisionEvent) => this.#hookDecision(e), 'decision:recorded': (e: DecisionRecordedEvent) => this.#decisionRecorded(e) }
          : {}),
      },
      this.manifest.name,
      logger,
    );
  }

  /** Unsubscribes and ends the spans of runs still open. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#runs.drain((_runId, run) => endRun(run, 'RUN_ABANDONED'));
  }

  #runStarted(e: RunStartedEvent): void {
    const previous = this.#runs.take(e.runId);
    if (previous) endRun(previous, 'RUN_RESTARTED');
    const span = this.#tracer.startSpan(`invoke_agent ${e.agent}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': e.agent,
        'gen_ai.provider.name': e.provider,
        'gen_ai.request.model': e.model,
        'agent_studio.run.id': e.runId,
        'agent_studio.tenant.id': e.tenantId,
        'agent_studio.surface': e.surface,
        'agent_studio.run.resumed': e.resumed,
      },
    });
    const ctx = trace.setSpan(context.active(), span);
    this.#runs.set(e.runId, { span, context: ctx, provider: e.provider, models: new Map(), tools: new Map(), inputTokens: 0, outputTokens: 0 });
  }

  #runFinished(e: RunFinishedEvent): void {
    const run = this.#runs.take(e.runId);
    if (!run) return;
    run.span.setAttributes({
      'agent_studio.run.status': e.status,
      'gen_ai.usage.input_tokens': run.inputTokens,
      'gen_ai.usage.output_tokens': run.outputTokens,
    });
    const failed = e.status === 'failed' || e.status === 'blocked';
    const code = e.errorCode ?? (failed ? e.status.toUpperCase() : undefined);
    if (failed && code !== undefined) {
      run.span.setAttribute('error.type', code);
      run.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
    }
    endRun(run, code ?? 'RUN_ENDED');
  }

  #modelRequested(e: ModelRequestedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    run.models.get(e.turn)?.end();
    const span = this.#tracer.startSpan(
      `chat ${e.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': run.provider,
          'gen_ai.request.model': e.model,
          'agent_studio.turn': e.turn,
          'agent_studio.request.messages': e.messages,
          'agent_studio.request.tools': e.tools,
        },
      },
      run.context,
    );
    run.models.set(e.turn, span);
  }

  #modelResponded(e: ModelRespondedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const input = count(e.usage.prompt_tokens);
    const output = count(e.usage.completion_tokens);
    run.inputTokens += input;
    run.outputTokens += output;
    const span = run.models.get(e.turn);
    if (!span) return;
    run.models.delete(e.turn);
    span.setAttributes({
      'gen_ai.response.model': e.model,
      'gen_ai.response.finish_reasons': e.finishReason === null ? [] : [e.finishReason],
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'agent_studio.response.tool_calls': e.toolCalls.length,
    });
    span.end();
  }

  #toolStarted(e: ToolStartedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    run.tools.get(e.callId)?.end();
    const span = this.#tracer.startSpan(
      `execute_tool ${e.action}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': e.action,
          'gen_ai.tool.call.id': e.callId,
          'gen_ai.tool.type': 'function',
          'agent_studio.turn': e.turn,
        },
      },
      run.context,
    );
    run.tools.set(e.callId, span);
  }

  #toolFinished(e: ToolFinishedEvent): void {
    const run = this.#runs.get(e.runId);
    const span = run?.tools.get(e.callId);
    if (!run || !span) return;
    run.tools.delete(e.callId);
    if (!e.result.ok) {
      span.setAttribute('error.type', e.result.errorCode);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.result.errorCode });
    }
    span.end();
  }

  #hookDecision(e: HookDecisionEvent): void {
    if (e.decision === 'continue') return;
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const target = (e.callId === undefined ? undefined : run.tools.get(e.callId)) ?? run.span;
    target.addEvent('agent_studio.decision', {
      'agent_studio.plugin': e.plugin,
      'agent_studio.hook': e.hook,
      'agent_studio.decision': e.decision,
      ...(e.code === undefined ? {} : { 'agent_studio.decision.code': e.code }),
    });
  }

  #decisionRecorded(e: DecisionRecordedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const target = (e.callId === undefined ? undefined : run.tools.get(e.callId)) ?? run.span;
    target.addEvent('agent_studio.runtime_decision', {
      'agent_studio.decision.kind': e.kind,
      ...(e.callId === undefined ? {} : { 'gen_ai.tool.call.id': e.callId }),
    });
  }
}

/** Ends a run's open child spans with status ERROR, then the run span itself. */
function endRun(run: RunTrace, code: string): void {
  for (const span of [...run.models.values(), ...run.tools.values()]) {
    span.setAttribute('error.type', code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: code });
    span.end();
  }
  run.models.clear();
  run.tools.clear();
  run.span.end();
}

/** A token count as a finite non-negative number (0 when absent). */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
