import type { PendingActionStatus } from './PendingActionStatus.js';

/**
 * The allowed moves between pending-action statuses: `awaiting` goes to `approved`, `rejected` or
 * `expired`; `approved` goes to `executing`; `executing` goes to `done` or `failed`. A status with
 * no move (`rejected`, `expired`, `done`, `failed`) is terminal.
 *
 * @remarks
 * Every {@link PendingActionStore} enforces this table in {@link PendingActionStore.transition}.
 * The single `approved → executing` move is what makes execution happen at most once (R-HITL-12):
 * only the caller that wins that compare-and-set may run the call.
 * @category Stores
 */
export const PendingActionTransitions = {
  /** A person decides, or the deadline passes. */
  awaiting: ['approved', 'rejected', 'expired'],
  /** One executor claims the call. */
  approved: ['executing'],
  /** The call finishes. */
  executing: ['done', 'failed'],
  /** Terminal. */
  rejected: [],
  /** Terminal. */
  expired: [],
  /** Terminal. */
  done: [],
  /** Terminal. */
  failed: [],
} as const satisfies { readonly [S in PendingActionStatus]: readonly PendingActionStatus[] };

/**
 * Whether {@link PendingActionTransitions} allows a move.
 * @param from - the current status
 * @param to - the wanted status
 * @returns true when the `from → to` edge is in the table
 * @category Stores
 */
export function isPendingActionTransitionAllowed(from: PendingActionStatus, to: PendingActionStatus): boolean {
  const allowed: readonly PendingActionStatus[] | undefined = PendingActionTransitions[from];
  return allowed?.includes(to) === true;
}

/**
 * Whether a status is terminal (no move leaves it).
 * @param status - a status
 * @returns true for `rejected`, `expired`, `done` and `failed`
 * @category Stores
 */
export function isTerminalPendingActionStatus(status: PendingActionStatus): boolean {
  const allowed: readonly PendingActionStatus[] | undefined = PendingActionTransitions[status];
  return allowed !== undefined && allowed.length === 0;
}
