import type { RateLimitRule } from './RateLimitRule.js';

/**
 * What {@link RateLimiter.consume} decided.
 * @category Stores
 */
export interface RateLimitDecision {
  /** Whether the call may go ahead; when false, nothing was consumed. */
  readonly allowed: boolean;
  /** The units left in the current window after this call. */
  readonly remaining: number;
  /** When refused, how long to wait before this call can be allowed (ms, > 0); 0 when allowed. */
  readonly retryAfterMs: number;
  /** When the units used so far will all be released (epoch ms). */
  readonly resetAt: number;
}

/**
 * Counts units per key in time windows (R-RATE-1/2). A key is usually a tenant plus a resource,
 * e.g. `'acme:chat'`; keys are fully isolated, so one tenant exhausting its budget leaves every
 * other key untouched.
 *
 * @remarks
 * Implementations may use a fixed or a sliding window, but must: allow exactly `limit` units per
 * window; refuse without consuming, with `retryAfterMs > 0`, once the budget is spent; allow again
 * after `retryAfterMs`; and stay exact under concurrent calls. Turn a refusal into HTTP 429 with
 * `Retry-After: ceil(retryAfterMs / 1000)`.
 * @category Stores
 */
export interface RateLimiter {
  /**
   * Consumes `cost` units of a key's budget if they are available.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit, the window and the cost (default 1)
   * @returns whether the call is allowed, what is left, and when to retry
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key is empty or the rule is not
   *   valid (including a cost above the limit)
   */
  consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
}
