import { z } from 'zod';
import { JsonTextSchema } from './JsonTextSchema.js';
import { PendingActionStatus } from './PendingActionStatus.js';

/**
 * A tool call that waits for a person (R-HITL), as a {@link PendingActionStore} keeps it. It holds
 * the stored arguments the call will run with once approved, never the conversation.
 * @category Stores
 */
export const PendingActionSchema = z.strictObject({
  /** The pending action's id. */
  id: z.string().min(1),
  /** The caller's idempotency key; one record per key and tenant. */
  idempotencyKey: z.string().min(1),
  /** The tenant of the requester. */
  tenantId: z.string().min(1),
  /** The suspended run. */
  runId: z.string().min(1),
  /** The model's tool call id. */
  callId: z.string().min(1),
  /** The action (tool) name. */
  action: z.string().min(1),
  /** The user who asked; an approved call runs as this user. */
  userId: z.string().min(1),
  /** `confirmation`: the requester confirms; `approval`: someone else approves. */
  kind: z.enum(['confirmation', 'approval']),
  /** Where the action is in its life. */
  status: z.enum(PendingActionStatus),
  /** The call's arguments, as JSON text. */
  argsJson: JsonTextSchema,
  /** Why a person must decide (shown to the approver). */
  reason: z.string(),
  /** When it was created (epoch ms). */
  createdAt: z.number().int().min(0),
  /** When it expires if nobody decides (epoch ms). */
  expiresAt: z.number().int().min(0),
  /** Who approved or rejected it. */
  decidedBy: z.string().min(1).optional(),
  /** When it was approved or rejected (epoch ms). */
  decidedAt: z.number().int().min(0).optional(),
  /** The decider's comment. */
  comment: z.string().optional(),
  /** When the approved call started running (epoch ms). */
  executedAt: z.number().int().min(0).optional(),
  /** The call's result, as JSON text. */
  resultJson: JsonTextSchema.optional(),
  /** Starts at 1 and grows by one on every change. */
  version: z.number().int().min(1),
});

/**
 * A tool call that waits for a person; see {@link PendingActionSchema}.
 * @category Stores
 */
export type PendingAction = z.infer<typeof PendingActionSchema>;

/**
 * Who must decide a pending action: `confirmation` (the requester) or `approval` (someone else).
 * @category Stores
 */
export type PendingActionKind = PendingAction['kind'];
