import { parseStoreInput } from '@agent-studio/core';
import {
  type CostFilter,
  CostFilterSchema,
  type CostGroupBy,
  CostGroupBySchema,
  type CostGroupTotals,
  type CostLedger,
  type CostLedgerEntry,
  CostLedgerEntrySchema,
  type CostTotals,
} from '@agent-studio/core';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { SqlStoreConnection } from './SqlStoreConnection.js';
import type { SqlStoreTables } from './SqlStoreTables.js';
import { toNumber } from './toNumber.js';
import { toStoreError } from './toStoreError.js';

/** The report dimensions as columns (models by their lower-case key). */
const GROUP_COLUMNS = { tenant: 'tenant_id', agent: 'agent', model: 'model_key', day: 'day', run: 'run_id' } as const;

type LedgerQuery = SelectQueryBuilder<SqlStoreTables, 'as_cost_ledger', object>;

/**
 * A `CostLedger` in SQL (table `as_cost_ledger`), with the behaviour of core's
 * `MemoryCostLedger`: costs are kept as integer micro-dollars (`cost_micros`, null for an unpriced
 * call) and summed in SQL, so totals are exact to 6 decimals; models are matched and grouped by
 * their lower-case form (`model_key`, computed in JavaScript so that it matches the in-memory
 * ledger exactly).
 * @example
 * ```ts
 * const { costLedger } = await openSqlStores(resolveStoreOptions());
 * costAccountingModule({ ledger: costLedger });
 * await costLedger.report('model', { tenantId: 't-1', fromDay: '2026-11-01' });
 * ```
 * @category SQL stores
 */
export class SqlCostLedger implements CostLedger {
  readonly #connection: SqlStoreConnection;

  /**
   * @param connection - the kysely instance (over migrated tables) and its dialect
   */
  constructor(connection: SqlStoreConnection) {
    this.#connection = connection;
  }

