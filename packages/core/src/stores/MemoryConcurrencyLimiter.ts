import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConcurrencyDecision, ConcurrencyLimiter } from './ConcurrencyLimiter.js';
import { type ConcurrencyRule, ConcurrencyRuleSchema } from './ConcurrencyRule.js';
import { parseStoreInput } from './parseStoreInput.js';
import { clockOption, readClock } from './readClock.js';

const KeySchema = z.string().min(1);
const LeaseIdSchema = z.string().min(1);
/** Every this many acquires, keys whose leases have all expired are dropped from memory. */
const PURGE_EVERY = 1024;

/**
 * Options of {@link MemoryConcurrencyLimiter}.
 * @category Stores
 */
export interface MemoryConcurrencyLimiterOptions {
  /** Returns the current time in epoch ms; defaults to `Date.now`. */
  readonly clock?: () => number;
}

/**
 * A {@link ConcurrencyLimiter} in process memory: per key, the live leases and when each expires.
 * A lease expires `leaseMs` after it was taken, by the injected clock; no timer runs.
 *
 * @remarks
 * Expired leases are dropped when their key is next used, and keys left with no lease every
 * thousand acquires (or by {@link MemoryConcurrencyLimiter.purgeExpired}). Being in one process, it
 * only limits one instance; share a limiter between instances to enforce one limit per tenant.
 *
 * @example
 * ```ts
 * const limiter = new MemoryConcurrencyLimiter();
 * const slot = await limiter.acquire(`${tenantId}:runs`, { limit: 4, leaseMs: 10 * 60_000 });
 * if (!slot.allowed || slot.leaseId === undefined) return reply(429);
 * try {
 *   await runtime.run(request);
 * } finally {
 *   await limiter.release(`${tenantId}:runs`, slot.leaseId);
 * }
 * ```
 * @category Stores
 */
export class MemoryConcurrencyLimiter implements ConcurrencyLimiter {
  readonly #leases = new Map<string, Map<string, number>>();
  readonly #clock: () => number;
  #acquires = 0;

  /**
   * @param options - the clock
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `options.clock` is not a function
   */
  constructor(options: MemoryConcurrencyLimiterOptions = {}) {
    this.#clock = clockOption(options.clock, MemoryConcurrencyLimiter.name);
  }

  /**
   * Takes a slot of a key if one is free.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit and the lease's lifetime
   * @returns whether a slot was taken, and its lease
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key or the rule is not valid
   */
  async acquire(key: string, rule: ConcurrencyRule): Promise<ConcurrencyDecision> {
    const name = parseStoreInput(KeySchema, key, 'concurrency key');
    const { limit, leaseMs } = parseStoreInput(ConcurrencyRuleSchema, rule, 'concurrency rule');
    const now = readClock(this.#clock);
    if (++this.#acquires % PURGE_EVERY === 0) this.#purge(now);
    const leases = this.#live(name, now) ?? new Map<string, number>();
    if (leases.size >= limit) return { allowed: false, active: leases.size };
    const leaseId = randomUUID();
    leases.set(leaseId, now + leaseMs);
    this.#leases.set(name, leases);
    return { allowed: true, leaseId, active: leases.size };
  }

  /**
   * Gives a slot back; releasing an unknown or expired lease is not an error.
   * @param key - the key the lease was taken on
   * @param leaseId - the lease
   * @returns when released
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key or the lease id is empty
   */
  async release(key: string, leaseId: string): Promise<void> {
    const name = parseStoreInput(KeySchema, key, 'concurrency key');
    const id = parseStoreInput(LeaseIdSchema, leaseId, 'lease id');
    const leases = this.#leases.get(name);
    if (leases === undefined) return;
    leases.delete(id);
    if (leases.size === 0) this.#leases.delete(name);
  }

  /**
   * Drops every expired lease, and every key left with none, from memory now.
   * @returns how many leases were dropped
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the clock returns something that is not
   *   a finite number
   */
  purgeExpired(): number {
    return this.#purge(readClock(this.#clock));
  }

  /** The key's leases without the expired ones, or `undefined` when none is left. */
  #live(key: string, now: number): Map<string, number> | undefined {
    const leases = this.#leases.get(key);
    if (leases === undefined) return undefined;
    for (const [id, expiresAt] of leases) if (now >= expiresAt) leases.delete(id);
    if (leases.size > 0) return leases;
    this.#leases.delete(key);
    return undefined;
  }

  #purge(now: number): number {
    let dropped = 0;
    for (const [key, leases] of this.#leases) {
      const before = leases.size;
      dropped += before - (this.#live(key, now)?.size ?? 0);
    }
    return dropped;
  }
}
