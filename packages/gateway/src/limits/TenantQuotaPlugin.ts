import {
  type AgentPlugin,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
  decide,
  type HookDecision,
  type ModelCallContext,
  type ModelResultContext,
  type PluginManifest,
  type RateLimiter,
} from '@agent-studio/core';
import { type LimitsConfig, limitsFor } from '../config/LimitsConfig.js';

/**
 * The priority of {@link TenantQuotaPlugin}: after identity (1000), before prompt safety (900), so a
 * tenant over budget spends nothing more on screening or on the model.
 * @category Gateway
 */
export const TENANT_QUOTA_PRIORITY = 950;

/**
 * Counts every model call and its tokens against the tenant's budgets (R-RATE-1): `modelCalls`
 * and `tokens` per window, in the shared rate-limit store, so every instance spends one budget.
 *
 * @remarks
 * - Before each model call it takes one call and one token from the budgets; a spent budget blocks
 *   the call with `TENANT_RATE_LIMITED` (the gateway answers 429 with `Retry-After`).
 * - After the call it charges the tokens the provider reported; a call that overdraws empties the
 *   budget, so the next call waits for the refill.
 * - Synthetic traffic (the health canary) is never counted (R-HEALTH-2).
 * - Fail closed: a budget store that cannot be reached blocks the call.
 * @category Gateway
 */
export class TenantQuotaPlugin implements AgentPlugin {
  /** The manifest: fail-closed, priority {@link TENANT_QUOTA_PRIORITY}. */
  readonly manifest: PluginManifest = {
    name: 'tenant-quota',
    version: '0.1.0',
    priority: TENANT_QUOTA_PRIORITY,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #limiter: RateLimiter;
  readonly #limits: LimitsConfig;

  /**
   * @param limiter - the shared rate-limit store
   * @param limits - the tenants' limits
   */
  constructor(limiter: RateLimiter, limits: LimitsConfig) {
    this.#limiter = limiter;
    this.#limits = limits;
  }

  /**
   * Takes one model call and one token from the tenant's budgets, or blocks.
   * @param ctx - the model call
   * @returns continue, or block with `TENANT_RATE_LIMITED`
   */
  async beforeModelCall(ctx: ModelCallContext): Promise<HookDecision<ChatCompletionRequest>> {
    if (ctx.access.synthetic) return decide.continue();
    const limits = limitsFor(this.#limits, ctx.access.tenantId);
    const calls = await this.#limiter.consume(`${ctx.access.tenantId}:model-calls`, { limit: limits.modelCalls, windowMs: limits.windowMs });
    if (!calls.allowed) return decide.block('TENANT_RATE_LIMITED', `the tenant's model-call budget (${limits.modelCalls} per ${limits.windowMs / 1000} s) is spent`);
    const tokens = await this.#limiter.consume(`${ctx.access.tenantId}:tokens`, { limit: limits.tokens, windowMs: limits.windowMs });
    if (!tokens.allowed) return decide.block('TENANT_RATE_LIMITED', `the tenant's token budget (${limits.tokens} per ${limits.windowMs / 1000} s) is spent`);
    return decide.continue();
  }

  /**
   * Charges the tokens the call used (less the one taken before it).
   * @param ctx - the model call and its usage
   * @returns continue (the response is not changed)
   */
  async afterModelCall(ctx: ModelResultContext): Promise<HookDecision<ChatCompletionResponse>> {
    if (ctx.access.synthetic) return decide.continue();
    const limits = limitsFor(this.#limits, ctx.access.tenantId);
    const used = Math.max(0, Math.trunc(ctx.usage.total_tokens ?? 0) - 1);
    if (used === 0) return decide.continue();
    const key = `${ctx.access.tenantId}:tokens`;
    const rule = { limit: limits.tokens, windowMs: limits.windowMs };
    const charged = await this.#limiter.consume(key, { ...rule, cost: Math.min(used, limits.tokens) });
    // overdrawn: take what is left, so the next call waits for the refill
    if (!charged.allowed && charged.remaining > 0) await this.#limiter.consume(key, { ...rule, cost: charged.remaining });
    return decide.continue();
  }
}