  /**
   * Appends one entry.
   * @param entry - the entry
   * @returns when it is stored
   * @throws `ConfigurationError` `CONFIG_INVALID` when the entry is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async append(entry: CostLedgerEntry): Promise<void> {
    const e = parseStoreInput(CostLedgerEntrySchema, entry, 'cost ledger entry');
    const { db, dialect } = this.#connection;
    try {
      await db
        .insertInto('as_cost_ledger')
        .values({
          run_id: e.runId,
          turn: e.turn,
          tenant_id: e.tenantId,
          user_id: e.userId,
          agent: e.agent,
          model: e.model,
          model_key: e.model.toLowerCase(),
          day: e.day,
          at: e.at,
          prompt_tokens: e.promptTokens,
          completion_tokens: e.completionTokens,
          cached_tokens: e.cachedTokens,
          reasoning_tokens: e.reasoningTokens,
          total_tokens: e.totalTokens,
          cost_micros: e.costUsd === null ? null : Math.round(e.costUsd * 1e6),
        })
        .execute();
    } catch (error) {
      throw toStoreError(error, dialect, 'append a cost ledger entry');
    }
  }

  /**
   * Sums the entries matching a filter, in SQL.
   * @param filter - which entries (all when empty)
   * @returns the totals
   * @throws `ConfigurationError` `CONFIG_INVALID` when the filter is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async totals(filter: CostFilter = {}): Promise<CostTotals> {
    const f = parseStoreInput(CostFilterSchema, filter, 'cost filter');
    const { db, dialect } = this.#connection;
    try {
      const row = await filtered(db.selectFrom('as_cost_ledger'), f).select(sums).executeTakeFirst();
      return toTotals(row);
    } catch (error) {
      throw toStoreError(error, dialect, 'sum cost ledger entries');
    }
  }

  /**
   * Sums the entries matching a filter, per group, with one `GROUP BY`.
   * @param by - what to group by
   * @param filter - which entries (all when empty)
   * @returns one total per group, ordered by key (JavaScript string order)
   * @throws `ConfigurationError` `CONFIG_INVALID` when an argument is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async report(by: CostGroupBy, filter: CostFilter = {}): Promise<CostGroupTotals[]> {
    const dimension = parseStoreInput(CostGroupBySchema, by, 'cost report grouping');
    const f = parseStoreInput(CostFilterSchema, filter, 'cost filter');
    const column = GROUP_COLUMNS[dimension];
    const { db, dialect } = this.#connection;
    try {
      const rows = await filtered(db.selectFrom('as_cost_ledger'), f)
        .select((eb) => [eb.ref(column).as('key'), ...sums(eb)])
        .groupBy(column)
        .execute();
      return rows
        .map((row) => ({ key: row.key, ...toTotals(row) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (error) {
      throw toStoreError(error, dialect, 'report on cost ledger entries');
    }
  }

  /**
   * The entries matching a filter, in the order recorded (costs read back from micro-dollars).
   * @param filter - which entries (all when empty)
   * @returns the entries
   * @throws `ConfigurationError` `CONFIG_INVALID` when the filter is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async entries(filter: CostFilter = {}): Promise<CostLedgerEntry[]> {
    const f = parseStoreInput(CostFilterSchema, filter, 'cost filter');
    const { db, dialect } = this.#connection;
    try {
      const rows = await filtered(db.selectFrom('as_cost_ledger'), f).selectAll().orderBy('id').execute();
      return rows.map((r) => ({
        runId: r.run_id,
        turn: toNumber(r.turn),
        tenantId: r.tenant_id,
        userId: r.user_id,
        agent: r.agent,
        model: r.model,
        day: r.day,
        at: toNumber(r.at),
        promptTokens: toNumber(r.prompt_tokens),
        completionTokens: toNumber(r.completion_tokens),
        cachedTokens: toNumber(r.cached_tokens),
        reasoningTokens: toNumber(r.reasoning_tokens),
        totalTokens: toNumber(r.total_tokens),
        costUsd: r.cost_micros === null ? null : toNumber(r.cost_micros) / 1e6,
      }));
    } catch (error) {
      throw toStoreError(error, dialect, 'read cost ledger entries');
    }
  }
}

/** Narrows a ledger query by every given field of a filter. */
function filtered(query: LedgerQuery, f: CostFilter): LedgerQuery {
  let q = query;
  if (f.runId !== undefined) q = q.where('run_id', '=', f.runId);
  if (f.agent !== undefined) q = q.where('agent', '=', f.agent);
  if (f.tenantId !== undefined) q = q.where('tenant_id', '=', f.tenantId);
  if (f.model !== undefined) q = q.where('model_key', '=', f.model.toLowerCase());
  if (f.day !== undefined) q = q.where('day', '=', f.day);
  if (f.fromDay !== undefined) q = q.where('day', '>=', f.fromDay);
  if (f.toDay !== undefined) q = q.where('day', '<=', f.toDay);
  return q;
}

/** The aggregate columns of a total. */
function sums(eb: ExpressionBuilder<SqlStoreTables, 'as_cost_ledger'>) {
  return [
    eb.fn.countAll().as('calls'),
    eb.fn.sum('prompt_tokens').as('prompt_tokens'),
    eb.fn.sum('completion_tokens').as('completion_tokens'),
    eb.fn.sum('cached_tokens').as('cached_tokens'),
    eb.fn.sum('reasoning_tokens').as('reasoning_tokens'),
    eb.fn.sum('total_tokens').as('total_tokens'),
    eb.fn.sum('cost_micros').as('cost_micros'),
    eb.fn.count('cost_micros').as('priced_calls'),
  ] as const;
}

/** The totals of an aggregate row (pg returns sums and counts as strings; SUM of no rows is null). */
function toTotals(row: Record<string, unknown> | undefined): CostTotals {
  if (row === undefined) return { calls: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0, totalTokens: 0, costUsd: 0, unpricedCalls: 0 };
  const calls = toNumber(row.calls);
  return {
    calls,
    promptTokens: toNumber(row.prompt_tokens),
    completionTokens: toNumber(row.completion_tokens),
    cachedTokens: toNumber(row.cached_tokens),
    reasoningTokens: toNumber(row.reasoning_tokens),
    totalTokens: toNumber(row.total_tokens),
    costUsd: toNumber(row.cost_micros) / 1e6,
    unpricedCalls: calls - toNumber(row.priced_calls),
  };
}
