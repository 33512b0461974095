import type { AgentStudioError } from '../errors/AgentStudioError.js';
import type { ErrorCode } from '../errors/ErrorCodes.js';
import type { RuntimeEvents } from '../events/RuntimeEvents.js';
import type { ActionResult } from '../runtime/ActionResult.js';
import type { ToolCall } from '../schemas/messages.js';
import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse } from '../schemas/response.js';
import type { AgentPlugin } from './AgentPlugin.js';
import type { ModelCallContext, ModelResultContext, RunContext, ToolCallContext, ToolResultContext } from './HookContexts.js';
import type { ApprovalRequest, HookDecision } from './HookDecision.js';
import { deepFreeze } from '../internal/deepFreeze.js';
import { raceSignalAndTimeout } from '../internal/raceAbort.js';

/**
 * The names of the deciding hooks.
 * @category Plugins
 */
export type HookName = 'beforeModelCall' | 'afterModelCall' | 'beforeToolCall' | 'afterToolCall';

/**
 * The outcome of a hook chain.
 * @category Plugins
 */
export type PipelineOutcome<TContext> = PipelineContinued<TContext> | PipelineBlocked | PipelineSuspended;

/**
 * Every hook let the call go on.
 * @category Plugins
 */
export interface PipelineContinued<TContext> {
  /** Always `continue`. */
  readonly type: 'continue';
  /** The context after every `replace`. */
  readonly ctx: TContext;
}

/**
 * A hook blocked the call (or a fail-closed hook threw).
 * @category Plugins
 */
export interface PipelineBlocked {
  /** Always `block`. */
  readonly type: 'block';
  /** The plugin that blocked. */
  readonly plugin: string;
  /** The error code. */
  readonly code: ErrorCode;
  /** Why. */
  readonly reason: string;
  /** What the model is told, if the plugin said. */
  readonly modelMessage: string | undefined;
  /** The reply the run ends with, when a `beforeModelCall` hook gave one (see `BlockDecision.reply`). */
  readonly reply: string | undefined;
}

/**
 * A hook suspended the call for a person.
 * @category Plugins
 */
export interface PipelineSuspended {
  /** Always `suspend`. */
  readonly type: 'suspend';
  /** The plugin that suspended. */
  readonly plugin: string;
  /** What the call waits for. */
  readonly approval: ApprovalRequest;
}

type Hooked<TContext, TValue> = (ctx: TContext) => HookDecision<TValue> | Promise<HookDecision<TValue>>;

interface ChainEntry<TContext, TValue> {
  readonly name: string;
  readonly failureMode: 'closed' | 'open';
  readonly plugin: AgentPlugin;
  readonly fn: Hooked<TContext, TValue>;
}

interface Chain<TContext, TValue> {
  readonly hook: HookName;
  readonly entries: readonly ChainEntry<TContext, TValue>[];
}

/**
 * Runs plugin hooks in order (STYLE §2.4): `before*` highest priority first, `after*` in reverse;
 * sequential and awaited; `replace` feeds the next hook; the first `block` or `suspend` stops the
 * chain; a throwing hook blocks with `PLUGIN_HOOK_FAILED` unless its plugin's failure mode is
 * `open`, in which case it is skipped. Every decision is emitted as `hook:decision` with its
 * duration. A plugin that does not implement a hook is never called for it.
 * @category Plugins
 */
export class HookPipeline {
  readonly #events: RuntimeEvents;
  readonly #beforeModel: Chain<ModelCallContext, ChatCompletionRequest>;
  readonly #afterModel: Chain<ModelResultContext, ChatCompletionResponse>;
  readonly #beforeTool: Chain<ToolCallContext, ToolCall>;
  readonly #afterTool: Chain<ToolResultContext, ActionResult>;
  /** The plugins, in run order. */
  readonly plugins: readonly AgentPlugin[];

  readonly #hookTimeoutMs: number;

