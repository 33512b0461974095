import type { NewTraceStep } from './NewTraceStep.js';
import type { TraceRunQuery } from './TraceRunQuery.js';
import type { TraceStep } from './TraceStep.js';

/**
 * A run as {@link TraceStore.listRuns} describes it.
 * @category Stores
 */
export interface TraceRunSummary {
  /** The run. */
  readonly runId: string;
  /** The run's tenant. */
  readonly tenantId: string;
  /** How many steps it has. */
  readonly steps: number;
  /** The `at` of its first step (epoch ms). */
  readonly firstAt: number;
  /** The `at` of its last step (epoch ms). */
  readonly lastAt: number;
}

/**
 * Keeps the steps of each run in order, for debugging and audit.
 *
 * @remarks
 * The store numbers each run's steps 1, 2, 3… in the order it receives them, even when appends
 * race. A run belongs to the tenant of its first step; appending a step of another tenant to it is
 * refused. Steps are copied in and out.
 * @category Stores
 */
export interface TraceStore {
  /**
   * Appends a step to its run's trace.
   * @param step - the step, without `seq`
   * @returns the stored step with its `seq` (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the step is not valid (including a
   *   caller-provided `seq` or data that is not plain JSON)
   * @throws {@link StoreError} `STORE_CONFLICT` when the run belongs to another tenant
   */
  append(step: NewTraceStep): Promise<TraceStep>;

  /**
   * Lists a run's steps in `seq` order.
   * @param runId - the run
   * @returns copies of its steps; empty when the run is unknown
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  list(runId: string): Promise<TraceStep[]>;

  /**
   * Lists a tenant's runs, the most recently active first.
   * @param query - the tenant and a limit
   * @returns at most `limit` run summaries, ordered by `lastAt` descending
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the query is not valid
   */
  listRuns(query: TraceRunQuery): Promise<TraceRunSummary[]>;
}
