import { z } from 'zod';
import { StoreError } from '../errors/AgentStudioError.js';
import { isJsonValue } from './isJsonValue.js';
import { parseStoreInput } from './parseStoreInput.js';
import type { RunStateSaveOptions, RunStateStore } from './RunStateStore.js';

const RunIdSchema = z.string().min(1);
const SaveOptionsSchema = z.strictObject({ tenantId: z.string().min(1) });
const StateSchema = z.record(z.string(), z.unknown()).refine(isJsonValue, { message: 'Expected a plain JSON object' });

interface Entry {
  readonly tenantId: string;
  readonly state: Record<string, unknown>;
}

/**
 * A {@link RunStateStore} in process memory, for tests and single-instance deployments; states are
 * lost when the process exits.
 *
 * @example
 * ```ts
 * const store = new MemoryRunStateStore();
 * await store.save(result.runId, result.state, { tenantId: 'acme' });
 * const signed = await store.load(result.runId);
 * ```
 * @category Stores
 */
export class MemoryRunStateStore implements RunStateStore {
  readonly #entries = new Map<string, Entry>();

  /**
   * Stores (or replaces) the state of a run.
   * @param runId - the run's id
   * @param signedState - a plain JSON object, usually a `SignedRunState`
   * @param options - the run's tenant
   * @returns when the state is stored
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when an argument is missing or the state is
   *   not a plain JSON object
   * @throws {@link StoreError} `STORE_CONFLICT` when the run id is stored under another tenant
   */
  async save(runId: string, signedState: unknown, options: RunStateSaveOptions): Promise<void> {
    const id = parseStoreInput(RunIdSchema, runId, 'run id');
    const { tenantId } = parseStoreInput(SaveOptionsSchema, options, 'run-state save options');
    const state = structuredClone(parseStoreInput(StateSchema, signedState, 'run state'));
    const existing = this.#entries.get(id);
    if (existing && existing.tenantId !== tenantId) {
      throw new StoreError('STORE_CONFLICT', `Run '${id}' is stored under another tenant; a run id cannot move between tenants.`, {
        details: { runId: id },
      });
    }
    this.#entries.set(id, { tenantId, state });
  }

  /**
   * Reads the state of a run.
   * @param runId - the run's id
   * @returns a fresh copy of the stored state, or `undefined` when there is none
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  async load(runId: string): Promise<unknown> {
    const entry = this.#entries.get(parseStoreInput(RunIdSchema, runId, 'run id'));
    return entry === undefined ? undefined : structuredClone(entry.state);
  }

  /**
   * Removes the state of a run; removing a missing run is not an error.
   * @param runId - the run's id
   * @returns true when a state was removed
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  async delete(runId: string): Promise<boolean> {
    return this.#entries.delete(parseStoreInput(RunIdSchema, runId, 'run id'));
  }
}
