import { z } from 'zod';
import { PendingActionSchema } from './PendingAction.js';

/**
 * What {@link PendingActionStore.create} takes: a pending action without the fields the store
 * owns (`status` starts at `awaiting`, `version` at 1, the decision fields are unset). `id` is
 * optional; the store makes one when it is missing.
 * @category Stores
 */
export const NewPendingActionSchema = PendingActionSchema.pick({
  idempotencyKey: true,
  tenantId: true,
  runId: true,
  callId: true,
  action: true,
  userId: true,
  kind: true,
  argsJson: true,
  reason: true,
  createdAt: true,
  expiresAt: true,
})
  .extend({
    /** The id to use; the store makes a random one when it is missing. */
    id: z.string().min(1).optional(),
  })
  .refine((value) => value.expiresAt > value.createdAt, { message: 'expiresAt must be after createdAt', path: ['expiresAt'] });

/**
 * What {@link PendingActionStore.create} takes; see {@link NewPendingActionSchema}.
 * @category Stores
 */
export type NewPendingAction = z.infer<typeof NewPendingActionSchema>;
