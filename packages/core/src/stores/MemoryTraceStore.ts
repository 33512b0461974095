import { z } from 'zod';
import { StoreError } from '../errors/AgentStudioError.js';
import { type NewTraceStep, NewTraceStepSchema } from './NewTraceStep.js';
import { parseStoreInput } from './parseStoreInput.js';
import { type TraceRunQuery, TraceRunQuerySchema } from './TraceRunQuery.js';
import type { TraceStep } from './TraceStep.js';
import type { TraceRunSummary, TraceStore } from './TraceStore.js';

const RunIdSchema = z.string().min(1);

interface RunTrace {
  readonly tenantId: string;
  readonly steps: TraceStep[];
  firstAt: number;
  lastAt: number;
}

/**
 * A {@link TraceStore} in process memory, for tests and local development; it keeps every step
 * until the process exits.
 *
 * @example
 * ```ts
 * const traces = new MemoryTraceStore();
 * await traces.append({ runId, tenantId: 'acme', at: Date.now(), kind: 'tool:completed', data: { callId } });
 * const steps = await traces.list(runId);
 * ```
 * @category Stores
 */
export class MemoryTraceStore implements TraceStore {
  readonly #runs = new Map<string, RunTrace>();

  /**
   * Appends a step to its run's trace.
   * @param step - the step, without `seq`
   * @returns the stored step with its `seq` (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the step is not valid (including a
   *   caller-provided `seq` or data that is not plain JSON)
   * @throws {@link StoreError} `STORE_CONFLICT` when the run belongs to another tenant
   */
  async append(step: NewTraceStep): Promise<TraceStep> {
    const input = parseStoreInput(NewTraceStepSchema, step, 'trace step');
    let run = this.#runs.get(input.runId);
    if (run && run.tenantId !== input.tenantId) {
      throw new StoreError('STORE_CONFLICT', `Run '${input.runId}' belongs to another tenant; its trace cannot take this step.`, {
        details: { runId: input.runId },
      });
    }
    if (!run) {
      run = { tenantId: input.tenantId, steps: [], firstAt: input.at, lastAt: input.at };
      this.#runs.set(input.runId, run);
    }
    const stored: TraceStep = structuredClone({ ...input, seq: run.steps.length + 1 });
    run.steps.push(stored);
    run.firstAt = Math.min(run.firstAt, stored.at);
    run.lastAt = Math.max(run.lastAt, stored.at);
    return structuredClone(stored);
  }

  /**
   * Lists a run's steps in `seq` order.
   * @param runId - the run
   * @returns copies of its steps; empty when the run is unknown
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  async list(runId: string): Promise<TraceStep[]> {
    const run = this.#runs.get(parseStoreInput(RunIdSchema, runId, 'run id'));
    return run ? structuredClone(run.steps) : [];
  }

  /**
   * Lists a tenant's runs, the most recently active first.
   * @param query - the tenant and a limit
   * @returns at most `limit` run summaries, ordered by `lastAt` descending (ties by run id)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the query is not valid
   */
  async listRuns(query: TraceRunQuery): Promise<TraceRunSummary[]> {
    const { tenantId, limit } = parseStoreInput(TraceRunQuerySchema, query, 'trace run query');
    const summaries: TraceRunSummary[] = [];
    for (const [runId, run] of this.#runs) {
      if (run.tenantId === tenantId) summaries.push({ runId, tenantId, steps: run.steps.length, firstAt: run.firstAt, lastAt: run.lastAt });
    }
    return summaries.sort((a, b) => b.lastAt - a.lastAt || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0)).slice(0, limit);
  }
}
