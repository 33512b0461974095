/**
 * The statuses of a pending action, as an `as const` object (use the values, e.g.
 * `PendingActionStatus.Awaiting === 'awaiting'`). See {@link PendingActionTransitions} for the
 * allowed moves between them.
 * @category Stores
 */
export const PendingActionStatus = {
  /** Waiting for a person to confirm, approve or reject. */
  Awaiting: 'awaiting',
  /** A person approved (or confirmed); the call may run once. */
  Approved: 'approved',
  /** A person rejected the call. Terminal. */
  Rejected: 'rejected',
  /** Nobody decided before the deadline. Terminal. */
  Expired: 'expired',
  /** The approved call is running; claimed by exactly one executor. */
  Executing: 'executing',
  /** The call ran and succeeded. Terminal. */
  Done: 'done',
  /** The call ran and failed. Terminal. */
  Failed: 'failed',
} as const;

/**
 * One status of a pending action.
 * @category Stores
 */
export type PendingActionStatus = (typeof PendingActionStatus)[keyof typeof PendingActionStatus];