  /**
   * @param sorted - plugins already validated and sorted by {@link validatePlugins}
   * @param events - where decisions are emitted
   * @param hookTimeoutMs - how long one hook may take before it counts as failed (default 10 s)
   */
  constructor(sorted: readonly AgentPlugin[], events: RuntimeEvents, hookTimeoutMs = 10_000) {
    this.plugins = Object.freeze([...sorted]);
    this.#events = events;
    this.#hookTimeoutMs = hookTimeoutMs;
    const reversed = [...sorted].reverse();
    this.#beforeModel = chain(sorted, 'beforeModelCall');
    this.#afterModel = chain(reversed, 'afterModelCall');
    this.#beforeTool = chain(sorted, 'beforeToolCall');
    this.#afterTool = chain(reversed, 'afterToolCall');
  }

  /**
   * Runs `beforeModelCall` hooks.
   * @param ctx - the context
   * @returns the outcome; on `continue`, the context carries the (possibly replaced) request
   */
  runBeforeModelCall(ctx: ModelCallContext): Promise<PipelineOutcome<ModelCallContext>> {
    return this.#run(this.#beforeModel, ctx, (c, request) => ({ ...c, request }));
  }

  /**
   * Runs `afterModelCall` hooks (reverse order).
   * @param ctx - the context
   * @returns the outcome; on `continue`, the context carries the (possibly replaced) response
   */
  runAfterModelCall(ctx: ModelResultContext): Promise<PipelineOutcome<ModelResultContext>> {
    return this.#run(this.#afterModel, ctx, (c, response) => ({ ...c, response }));
  }

  /**
   * Runs `beforeToolCall` hooks.
   * @param ctx - the context
   * @param derive - rebuilds the context when a hook replaces the call (re-reads the arguments)
   * @returns the outcome; on `continue`, the context carries the (possibly replaced) call
   */
  runBeforeToolCall(ctx: ToolCallContext, derive: (ctx: ToolCallContext, call: ToolCall) => ToolCallContext): Promise<PipelineOutcome<ToolCallContext>> {
    return this.#run(this.#beforeTool, ctx, derive);
  }

  /**
   * Runs `afterToolCall` hooks (reverse order).
   * @param ctx - the context
   * @returns the outcome; on `continue`, the context carries the (possibly replaced) result
   */
  runAfterToolCall(ctx: ToolResultContext): Promise<PipelineOutcome<ToolResultContext>> {
    return this.#run(this.#afterTool, ctx, (c, result) => ({ ...c, result }));
  }

  /**
   * Calls every plugin's `onRunError`; failures there are swallowed (it reports, never decides).
   * @param ctx - the run context
   * @param error - the error
   */
  async runOnRunError(ctx: RunContext, error: AgentStudioError): Promise<void> {
    for (const plugin of this.plugins) {
      if (!plugin.onRunError) continue;
      try {
        await plugin.onRunError(ctx, error);
      } catch {
        ctx.logger.warn({ plugin: plugin.manifest.name, runId: ctx.runId }, 'onRunError hook threw; ignored');
      }
    }
  }

