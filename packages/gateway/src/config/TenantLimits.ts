import { z } from 'zod';

/**
 * A tenant's limits (R-RATE-1, R-RATE-2, R-BLAST-1). Every window is `windowMs` long; budgets are
 * token buckets shared by every gateway instance through the rate-limit store.
 * @category Gateway
 */
export const TenantLimitsSchema = z.strictObject({
  /** The window of every budget below (ms, default one minute). */
  windowMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
  /** Requests per window on each surface. */
  requests: z
    .strictObject({
      /** The runtime surface (default 120). */
      runtime: z.number().int().min(1).default(120),
      /** The preview surface (default 30). */
      preview: z.number().int().min(1).default(30),
      /** The authoring surface (default 30). */
      authoring: z.number().int().min(1).default(30),
    })
    .prefault({}),
  /** Runs in flight at once, across every instance. */
  concurrentRuns: z.number().int().min(1).default(8),
  /** Runs waiting for a worker on one instance; beyond it the tenant gets 429 (bounded queue share). */
  queuedRuns: z.number().int().min(0).default(16),
  /** Model calls per window. */
  modelCalls: z.number().int().min(1).default(600),
  /** Model tokens (prompt and completion) per window. */
  tokens: z.number().int().min(1).default(400_000),
});

/**
 * A tenant's limits, parsed; see {@link TenantLimitsSchema}.
 * @category Gateway
 */
export type TenantLimits = z.output<typeof TenantLimitsSchema>;

/**
 * A tenant's limits as configured (every field optional).
 * @category Gateway
 */
export type TenantLimitsInput = z.input<typeof TenantLimitsSchema>;
