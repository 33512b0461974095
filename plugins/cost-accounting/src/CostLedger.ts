import type { TokenCounts } from './PricingCatalog.js';

/**
 * One model call, recorded once (R-COST-1): never copied onto the tool steps of its response.
 * @category Plugins
 */
export interface CostLedgerEntry extends TokenCounts {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The tenant. */
  readonly tenantId: string;
  /** The user who sent the request. */
  readonly userId: string;
  /** The agent's name. */
  readonly agent: string;
  /** The model that answered. */
  readonly model: string;
  /** The UTC day of the call, `YYYY-MM-DD`. */
  readonly day: string;
  /** When it was recorded, epoch milliseconds. */
  readonly at: number;
  /** The cost in USD (6 decimals), or null when the model has no price (R-COST-2). */
  readonly costUsd: number | null;
}

/**
 * Which entries a total covers; every given field must match (R-COST-4).
 * @category Plugins
 */
export interface CostFilter {
  /** Only this run. */
  readonly runId?: string;
  /** Only this agent. */
  readonly agent?: string;
  /** Only this tenant. */
  readonly tenantId?: string;
  /** Only this model (case-insensitive). */
  readonly model?: string;
  /** Only this UTC day, `YYYY-MM-DD`. */
  readonly day?: string;
}

/**
 * The sums over a set of entries.
 * @category Plugins
 */
export interface CostTotals extends TokenCounts {
  /** How many model calls. */
  readonly calls: number;
  /** The summed cost of the priced calls, USD (6 decimals). */
  readonly costUsd: number;
  /** How many calls had no price (their cost is not in `costUsd`). */
  readonly unpricedCalls: number;
}

/**
 * Where model-call costs are kept. Implement it over a database for persistence; the plugin awaits
 * both methods.
 * @category Plugins
 */
export interface CostLedger {
  /**
   * Appends one entry.
   * @param entry - the entry
   */
  append(entry: CostLedgerEntry): Promise<void>;
  /**
   * Sums the entries matching a filter.
   * @param filter - which entries (all when empty)
   * @returns the totals
   */
  totals(filter: CostFilter): Promise<CostTotals>;
}

/**
 * Sums entries.
 * @param entries - the entries
 * @returns their totals
 * @category Plugins
 */
export function sumEntries(entries: Iterable<CostLedgerEntry>): CostTotals {
  let calls = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let cachedTokens = 0;
  let reasoningTokens = 0;
  let totalTokens = 0;
  let micro = 0;
  let unpricedCalls = 0;
  for (const e of entries) {
    calls++;
    promptTokens += e.promptTokens;
    completionTokens += e.completionTokens;
    cachedTokens += e.cachedTokens;
    reasoningTokens += e.reasoningTokens;
    totalTokens += e.totalTokens;
    if (e.costUsd === null) unpricedCalls++;
    else micro += Math.round(e.costUsd * 1e6);
  }
  return { calls, promptTokens, completionTokens, cachedTokens, reasoningTokens, totalTokens, costUsd: micro / 1e6, unpricedCalls };
}

/**
 * Whether an entry matches a filter.
 * @param entry - the entry
 * @param filter - the filter
 * @returns true when every given field matches
 * @category Plugins
 */
export function matchesFilter(entry: CostLedgerEntry, filter: CostFilter): boolean {
  return (
    (filter.runId === undefined || entry.runId === filter.runId) &&
    (filter.agent === undefined || entry.agent === filter.agent) &&
    (filter.tenantId === undefined || entry.tenantId === filter.tenantId) &&
    (filter.model === undefined || entry.model.toLowerCase() === filter.model.toLowerCase()) &&
    (filter.day === undefined || entry.day === filter.day)
  );
}

/**
 * A {@link CostLedger} in memory: for tests and single-process use. It keeps every entry (budgets
 * need the full history), so persist and use a database-backed ledger in production.
 * @example
 * ```ts
 * const ledger = new InMemoryCostLedger();
 * costAccountingModule({ ledger });
 * await ledger.totals({ tenantId: 't-1', day: '2026-11-21' });
 * ```
 * @category Plugins
 */
export class InMemoryCostLedger implements CostLedger {
  readonly #entries: CostLedgerEntry[] = [];

  /**
   * Appends one entry (frozen copy).
   * @param entry - the entry
   */
  append(entry: CostLedgerEntry): Promise<void> {
    this.#entries.push(Object.freeze({ ...entry }));
    return Promise.resolve();
  }

  /**
   * Sums the entries matching a filter.
   * @param filter - which entries
   * @returns the totals
   */
  totals(filter: CostFilter = {}): Promise<CostTotals> {
    return Promise.resolve(sumEntries(this.#entries.filter((e) => matchesFilter(e, filter))));
  }

  /**
   * The entries matching a filter, in the order recorded.
   * @param filter - which entries (all when empty)
   * @returns the entries
   */
  entries(filter: CostFilter = {}): readonly CostLedgerEntry[] {
    return Object.freeze(this.#entries.filter((e) => matchesFilter(e, filter)));
  }
}
