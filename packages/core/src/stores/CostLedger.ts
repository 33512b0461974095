import { z } from 'zod';

const Count = z.number().int().min(0);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a UTC day, YYYY-MM-DD');

/**
 * One model call on the cost ledger, recorded once (R-COST-1): never copied onto the tool steps of
 * its response.
 * @category Stores
 */
export const CostLedgerEntrySchema = z.strictObject({
  /** The run's id. */
  runId: z.string().min(1),
  /** The model turn (1 for the first call of a run). */
  turn: z.number().int().min(0),
  /** The tenant. */
  tenantId: z.string().min(1),
  /** The user who sent the request. */
  userId: z.string().min(1),
  /** The agent's name. */
  agent: z.string().min(1),
  /** The model that answered. */
  model: z.string().min(1),
  /** The UTC day of the call, `YYYY-MM-DD`. */
  day: Day,
  /** When it was recorded, epoch milliseconds. */
  at: z.number().int().min(0),
  /** Prompt tokens (cached ones included). */
  promptTokens: Count,
  /** Completion tokens (reasoning ones included). */
  completionTokens: Count,
  /** Prompt tokens served from the cache. */
  cachedTokens: Count,
  /** Completion tokens spent on hidden reasoning. */
  reasoningTokens: Count,
  /** Prompt plus completion tokens. */
  totalTokens: Count,
  /** The cost in USD (6 decimals), or null when the model has no price (R-COST-2). */
  costUsd: z.number().min(0).finite().nullable(),
});

/**
 * One model call on the cost ledger; see {@link CostLedgerEntrySchema}.
 * @category Stores
 */
export type CostLedgerEntry = z.infer<typeof CostLedgerEntrySchema>;

/**
 * Which entries a total covers; every given field must match (R-COST-4).
 * @category Stores
 */
export const CostFilterSchema = z.strictObject({
  /** Only this run. */
  runId: z.string().min(1).optional(),
  /** Only this agent. */
  agent: z.string().min(1).optional(),
  /** Only this tenant. */
  tenantId: z.string().min(1).optional(),
  /** Only this model (case-insensitive). */
  model: z.string().min(1).optional(),
  /** Only this UTC day, `YYYY-MM-DD`. */
  day: Day.optional(),
  /** Only days from this one on (inclusive), `YYYY-MM-DD`. */
  fromDay: Day.optional(),
  /** Only days up to this one (inclusive), `YYYY-MM-DD`. */
  toDay: Day.optional(),
});

/**
 * Which entries a total covers; see {@link CostFilterSchema}.
 * @category Stores
 */
export type CostFilter = z.infer<typeof CostFilterSchema>;

/**
 * The dimensions a cost report can group by.
 * @category Stores
 */
export const CostGroupBySchema = z.enum(['tenant', 'agent', 'model', 'day', 'run']);

/**
 * One dimension a cost report can group by; see {@link CostGroupBySchema}.
 * @category Stores
 */
export type CostGroupBy = z.infer<typeof CostGroupBySchema>;

/**
 * The sums over a set of entries.
 * @category Stores
 */
export interface CostTotals {
  /** How many model calls. */
  readonly calls: number;
  /** Prompt tokens (cached ones included). */
  readonly promptTokens: number;
  /** Completion tokens (reasoning ones included). */
  readonly completionTokens: number;
  /** Prompt tokens served from the cache. */
  readonly cachedTokens: number;
  /** Completion tokens spent on hidden reasoning. */
  readonly reasoningTokens: number;
  /** Prompt plus completion tokens. */
  readonly totalTokens: number;
  /** The summed cost of the priced calls, USD (6 decimals). */
  readonly costUsd: number;
  /** How many calls had no price (their cost is not in `costUsd`). */
  readonly unpricedCalls: number;
}

/**
 * The totals of one group of a cost report.
 * @category Stores
 */
export interface CostGroupTotals extends CostTotals {
  /** The group's key: the tenant, agent, model (lower case), day or run. */
  readonly key: string;
}

/**
 * Where model-call costs are kept (R-COST-1..4). The cost-accounting plugin appends one entry per
 * model call and asks for totals before each model call to enforce budgets.
 *
 * @remarks
 * Entries are immutable once appended. Model names are compared case-insensitively. Costs are
 * summed in micro-dollars, so totals are exact to 6 decimals.
 * @category Stores
 */
export interface CostLedger {
  /**
   * Appends one entry.
   * @param entry - the entry
   * @returns when it is stored
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the entry is not valid
   */
  append(entry: CostLedgerEntry): Promise<void>;
  /**
   * Sums the entries matching a filter.
   * @param filter - which entries (all when empty)
   * @returns the totals
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the filter is not valid
   */
  totals(filter?: CostFilter): Promise<CostTotals>;
  /**
   * Sums the entries matching a filter, per group.
   * @param by - what to group by
   * @param filter - which entries (all when empty)
   * @returns one total per group, ordered by key
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when an argument is not valid
   */
  report(by: CostGroupBy, filter?: CostFilter): Promise<CostGroupTotals[]>;
}

/**
 * The totals of no entries.
 * @category Stores
 */
export const EMPTY_COST_TOTALS: CostTotals = Object.freeze({
  calls: 0,
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  reasoningTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  unpricedCalls: 0,
});

/**
 * Sums entries (costs in micro-dollars, so the result is exact to 6 decimals).
 * @param entries - the entries
 * @returns their totals
 * @category Stores
 */
export function sumCostEntries(entries: Iterable<CostLedgerEntry>): CostTotals {
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
 * @category Stores
 */
export function costEntryMatches(entry: CostLedgerEntry, filter: CostFilter): boolean {
  return (
    (filter.runId === undefined || entry.runId === filter.runId) &&
    (filter.agent === undefined || entry.agent === filter.agent) &&
    (filter.tenantId === undefined || entry.tenantId === filter.tenantId) &&
    (filter.model === undefined || entry.model.toLowerCase() === filter.model.toLowerCase()) &&
    (filter.day === undefined || entry.day === filter.day) &&
    (filter.fromDay === undefined || entry.day >= filter.fromDay) &&
    (filter.toDay === undefined || entry.day <= filter.toDay)
  );
}

/**
 * The key of an entry in a cost report grouped by a dimension.
 * @param entry - the entry
 * @param by - the dimension
 * @returns the group key (models in lower case)
 * @category Stores
 */
export function costGroupKey(entry: CostLedgerEntry, by: CostGroupBy): string {
  switch (by) {
    case 'tenant':
      return entry.tenantId;
    case 'agent':
      return entry.agent;
    case 'model':
      return entry.model.toLowerCase();
    case 'day':
      return entry.day;
    case 'run':
      return entry.runId;
  }
}
