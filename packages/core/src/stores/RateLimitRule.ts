import { z } from 'zod';

/**
 * One rate limit, as {@link RateLimiter.consume} applies it: at most `limit` units per `windowMs`,
 * and this call costs `cost` units.
 * @category Stores
 */
export const RateLimitRuleSchema = z
  .strictObject({
    /** The units allowed per window (at least 1). */
    limit: z.number().int().min(1),
    /** The window's length (ms, at least 1). */
    windowMs: z.number().int().min(1),
    /** What this call costs (0 only checks; default 1; at most `limit`). */
    cost: z.number().int().min(0).optional(),
  })
  .refine((rule) => (rule.cost ?? 1) <= rule.limit, { message: 'cost must not exceed limit: such a call could never be allowed', path: ['cost'] });

/**
 * One rate limit; see {@link RateLimitRuleSchema}.
 * @category Stores
 */
export type RateLimitRule = z.infer<typeof RateLimitRuleSchema>;
