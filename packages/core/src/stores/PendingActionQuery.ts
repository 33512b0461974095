import { z } from 'zod';
import { PendingActionStatus } from './PendingActionStatus.js';

/**
 * The filter of {@link PendingActionStore.list}: always one tenant, optionally one status and one
 * run.
 * @category Stores
 */
export const PendingActionQuerySchema = z.strictObject({
  /** Only this tenant's actions. */
  tenantId: z.string().min(1),
  /** Only actions in this status. */
  status: z.enum(PendingActionStatus).optional(),
  /** Only this run's actions. */
  runId: z.string().min(1).optional(),
});

/**
 * The filter of {@link PendingActionStore.list}; see {@link PendingActionQuerySchema}.
 * @category Stores
 */
export type PendingActionQuery = z.infer<typeof PendingActionQuerySchema>;
