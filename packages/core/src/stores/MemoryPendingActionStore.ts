import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StoreError } from '../errors/AgentStudioError.js';
import { applyPendingActionTransition } from './applyPendingActionTransition.js';
import { type NewPendingAction, NewPendingActionSchema } from './NewPendingAction.js';
import type { PendingAction } from './PendingAction.js';
import { type PendingActionPatch, PendingActionPatchSchema } from './PendingActionPatch.js';
import { type PendingActionQuery, PendingActionQuerySchema } from './PendingActionQuery.js';
import { PendingActionStatus } from './PendingActionStatus.js';
import type { PendingActionStore } from './PendingActionStore.js';
import type { PendingActionTransitions } from './PendingActionTransitions.js';
import { parseStoreInput } from './parseStoreInput.js';

const IdSchema = z.string().min(1);
const StatusSchema = z.enum(PendingActionStatus);
const NowSchema = z.number();
/**
 * A {@link PendingActionStore} in process memory, for tests and single-instance deployments. Every
 * method does its check and its write in one synchronous step, so compare-and-set is atomic within
 * the process.
 *
 * @example
 * ```ts
 * const store = new MemoryPendingActionStore();
 * const action = await store.create({ idempotencyKey: `${runId}:${callId}`, tenantId, runId, callId,
 *   action: 'refundOrder', userId, kind: 'approval', argsJson: '{"orderId":"ORD-1"}',
 *   reason: 'Refunds need a manager', createdAt: now, expiresAt: now + 3_600_000 });
 * await store.transition(action.id, 'awaiting', 'approved', { decidedBy: 'manager-7', decidedAt: Date.now() });
 * ```
 * @category Stores
 */
export class MemoryPendingActionStore implements PendingActionStore {
  readonly #byId = new Map<string, PendingAction>();
  readonly #byKey = new Map<string, string>();

  /**
   * Creates a pending action in status `awaiting`, or returns the existing one with the same
   * tenant and idempotency key.
   * @param input - the action without the fields the store owns
   * @returns the stored record (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the input is not valid
   * @throws {@link StoreError} `STORE_CONFLICT` when `input.id` is taken by another record
   */
  async create(input: NewPendingAction): Promise<PendingAction> {
    const { id: wantedId, ...fields } = parseStoreInput(NewPendingActionSchema, input, 'pending action');
    const key = keyOf(fields.tenantId, fields.idempotencyKey);
    const existingId = this.#byKey.get(key);
    const existing = existingId === undefined ? undefined : this.#byId.get(existingId);
    if (existing) return structuredClone(existing);
    const id = wantedId ?? randomUUID();
    if (this.#byId.has(id)) {
      throw new StoreError('STORE_CONFLICT', `Pending action id '${id}' is already used by another record. Use another id, or omit it.`, {
        details: { id },
      });
    }
    const record: PendingAction = { id, ...fields, status: 'awaiting', version: 1 };
    this.#byId.set(id, record);
    this.#byKey.set(key, id);
    return structuredClone(record);
  }

  /**
   * Reads one pending action.
   * @param id - its id
   * @returns a copy, or `undefined` when there is none
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  async get(id: string): Promise<PendingAction | undefined> {
    const record = this.#byId.get(parseStoreInput(IdSchema, id, 'pending action id'));
    return record === undefined ? undefined : structuredClone(record);
  }

  /**
   * Lists one tenant's pending actions, oldest first.
   * @param query - the tenant, and optionally a status and a run
   * @returns copies of the matching records
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the query is not valid
   */
  async list(query: PendingActionQuery): Promise<PendingAction[]> {
    const { tenantId, status, runId } = parseStoreInput(PendingActionQuerySchema, query, 'pending action query');
    return [...this.#byId.values()]
      .filter((r) => r.tenantId === tenantId && (status === undefined || r.status === status) && (runId === undefined || r.runId === runId))
      .sort(byCreation)
      .map((r) => structuredClone(r));
  }

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
  async transition(id: string, from: PendingActionStatus, to: PendingActionStatus, patch: PendingActionPatch = {}): Promise<PendingAction> {
    const actionId = parseStoreInput(IdSchema, id, 'pending action id');
    const expected = parseStoreInput(StatusSchema, from, "transition's from status");
    const target = parseStoreInput(StatusSchema, to, "transition's to status");
    const changes = parseStoreInput(PendingActionPatchSchema, patch, 'pending action patch');
    const record = this.#byId.get(actionId);
    if (!record) {
      throw new StoreError('STORE_NOT_FOUND', `Pending action '${actionId}' does not exist.`, { details: { id: actionId } });
    }
    const updated = applyPendingActionTransition(record, expected, target, changes);
    this.#byId.set(actionId, updated);
    return structuredClone(updated);
  }

  /**
   * Moves every `awaiting` action whose `expiresAt` is at or before `now` to `expired`.
   * @param now - the current time (epoch ms)
   * @returns the ids of the actions it expired, oldest first
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `now` is not a finite number
   */
  async expireDue(now: number): Promise<string[]> {
    const at = parseStoreInput(NowSchema, now, 'expiry time');
    const due = [...this.#byId.values()].filter((r) => r.status === 'awaiting' && r.expiresAt <= at).sort(byCreation);
    for (const record of due) this.#byId.set(record.id, { ...record, status: 'expired', version: record.version + 1 });
    return due.map((r) => r.id);
  }
}

function keyOf(tenantId: string, idempotencyKey: string): string {
  return JSON.stringify([tenantId, idempotencyKey]);
}

function byCreation(a: PendingAction, b: PendingAction): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
