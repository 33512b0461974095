import { parseStoreInput } from '@agent-studio/core';
import { randomUUID } from 'node:crypto';
import {
  applyPendingActionTransition,
  type NewPendingAction,
  NewPendingActionSchema,
  type PendingAction,
  type PendingActionPatch,
  PendingActionPatchSchema,
  type PendingActionQuery,
  PendingActionQuerySchema,
  PendingActionSchema,
  PendingActionStatus,
  type PendingActionStore,
  pendingActionStatusConflict,
  StoreError,
} from '@agent-studio/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SqlStoreConnection } from './SqlStoreConnection.js';
import type { PendingActionRow } from './SqlStoreTables.js';
import { toNumber } from './toNumber.js';
import { toStoreError } from './toStoreError.js';

const IdSchema = z.string().min(1);
const StatusSchema = z.enum(PendingActionStatus);
const NowSchema = z.number();
/** How often a transition re-reads when the version moved but the status did not (never, with the current table). */
const MAX_ATTEMPTS = 5;

type Row = Selectable<PendingActionRow>;

/**
 * A `PendingActionStore` in SQL (table `as_pending_actions`), with the behaviour of core's
 * `MemoryPendingActionStore`, made safe across connections and processes.
 *
 * @remarks
 * - `create` is one `INSERT … ON CONFLICT DO NOTHING` on the primary key and the unique
 *   `(tenant_id, idempotency_key)` index, then a read of the winner: concurrent creates with one
 *   key make one record.
 * - `transition` reads the row, checks the edge and the write-once fields, then runs
 *   `UPDATE … SET status = :to, version = version + 1, … WHERE id = :id AND status = :from AND
 *   version = :read`. When no row changed, it re-reads and throws `STORE_NOT_FOUND` or
 *   `STORE_CONFLICT` (details `{ id, expected, actual }`). Of N callers in any number of processes,
 *   exactly one wins.
 * - `expireDue` is one `UPDATE … RETURNING id`.
 * @example
 * ```ts
 * const { pendingActions } = await openSqlStores(resolveStoreOptions());
 * await pendingActions.transition(id, 'awaiting', 'approved', { decidedBy: 'manager-7', decidedAt: Date.now() });
 * ```
 * @category SQL stores
 */
export class SqlPendingActionStore implements PendingActionStore {
  readonly #connection: SqlStoreConnection;

  /**
   * @param connection - the kysely instance (over migrated tables) and its dialect
   */
  constructor(connection: SqlStoreConnection) {
    this.#connection = connection;
  }

