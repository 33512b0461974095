import {
  $inject,
  type ActionResult,
  type AgentPlugin,
  createContextKey,
  decide,
  type HookDecision,
  type PluginManifest,
  PluginPriority,
  type ToolCall,
  type ToolCallContext,
  type ToolResultContext,
} from '@agent-studio/core';
import { injectable } from 'inversify';
import type { SpendLimitOptions } from './SpendLimitOptions.js';

declare module '@agent-studio/core' {
  // the plugin's own error code, typed everywhere an ErrorCode is (decide.block, AgentStudioError.hasCode)
  interface ErrorCodes {
    /** A tool call would spend more than the spend-limit plugin allows, per call or per run. */
    SPEND_LIMIT_EXCEEDED: true;
  }
}

/** What the calls of this run have spent so far, per action (the run's own scratch, never shared). */
const SPENT = createContextKey<Map<string, number>>('spendLimit.spent');

function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * Blocks a tool call whose amount is above the action's limit, per call or in total for the run,
 * before the action runs. It fails closed: a limited action called without a numeric amount is
 * blocked too, and a hook that throws counts as a block.
 *
 * @remarks Priority 550: after identity, sharing and field security (which may rewrite the
 * arguments), before approvals, so that nobody is asked to approve a call that cannot run.
 */
@injectable()
export class SpendLimitPlugin implements AgentPlugin {
  /** The manifest: kebab-case name, semver version, priority, failure mode, and the core it was built for. */
  readonly manifest: PluginManifest = Object.freeze({
    name: 'spend-limit',
    version: '0.1.0',
    priority: PluginPriority.Approvals + 50,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  });
  readonly #options: SpendLimitOptions;

  /**
   * @param options - the validated options (an explicit `@inject`: no reflection metadata needed)
   */
  constructor(@$inject('spendLimit.Options') options: SpendLimitOptions) {
    this.#options = options;
  }

  /**
   * Blocks a call above its per-call limit, or one that would take the run above its per-run limit.
   * @param ctx - the tool call (read only)
   * @returns `continue`, or `block` with `SPEND_LIMIT_EXCEEDED`
   */
  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> {
    const limit = this.#options.limits[ctx.action.name];
    if (!limit) return decide.continue();
    const amount = ctx.args[limit.argument];
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
      return decide.block('SPEND_LIMIT_EXCEEDED', `${ctx.action.name} has no numeric "${limit.argument}", so its spend cannot be checked`);
    }
    if (amount > limit.maxPerCall) {
      return decide.block(
        'SPEND_LIMIT_EXCEEDED',
        `${ctx.action.name}: ${amount} cents is above the per-call limit of ${limit.maxPerCall}`,
        `The amount ${formatCents(amount)} is above the limit of ${formatCents(limit.maxPerCall)} per call. Offer at most ${formatCents(limit.maxPerCall)}, or ask a manager.`,
      );
    }
    const spent = ctx.bag.get(SPENT)?.get(ctx.action.name) ?? 0;
    if (limit.maxPerRun !== undefined && spent + amount > limit.maxPerRun) {
      return decide.block(
        'SPEND_LIMIT_EXCEEDED',
        `${ctx.action.name}: ${spent} + ${amount} cents is above the per-run limit of ${limit.maxPerRun}`,
        `This conversation has already used ${formatCents(spent)} of its ${formatCents(limit.maxPerRun)} limit; ${formatCents(amount)} more is not allowed.`,
      );
    }
    return decide.continue();
  }

  /**
   * Counts what a successful limited call spent, in the run's scratch (`ctx.bag`), never in `ctx`.
   * @param ctx - the tool call and its result
   * @returns always `continue`
   */
  afterToolCall(ctx: ToolResultContext): HookDecision<ActionResult> {
    const limit = this.#options.limits[ctx.action.name];
    const amount = limit ? ctx.args[limit.argument] : undefined;
    if (ctx.result.ok && typeof amount === 'number') {
      const spent = ctx.bag.get(SPENT) ?? new Map<string, number>();
      spent.set(ctx.action.name, (spent.get(ctx.action.name) ?? 0) + amount);
      ctx.bag.set(SPENT, spent);
    }
    return decide.continue();
  }
}
