import { StoreError } from '../errors/AgentStudioError.js';
import type { PendingAction } from './PendingAction.js';
import type { PendingActionPatch } from './PendingActionPatch.js';
import type { PendingActionStatus } from './PendingActionStatus.js';
import { isPendingActionTransitionAllowed, PendingActionTransitions } from './PendingActionTransitions.js';

const PATCH_FIELDS = ['decidedBy', 'decidedAt', 'comment', 'executedAt', 'resultJson'] as const;

/**
 * The `STORE_CONFLICT` a store throws when a pending action's stored status is not the one the
 * caller expected (another caller moved it first).
 * @param id - the action
 * @param expected - the status the caller expected
 * @param actual - the stored status
 * @returns the error (details `{ id, expected, actual }`)
 * @category Stores
 */
export function pendingActionStatusConflict(id: string, expected: PendingActionStatus, actual: PendingActionStatus): StoreError {
  return new StoreError('STORE_CONFLICT', `Pending action '${id}' is '${actual}', not '${expected}': another caller changed it first. Reload it and decide again.`, {
    details: { id, expected, actual },
  });
}

/**
 * The one rule of {@link PendingActionStore.transition}, for every store: checks that the
 * `from → to` edge is in {@link PendingActionTransitions}, that the stored status is `from`, and that
 * the patch changes no write-once field already set; then returns the moved record (status `to`,
 * version + 1, the patch's fields set). The store only has to write it with a compare-and-set on
 * the status and version it read.
 * @param record - the stored record
 * @param from - the status the caller expects
 * @param to - the wanted status
 * @param patch - the (parsed) fields to set with the move
 * @returns the record as it must be stored
 * @throws {@link StoreError} `STORE_CONFLICT` (details `{ id, expected, actual }`) when a check fails
 * @category Stores
 */
export function applyPendingActionTransition(record: PendingAction, from: PendingActionStatus, to: PendingActionStatus, patch: PendingActionPatch): PendingAction {
  const id = record.id;
  const actual = record.status;
  if (!isPendingActionTransitionAllowed(from, to)) {
    const allowed = PendingActionTransitions[from];
    throw new StoreError(
      'STORE_CONFLICT',
      `Pending action '${id}' cannot move from '${from}' to '${to}': that edge is not allowed (from '${from}' only ${allowed.length > 0 ? allowed.join(', ') : 'nothing, it is terminal'}).`,
      { details: { id, expected: from, actual, to, edgeAllowed: false } },
    );
  }
  if (actual !== from) throw pendingActionStatusConflict(id, from, actual);
  const updated: PendingAction = { ...record, status: to, version: record.version + 1 };
  for (const field of PATCH_FIELDS) {
    const next = patch[field];
    if (next === undefined) continue;
    const current = record[field];
    if (current !== undefined && next !== current) {
      throw new StoreError('STORE_CONFLICT', `Pending action '${id}' already has '${field}' set; it is write-once.`, {
        details: { id, expected: from, actual, field },
      });
    }
    (updated as Record<string, unknown>)[field] = next;
  }
  return updated;
}
