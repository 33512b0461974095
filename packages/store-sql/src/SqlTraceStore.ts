import { parseStoreInput } from '@agent-studio/core';
import { type NewTraceStep, NewTraceStepSchema, StoreError, type TraceRunQuery, TraceRunQuerySchema, type TraceRunSummary, type TraceStep, type TraceStore } from '@agent-studio/core';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { SqlStoreConnection } from './SqlStoreConnection.js';
import type { SqlStoreTables } from './SqlStoreTables.js';
import { toNumber } from './toNumber.js';
import { isUniqueViolation, toStoreError } from './toStoreError.js';

const RunIdSchema = z.string().min(1);
/** Retries of an append that lost a race for its `seq` (a safety net; the lock makes it rare). */
const MAX_ATTEMPTS = 20;

/**
 * A `TraceStore` in SQL (table `as_trace_steps`, primary key `(run_id, seq)`), with the
 * behaviour of core's `MemoryTraceStore`.
 *
 * @remarks
 * Each append is one `INSERT … SELECT COALESCE(MAX(seq), 0) + 1 … WHERE NOT EXISTS (a step of
 * another tenant)`. On SQLite the statement holds the write lock from its start, so it is atomic
 * across connections and processes. On PostgreSQL it runs in a transaction that first takes a
 * transaction-scoped advisory lock on the run (`pg_advisory_xact_lock`), so concurrent appends to
 * one run queue up instead of colliding; a unique violation on `(run_id, seq)` is retried anyway.
 * Steps are numbered 1, 2, 3… per run without gaps.
 * @example
 * ```ts
 * const { traces } = await openSqlStores(resolveStoreOptions());
 * await traces.append({ runId, tenantId: 'acme', at: Date.now(), kind: 'tool:completed', data: { callId } });
 * ```
 * @category SQL stores
 */
export class SqlTraceStore implements TraceStore {
  readonly #connection: SqlStoreConnection;

  /**
   * @param connection - the kysely instance (over migrated tables) and its dialect
   */
  constructor(connection: SqlStoreConnection) {
    this.#connection = connection;
  }

  /**
   * Appends a step to its run's trace.
   * @param step - the step, without `seq`
   * @returns the stored step with its `seq` (a copy)
   * @throws `ConfigurationError` `CONFIG_INVALID` when the step is not valid (including a
   *   caller-provided `seq` or data that is not plain JSON)
   * @throws `StoreError` `STORE_CONFLICT` when the run belongs to another tenant;
   *   `STORE_UNAVAILABLE` when the database fails
   */
  async append(step: NewTraceStep): Promise<TraceStep> {
    const input = parseStoreInput(NewTraceStepSchema, step, 'trace step');
    const dataJson = JSON.stringify(input.data);
    const { db, dialect } = this.#connection;
    for (let attempt = 1; ; attempt++) {
      let seq: number | undefined;
      try {
        if (dialect === 'postgres') {
          seq = await db.transaction().execute(async (trx) => {
            await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`as_trace_steps:${input.runId}`}, 0))`.execute(trx);
            return insertNext(trx, input, dataJson, 'bigint');
          });
        } else {
          seq = await insertNext(db, input, dataJson, 'integer');
        }
      } catch (error) {
        if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
        throw toStoreError(error, dialect, 'append a trace step');
      }
      if (seq === undefined) {
        throw new StoreError('STORE_CONFLICT', `Run '${input.runId}' belongs to another tenant; its trace cannot take this step.`, {
          details: { runId: input.runId },
        });
      }
      return { runId: input.runId, tenantId: input.tenantId, seq, at: input.at, kind: input.kind, data: JSON.parse(dataJson) as Record<string, unknown> };
    }
  }

  /**
   * Lists a run's steps in `seq` order.
   * @param runId - the run
   * @returns copies of its steps; empty when the run is unknown
   * @throws `ConfigurationError` `CONFIG_INVALID` when the run id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async list(runId: string): Promise<TraceStep[]> {
    const id = parseStoreInput(RunIdSchema, runId, 'run id');
    const { db, dialect } = this.#connection;
    try {
      const rows = await db.selectFrom('as_trace_steps').selectAll().where('run_id', '=', id).orderBy('seq').execute();
      return rows.map((row) => ({
        runId: row.run_id,
        tenantId: row.tenant_id,
        seq: toNumber(row.seq),
        at: toNumber(row.at),
        kind: row.kind,
        data: JSON.parse(row.data_json) as Record<string, unknown>,
      }));
    } catch (error) {
      throw toStoreError(error, dialect, 'list trace steps');
    }
  }

  /**
   * Lists a tenant's runs, the most recently active first, with one `GROUP BY`.
   * @param query - the tenant and a limit
   * @returns at most `limit` run summaries, ordered by `lastAt` descending (ties by run id)
   * @throws `ConfigurationError` `CONFIG_INVALID` when the query is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async listRuns(query: TraceRunQuery): Promise<TraceRunSummary[]> {
    const { tenantId, limit } = parseStoreInput(TraceRunQuerySchema, query, 'trace run query');
    const { db, dialect } = this.#connection;
    try {
      const rows = await db
        .selectFrom('as_trace_steps')
        .select((eb) => ['run_id', eb.fn.countAll().as('steps'), eb.fn.min('at').as('first_at'), eb.fn.max('at').as('last_at')])
        .where('tenant_id', '=', tenantId)
        .groupBy('run_id')
        .orderBy('last_at', 'desc')
        .orderBy('run_id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        runId: row.run_id,
        tenantId,
        steps: toNumber(row.steps),
        firstAt: toNumber(row.first_at),
        lastAt: toNumber(row.last_at),
      }));
    } catch (error) {
      throw toStoreError(error, dialect, 'list trace runs');
    }
  }
}

/**
 * Inserts the step with the run's next `seq`, unless the run has a step of another tenant.
 * Parameters are cast, as PostgreSQL types the select list of `INSERT … SELECT` from them.
 * @returns the new `seq`, or `undefined` when the run belongs to another tenant
 */
async function insertNext(db: Kysely<SqlStoreTables>, input: Omit<TraceStep, 'seq'>, dataJson: string, int8: 'bigint' | 'integer'): Promise<number | undefined> {
  const row = await db
    .insertInto('as_trace_steps')
    .columns(['run_id', 'seq', 'tenant_id', 'at', 'kind', 'data_json'])
    .expression((eb) =>
      eb
        .selectFrom('as_trace_steps')
        .select((s) => [
          eb.cast<string>(eb.val(input.runId), 'text').as('run_id'),
          sql<number>`COALESCE(MAX(${s.ref('seq')}), 0) + 1`.as('seq'),
          eb.cast<string>(eb.val(input.tenantId), 'text').as('tenant_id'),
          eb.cast<number>(eb.val(input.at), int8).as('at'),
          eb.cast<string>(eb.val(input.kind), 'text').as('kind'),
          eb.cast<string>(eb.val(dataJson), 'text').as('data_json'),
        ])
        .where('run_id', '=', input.runId)
        .having((h) =>
          h.not(
            h.exists(
              h
                .selectFrom('as_trace_steps as other')
                .select('other.seq')
                .where('other.run_id', '=', input.runId)
                .where('other.tenant_id', '<>', input.tenantId),
            ),
          ),
        ),
    )
    .returning('seq')
    .executeTakeFirst();
  return row === undefined ? undefined : toNumber(row.seq);
}
