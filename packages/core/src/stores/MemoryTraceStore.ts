import { z } from 'zod';
import { StoreError } from '../errors/AgentStudioError.js';
import { type NewTraceStep, NewTraceStepSchema } from './NewTraceStep.js';
import { parseStoreInput } from './parseStoreInput.js';
import { type TraceRunQuery, TraceRunQuerySchema } from './TraceRunQuery.js';
import type { TraceStep } from './TraceStep.js';
import type { TraceRunSummary, TraceStore } from './TraceStore.js';

const RunIdSchema = z.string().min(1);
const STEP_KEYS: ReadonlySet<string> = new Set(['runId', 'tenantId', 'at', 'kind', 'data']);
/** Deeper data is left to the schema (which refuses it), as `isJsonValue` does. */
const MAX_DEPTH = 256;

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
    // the common case (a valid step of plain JSON) is checked and copied by hand in one pass;
    // anything else goes through the schema, which refuses it with the reasons
    const read = readStep(step);
    const input = read ?? parseStoreInput(NewTraceStepSchema, step, 'trace step');
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
    // a hand-read step's data is already a private copy; the schema's output still shares nested values
    const data = read ? read.data : copyJsonObject(input.data);
    const stored: TraceStep = { runId: input.runId, tenantId: input.tenantId, at: input.at, kind: input.kind, data, seq: run.steps.length + 1 };
    run.steps.push(stored);
    run.firstAt = Math.min(run.firstAt, stored.at);
    run.lastAt = Math.max(run.lastAt, stored.at);
    return { ...stored, data: copyJsonObject(stored.data) };
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

/**
 * A valid new step read by hand, with its data already copied; undefined when the step is not
 * plainly valid (the schema then decides, and explains). Never accepts what
 * {@link NewTraceStepSchema} refuses: the same keys only, non-empty strings, a non-negative safe
 * integer `at`, and `data` a plain object of plain JSON.
 */
function readStep(step: unknown): NewTraceStep | undefined {
  try {
    if (typeof step !== 'object' || step === null || !isPlainObject(step)) return undefined;
    for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) return undefined;
    const { runId, tenantId, at, kind, data } = step as Record<string, unknown>;
    if (typeof runId !== 'string' || runId.length === 0 || typeof tenantId !== 'string' || tenantId.length === 0) return undefined;
    if (typeof kind !== 'string' || kind.length === 0 || typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return undefined;
    if (typeof data !== 'object' || data === null || Array.isArray(data) || !isPlainObject(data)) return undefined;
    const copy = copyJson(data, 0);
    if (copy === undefined) return undefined;
    return { runId, tenantId, at, kind, data: copy as Record<string, unknown> };
  } catch {
    // a throwing getter or a hostile proxy: the schema path reports it
    return undefined;
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy of data that {@link readStep} or the schema already found to be plain JSON. */
function copyJsonObject(data: Record<string, unknown>): Record<string, unknown> {
  return copyJson(data, 0) as Record<string, unknown>;
}

/**
 * A deep copy of plain JSON (what `isJsonValue` accepts), or undefined when the value is not
 * plain JSON or nests deeper than {@link MAX_DEPTH} (which also stops at a cycle).
 */
function copyJson(value: unknown, depth: number): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!Object.hasOwn(value, i)) return undefined;
      const item = copyJson(value[i], depth + 1);
      if (item === undefined) return undefined;
      out.push(item);
    }
    return out;
  }
  if (!isPlainObject(value as object)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    const item = copyJson((value as Record<string, unknown>)[key], depth + 1);
    if (item === undefined) return undefined;
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