  async #run<TContext extends RunContext, TValue>(
    chainDef: Chain<TContext, TValue>,
    initial: TContext,
    derive: (ctx: TContext, value: TValue) => TContext,
  ): Promise<PipelineOutcome<TContext>> {
    let ctx = Object.freeze(initial);
    for (const { name, failureMode, plugin, fn } of chainDef.entries) {
      const started = performance.now();
      let decision: HookDecision<TValue> | undefined;
      let failed = false;
      let next: TContext | undefined;
      try {
        decision = await this.#call(plugin, fn, ctx);
        if (!isDecision(decision)) failed = true;
        else if (decision.type === 'replace') next = Object.freeze(derive(ctx, decision.value));
      } catch {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        failed = true;
      }
      const durationMs = performance.now() - started;
      if (failed) {
        if (failureMode === 'open') {
          this.#emit(ctx, name, chainDef.hook, 'skipped', durationMs, 'PLUGIN_HOOK_FAILED', 'hook failed; plugin is fail-open');
          ctx.logger.warn({ plugin: name, hook: chainDef.hook, runId: ctx.runId }, 'fail-open plugin hook failed; skipped');
          continue;
        }
        const reason = `plugin "${name}" failed in ${chainDef.hook}; blocked because it is fail-closed`;
        this.#emit(ctx, name, chainDef.hook, 'block', durationMs, 'PLUGIN_HOOK_FAILED', reason);
        ctx.logger.error({ plugin: name, hook: chainDef.hook, runId: ctx.runId }, 'fail-closed plugin hook failed; blocked');
        return { type: 'block', plugin: name, code: 'PLUGIN_HOOK_FAILED', reason, modelMessage: undefined, reply: undefined };
      }
      const d = decision as HookDecision<TValue>;
      switch (d.type) {
        case 'continue':
          this.#emit(ctx, name, chainDef.hook, 'continue', durationMs);
          break;
        case 'replace':
          this.#emit(ctx, name, chainDef.hook, 'replace', durationMs, undefined, d.note);
          ctx = next as TContext;
          break;
        case 'block':
          this.#emit(ctx, name, chainDef.hook, 'block', durationMs, d.code, d.reason);
          return { type: 'block', plugin: name, code: d.code, reason: d.reason, modelMessage: d.modelMessage, reply: d.reply };
        case 'suspend':
          this.#emit(ctx, name, chainDef.hook, 'suspend', durationMs, undefined, d.approval.reason);
          return { type: 'suspend', plugin: name, approval: deepFreeze({ ...d.approval }) };
      }
    }
    return { type: 'continue', ctx };
  }

  /** Calls one hook, racing it against the run's signal and the hook timeout. */
  #call<TContext extends RunContext, TValue>(plugin: AgentPlugin, fn: Hooked<TContext, TValue>, ctx: TContext): HookDecision<TValue> | Promise<HookDecision<TValue>> {
    ctx.signal.throwIfAborted();
    const out = fn.call(plugin, ctx);
    if (!(out instanceof Promise)) return out;
    return raceSignalAndTimeout(out, ctx.signal, this.#hookTimeoutMs);
  }

  #emit(
    ctx: RunContext,
    plugin: string,
    hook: HookName,
    decision: 'continue' | 'replace' | 'block' | 'suspend' | 'skipped',
    durationMs: number,
    code?: string,
    reason?: string,
  ): void {
    if (this.#events.listenerCount('hook:decision') === 0) return;
    const callId = (ctx as Partial<ToolCallContext>).call?.id;
    try {
      this.#events.emit('hook:decision', {
      runId: ctx.runId,
      turn: ctx.turn,
      plugin,
      hook,
      decision,
      durationMs,
      ...(code === undefined ? {} : { code }),
      ...(reason === undefined ? {} : { reason }),
      ...(callId === undefined ? {} : { callId }),
      });
    } catch {
      ctx.logger.warn({ runId: ctx.runId, plugin }, 'a hook:decision listener threw; ignored');
    }
  }
}

function chain<TContext, TValue>(plugins: readonly AgentPlugin[], hook: HookName): Chain<TContext, TValue> {
  const entries: ChainEntry<TContext, TValue>[] = [];
  for (const plugin of plugins) {
    const fn = plugin[hook] as unknown as Hooked<TContext, TValue> | undefined;
    // the name and failure mode are captured now: changing a manifest later changes nothing
    if (typeof fn === 'function') entries.push(Object.freeze({ name: plugin.manifest.name, failureMode: plugin.manifest.failureMode, plugin, fn }));
  }
  return Object.freeze({ hook, entries: Object.freeze(entries) });
}

function isDecision(value: unknown): value is HookDecision<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as { type?: unknown; code?: unknown; reason?: unknown; approval?: unknown; reply?: unknown };
  switch (d.type) {
    case 'continue':
      return true;
    case 'replace':
      return 'value' in d;
    case 'block':
      return typeof d.code === 'string' && typeof d.reason === 'string' && (d.reply === undefined || typeof d.reply === 'string');
    case 'suspend':
      return typeof d.approval === 'object' && d.approval !== null;
    default:
      return false;
  }
}
