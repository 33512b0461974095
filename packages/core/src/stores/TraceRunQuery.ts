import { z } from 'zod';

/**
 * The filter of {@link TraceStore.listRuns}: one tenant, and how many runs at most.
 * @category Stores
 */
export const TraceRunQuerySchema = z.strictObject({
  /** Only this tenant's runs. */
  tenantId: z.string().min(1),
  /** The most runs to return (at least 1). */
  limit: z.number().int().min(1),
});

/**
 * The filter of {@link TraceStore.listRuns}; see {@link TraceRunQuerySchema}.
 * @category Stores
 */
export type TraceRunQuery = z.infer<typeof TraceRunQuerySchema>;
