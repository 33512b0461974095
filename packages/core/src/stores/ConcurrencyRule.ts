import { z } from 'zod';

/**
 * One concurrency limit, as {@link ConcurrencyLimiter.acquire} applies it: at most `limit` leases
 * of a key at once; a lease not released within `leaseMs` (its holder crashed) frees itself.
 * @category Stores
 */
export const ConcurrencyRuleSchema = z.strictObject({
  /** The slots per key (at least 1). */
  limit: z.number().int().min(1),
  /** How long a lease lives unless released (ms, at least 1). Longer than the longest run. */
  leaseMs: z.number().int().min(1),
});

/**
 * One concurrency limit; see {@link ConcurrencyRuleSchema}.
 * @category Stores
 */
export type ConcurrencyRule = z.infer<typeof ConcurrencyRuleSchema>;
