import { z } from 'zod';
import { parseStoreInput } from './parseStoreInput.js';
import type { RateLimitDecision, RateLimiter } from './RateLimiter.js';
import { type RateLimitRule, RateLimitRuleSchema } from './RateLimitRule.js';
import { clockOption, readClock } from './readClock.js';

const KeySchema = z.string().min(1);
/** Every this many calls, finished windows are dropped from memory. */
const PURGE_EVERY = 1024;

interface Window {
  readonly resetAt: number;
  used: number;
}

/**
 * Options of {@link MemoryRateLimiter}.
 * @category Stores
 */
export interface MemoryRateLimiterOptions {
  /** Returns the current time in epoch ms; defaults to `Date.now`. */
  readonly clock?: () => number;
}

/**
 * A {@link RateLimiter} in process memory with a fixed window per key: the window opens at the key's
 * first consumption and lasts `windowMs`; when it ends, the whole budget is back. This is what a
 * Redis `INCRBY` plus `PEXPIRE … NX` gives, so a shared implementation can behave the same way.
 *
 * @remarks
 * A fixed window allows up to twice `limit` across a window boundary; use short windows where that
 * matters. Memory holds one small entry per active key; finished windows are dropped on the key's
 * next call and every thousand calls. Being in one process, it only limits one instance; share a
 * store between instances to enforce one budget (R-RATE-2).
 *
 * @example
 * ```ts
 * const limiter = new MemoryRateLimiter();
 * const decision = await limiter.consume(`${tenantId}:chat`, { limit: 60, windowMs: 60_000 });
 * if (!decision.allowed) reply(429, { 'Retry-After': Math.ceil(decision.retryAfterMs / 1000) });
 * ```
 * @category Stores
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #clock: () => number;
  #calls = 0;

  /**
   * @param options - the clock
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `options.clock` is not a function
   */
  constructor(options: MemoryRateLimiterOptions = {}) {
    this.#clock = clockOption(options.clock, MemoryRateLimiter.name);
  }

  /**
   * Consumes `cost` units of a key's budget if they are available.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit, the window and the cost (default 1)
   * @returns whether the call is allowed, what is left, and when to retry
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key is empty or the rule is not
   *   valid (including a cost above the limit)
   */
  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const name = parseStoreInput(KeySchema, key, 'rate-limit key');
    const { limit, windowMs, cost = 1 } = parseStoreInput(RateLimitRuleSchema, rule, 'rate-limit rule');
    const now = readClock(this.#clock);
    if (++this.#calls % PURGE_EVERY === 0) this.#purge(now);
    let window = this.#windows.get(name);
    if (window === undefined || now >= window.resetAt) {
      window = { resetAt: now + windowMs, used: 0 };
      if (cost > 0) this.#windows.set(name, window);
      else this.#windows.delete(name);
    }
    if (window.used + cost <= limit) {
      window.used += cost;
      return { allowed: true, remaining: Math.max(0, limit - window.used), retryAfterMs: 0, resetAt: window.resetAt };
    }
    return { allowed: false, remaining: Math.max(0, limit - window.used), retryAfterMs: window.resetAt - now, resetAt: window.resetAt };
  }

  /**
   * Drops every finished window from memory now.
   * @returns how many keys were dropped
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the clock returns something that is not
   *   a finite number
   */
  purgeExpired(): number {
    return this.#purge(readClock(this.#clock));
  }

  #purge(now: number): number {
    let dropped = 0;
    for (const [key, window] of this.#windows) {
      if (now >= window.resetAt) {
        this.#windows.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
