import type { z } from 'zod';
import { PendingActionSchema } from './PendingAction.js';

/**
 * The fields {@link PendingActionStore.transition} may set along with the status. Each one is
 * write-once: a field that is already set keeps its value, and a patch that tries to change it is
 * refused, so the audit trail of who decided cannot be rewritten.
 * @category Stores
 */
export const PendingActionPatchSchema = PendingActionSchema.pick({
  decidedBy: true,
  decidedAt: true,
  comment: true,
  executedAt: true,
  resultJson: true,
});

/**
 * The fields a transition may set; see {@link PendingActionPatchSchema}.
 * @category Stores
 */
export type PendingActionPatch = z.infer<typeof PendingActionPatchSchema>;
