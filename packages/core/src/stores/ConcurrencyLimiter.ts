import type { ConcurrencyRule } from './ConcurrencyRule.js';

/**
 * What {@link ConcurrencyLimiter.acquire} decided.
 * @category Stores
 */
export interface ConcurrencyDecision {
  /** Whether a slot was taken. */
  readonly allowed: boolean;
  /** The lease to release when the work ends, when allowed. */
  readonly leaseId?: string;
  /** How many slots of the key are held after this call. */
  readonly active: number;
}

/**
 * Counts work in flight per key (R-RATE-1 concurrent executions, R-BLAST-1): a tenant may hold at
 * most `limit` slots at once. Leases expire by themselves, so a process that dies holding one does
 * not lock its tenant out.
 *
 * @remarks
 * Implementations must stay exact under concurrent calls (of `limit + n` simultaneous acquires,
 * exactly `limit` succeed), keep keys isolated, and make `release` idempotent.
 * @category Stores
 */
export interface ConcurrencyLimiter {
  /**
   * Takes a slot of a key if one is free.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit and the lease's lifetime
   * @returns whether a slot was taken, and its lease
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key or the rule is not valid
   */
  acquire(key: string, rule: ConcurrencyRule): Promise<ConcurrencyDecision>;
  /**
   * Gives a slot back; releasing an unknown or expired lease is not an error.
   * @param key - the key the lease was taken on
   * @param leaseId - the lease
   * @returns when released
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the key or the lease id is empty
   */
  release(key: string, leaseId: string): Promise<void>;
}
