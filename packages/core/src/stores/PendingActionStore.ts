import type { NewPendingAction } from './NewPendingAction.js';
import type { PendingAction } from './PendingAction.js';
import type { PendingActionPatch } from './PendingActionPatch.js';
import type { PendingActionQuery } from './PendingActionQuery.js';
import type { PendingActionStatus } from './PendingActionStatus.js';

/**
 * Keeps the tool calls that wait for a person (R-HITL-9/10/12), and moves them through
 * {@link PendingActionTransitions} with an atomic compare-and-set.
 *
 * @remarks
 * - `create` is idempotent on `(tenantId, idempotencyKey)`: a second create returns the first
 *   record, even when both run at once.
 * - `transition` succeeds only when the stored status equals `from` and the `from → to` edge is
 *   allowed; of N concurrent callers moving the same action out of `awaiting`, exactly one wins and
 *   the others get `STORE_CONFLICT`.
 * - The store does not read a clock: an `awaiting` action past its `expiresAt` stays `awaiting`
 *   until {@link PendingActionStore.expireDue} runs, so call `expireDue(now)` (or compare
 *   `expiresAt` yourself) before approving.
 * - Records are copied in and out.
 * @category Stores
 */
export interface PendingActionStore {
  /**
   * Creates a pending action in status `awaiting`, or returns the existing one with the same
   * tenant and idempotency key.
   * @param input - the action without the fields the store owns
   * @returns the stored record (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the input is not valid
   * @throws {@link StoreError} `STORE_CONFLICT` when `input.id` is taken by another record
   */
  create(input: NewPendingAction): Promise<PendingAction>;

  /**
   * Reads one pending action.
   * @param id - its id
   * @returns a copy, or `undefined` when there is none
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  get(id: string): Promise<PendingAction | undefined>;

  /**
   * Lists one tenant's pending actions, oldest first.
   * @param query - the tenant, and optionally a status and a run
   * @returns copies of the matching records
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the query is not valid
   */
  list(query: PendingActionQuery): Promise<PendingAction[]>;

  /**
   * Moves a pending action from `from` to `to` atomically, setting the patch's fields and
   * incrementing `version`.
   * @param id - the action's id
   * @param from - the status the caller believes it has
   * @param to - the wanted status
   * @param patch - write-once fields to set with the move
   * @returns the updated record (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when an argument is not valid
   * @throws {@link StoreError} `STORE_NOT_FOUND` when there is no such action; `STORE_CONFLICT`
   *   (details `{ id, expected, actual }`) when the stored status is not `from`, when the edge is not
   *   in {@link PendingActionTransitions}, or when the patch would change a field already set
   */
  transition(id: string, from: PendingActionStatus, to: PendingActionStatus, patch?: PendingActionPatch): Promise<PendingAction>;

  /**
   * Moves every `awaiting` action whose `expiresAt` is at or before `now` to `expired`.
   * @param now - the current time (epoch ms)
   * @returns the ids of the actions it expired
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `now` is not a finite number
   */
  expireDue(now: number): Promise<string[]>;
}
