import { type CostFilter, CostFilterSchema, type CostGroupBy, CostGroupBySchema, type CostGroupTotals, type CostLedger, type CostLedgerEntry, CostLedgerEntrySchema, type CostTotals, costEntryMatches, costGroupKey, sumCostEntries } from './CostLedger.js';
import { parseStoreInput } from './parseStoreInput.js';

/**
 * A {@link CostLedger} in process memory: for tests and single-process use. It keeps every entry
 * (budgets need the full history) until the process exits; use `@agent-studio/store-sql` to keep
 * them across restarts.
 * @example
 * ```ts
 * const ledger = new MemoryCostLedger();
 * costAccountingModule({ ledger });
 * await ledger.totals({ tenantId: 't-1', day: '2026-11-21' });
 * ```
 * @category Stores
 */
export class MemoryCostLedger implements CostLedger {
  readonly #entries: CostLedgerEntry[] = [];

  /**
   * Appends one entry (a frozen copy).
   * @param entry - the entry
   * @returns when it is stored
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the entry is not valid
   */
  append(entry: CostLedgerEntry): Promise<void> {
    try {
      this.#entries.push(Object.freeze(parseStoreInput(CostLedgerEntrySchema, entry, 'cost ledger entry')));
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sums the entries matching a filter.
   * @param filter - which entries (all when empty)
   * @returns the totals
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the filter is not valid
   */
  totals(filter: CostFilter = {}): Promise<CostTotals> {
    try {
      return Promise.resolve(sumCostEntries(this.entries(filter)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sums the entries matching a filter, per group.
   * @param by - what to group by
   * @param filter - which entries (all when empty)
   * @returns one total per group, ordered by key
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when an argument is not valid
   */
  report(by: CostGroupBy, filter: CostFilter = {}): Promise<CostGroupTotals[]> {
    try {
      const dimension = parseStoreInput(CostGroupBySchema, by, 'cost report grouping');
      const groups = new Map<string, CostLedgerEntry[]>();
      for (const e of this.entries(filter)) {
        const key = costGroupKey(e, dimension);
        const list = groups.get(key);
        if (list) list.push(e);
        else groups.set(key, [e]);
      }
      const keys = [...groups.keys()].sort();
      return Promise.resolve(keys.map((key) => ({ key, ...sumCostEntries(groups.get(key) ?? []) })));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The entries matching a filter, in the order recorded.
   * @param filter - which entries (all when empty)
   * @returns the entries
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the filter is not valid
   */
  entries(filter: CostFilter = {}): readonly CostLedgerEntry[] {
    const f = parseStoreInput(CostFilterSchema, filter, 'cost filter');
    return Object.freeze(this.#entries.filter((e) => costEntryMatches(e, f)));
  }
}
