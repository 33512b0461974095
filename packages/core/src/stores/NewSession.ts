import { z } from 'zod';

/**
 * What {@link SessionStore.create} takes: who, through which agent and surface, and the
 * correlation ids used for debugging and telemetry (R-SESS-3).
 *
 * @remarks
 * A session must not hold prompt or response text (R-SESS-3, R-ACT-LOG-1). The schema is strict:
 * any key it does not list (such as `prompt`, `messages` or `response`) is refused with
 * `CONFIG_INVALID` rather than dropped.
 * @category Stores
 */
export const NewSessionSchema = z.strictObject({
  /** The tenant. */
  tenantId: z.string().min(1),
  /** The user. */
  userId: z.string().min(1),
  /** The agent the user talks to. */
  agent: z.string().min(1),
  /** The surface the session came through, e.g. `'chat'`, `'api'` or `'preview'` (design time). */
  surface: z.string().min(1),
  /** The current execution (run) id. */
  executionId: z.string().min(1).optional(),
  /** The current turn id. */
  turnId: z.string().min(1).optional(),
  /** The current request id. */
  requestId: z.string().min(1).optional(),
});

/**
 * What {@link SessionStore.create} takes; see {@link NewSessionSchema}.
 * @category Stores
 */
export type NewSession = z.infer<typeof NewSessionSchema>;