  /**
   * Creates a pending action in status `awaiting`, or returns the existing one with the same
   * tenant and idempotency key.
   * @param input - the action without the fields the store owns
   * @returns the stored record (a copy)
   * @throws `ConfigurationError` `CONFIG_INVALID` when the input is not valid
   * @throws `StoreError` `STORE_CONFLICT` when `input.id` is taken by another record;
   *   `STORE_UNAVAILABLE` when the database fails
   */
  async create(input: NewPendingAction): Promise<PendingAction> {
    const { id: wantedId, ...fields } = parseStoreInput(NewPendingActionSchema, input, 'pending action');
    const id = wantedId ?? randomUUID();
    const { db, dialect } = this.#connection;
    let row: Row | undefined;
    try {
      row = await db
        .insertInto('as_pending_actions')
        .values({
          id,
          idempotency_key: fields.idempotencyKey,
          tenant_id: fields.tenantId,
          run_id: fields.runId,
          call_id: fields.callId,
          action: fields.action,
          user_id: fields.userId,
          kind: fields.kind,
          status: 'awaiting',
          args_json: fields.argsJson,
          reason: fields.reason,
          created_at: fields.createdAt,
          expires_at: fields.expiresAt,
          decided_by: null,
          decided_at: null,
          comment: null,
          executed_at: null,
          result_json: null,
          version: 1,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      row ??= await db
        .selectFrom('as_pending_actions')
        .selectAll()
        .where('tenant_id', '=', fields.tenantId)
        .where('idempotency_key', '=', fields.idempotencyKey)
        .executeTakeFirst();
    } catch (error) {
      throw toStoreError(error, dialect, 'create a pending action');
    }
    if (row === undefined) {
      throw new StoreError('STORE_CONFLICT', `Pending action id '${id}' is already used by another record. Use another id, or omit it.`, {
        details: { id },
      });
    }
    return fromRow(row);
  }

  /**
   * Reads one pending action.
   * @param id - its id
   * @returns a copy, or `undefined` when there is none
   * @throws `ConfigurationError` `CONFIG_INVALID` when the id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async get(id: string): Promise<PendingAction | undefined> {
    const actionId = parseStoreInput(IdSchema, id, 'pending action id');
    const row = await this.#read(actionId, 'read a pending action');
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Lists one tenant's pending actions, oldest first (ties by id).
   * @param query - the tenant, and optionally a status and a run
   * @returns copies of the matching records
   * @throws `ConfigurationError` `CONFIG_INVALID` when the query is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async list(query: PendingActionQuery): Promise<PendingAction[]> {
    const { tenantId, status, runId } = parseStoreInput(PendingActionQuerySchema, query, 'pending action query');
    const { db, dialect } = this.#connection;
    try {
      let select = db.selectFrom('as_pending_actions').selectAll().where('tenant_id', '=', tenantId);
      if (status !== undefined) select = select.where('status', '=', status);
      if (runId !== undefined) select = select.where('run_id', '=', runId);
      const rows = await select.orderBy('created_at').orderBy('id').execute();
      return rows.map(fromRow);
    } catch (error) {
      throw toStoreError(error, dialect, 'list pending actions');
    }
  }

  /**
   * Moves a pending action from `from` to `to` with an atomic compare-and-set on status and
   * version, setting the patch's fields and incrementing `version`.
   * @param id - the action's id
   * @param from - the status the caller believes it has
   * @param to - the wanted status
   * @param patch - write-once fields to set with the move
   * @returns the updated record (a copy)
   * @throws `ConfigurationError` `CONFIG_INVALID` when an argument is not valid
   * @throws `StoreError` `STORE_NOT_FOUND` when there is no such action; `STORE_CONFLICT` (details
   *   `{ id, expected, actual }`) when the stored status is not `from`, when the edge is not in
   *   `PendingActionTransitions`, or when the patch would change a field already set;
   *   `STORE_UNAVAILABLE` when the database fails
   */
  async transition(id: string, from: PendingActionStatus, to: PendingActionStatus, patch: PendingActionPatch = {}): Promise<PendingAction> {
    const actionId = parseStoreInput(IdSchema, id, 'pending action id');
    const expected = parseStoreInput(StatusSchema, from, "transition's from status");
    const target = parseStoreInput(StatusSchema, to, "transition's to status");
    const changes = parseStoreInput(PendingActionPatchSchema, patch, 'pending action patch');
    const { db, dialect } = this.#connection;
    for (let attempt = 1; ; attempt++) {
      const row = await this.#read(actionId, 'transition a pending action');
      if (row === undefined) throw notFound(actionId);
      const record = fromRow(row);
      const next = applyPendingActionTransition(record, expected, target, changes);
      let updated: Row | undefined;
      try {
        updated = await db
          .updateTable('as_pending_actions')
          .set({
            status: next.status,
            version: next.version,
            ...(next.decidedBy === undefined ? {} : { decided_by: next.decidedBy }),
            ...(next.decidedAt === undefined ? {} : { decided_at: next.decidedAt }),
            ...(next.comment === undefined ? {} : { comment: next.comment }),
            ...(next.executedAt === undefined ? {} : { executed_at: next.executedAt }),
            ...(next.resultJson === undefined ? {} : { result_json: next.resultJson }),
          })
          .where('id', '=', actionId)
          .where('status', '=', expected)
          .where('version', '=', record.version)
          .returningAll()
          .executeTakeFirst();
      } catch (error) {
        throw toStoreError(error, dialect, 'transition a pending action');
      }
      if (updated !== undefined) return fromRow(updated);
      // Another caller changed the row between the read and the update: report what it is now.
      const now = await this.#read(actionId, 'transition a pending action');
      if (now === undefined) throw notFound(actionId);
      if (now.status !== expected || attempt >= MAX_ATTEMPTS) throw pendingActionStatusConflict(actionId, expected, now.status as PendingActionStatus);
    }
  }

  /**
   * Moves every `awaiting` action whose `expiresAt` is at or before `now` to `expired`, in one
   * `UPDATE … RETURNING`.
   * @param now - the current time (epoch ms)
   * @returns the ids of the actions it expired, oldest first
   * @throws `ConfigurationError` `CONFIG_INVALID` when `now` is not a finite number
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async expireDue(now: number): Promise<string[]> {
    const at = Math.floor(parseStoreInput(NowSchema, now, 'expiry time'));
    const { db, dialect } = this.#connection;
    try {
      const rows = await db
        .updateTable('as_pending_actions')
        .set((eb) => ({ status: 'expired', version: eb('version', '+', 1) }))
        .where('status', '=', 'awaiting')
        .where('expires_at', '<=', at)
        .returning(['id', 'created_at'])
        .execute();
      return rows
        .map((r) => ({ id: r.id, createdAt: toNumber(r.created_at) }))
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((r) => r.id);
    } catch (error) {
      throw toStoreError(error, dialect, 'expire due pending actions');
    }
  }

  async #read(id: string, operation: string): Promise<Row | undefined> {
    const { db, dialect } = this.#connection;
    try {
      return await db.selectFrom('as_pending_actions').selectAll().where('id', '=', id).executeTakeFirst();
    } catch (error) {
      throw toStoreError(error, dialect, operation);
    }
  }
}

function notFound(id: string): StoreError {
  return new StoreError('STORE_NOT_FOUND', `Pending action '${id}' does not exist.`, { details: { id } });
}


/**
 * A row as a pending action, checked against `PendingActionSchema` so that a hand-edited row
 * cannot smuggle in a status or a kind the runtime does not know.
 */
function fromRow(row: Row): PendingAction {
  const record = {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    tenantId: row.tenant_id,
    runId: row.run_id,
    callId: row.call_id,
    action: row.action,
    userId: row.user_id,
    kind: row.kind,
    status: row.status,
    argsJson: row.args_json,
    reason: row.reason,
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
    ...(row.decided_at === null ? {} : { decidedAt: toNumber(row.decided_at) }),
    ...(row.comment === null ? {} : { comment: row.comment }),
    ...(row.executed_at === null ? {} : { executedAt: toNumber(row.executed_at) }),
    ...(row.result_json === null ? {} : { resultJson: row.result_json }),
    version: toNumber(row.version),
  };
  const parsed = PendingActionSchema.safeParse(record);
  if (!parsed.success) {
    throw new StoreError('STORE_UNAVAILABLE', `The stored pending action '${row.id}' is not valid; it was changed outside the store. Repair or remove the row.`, {
      details: { id: row.id, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code })) },
    });
  }
  return parsed.data;
}
