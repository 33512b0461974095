import { isJsonValue, parseStoreInput } from '@agent-studio/core';
import { type RunStateSaveOptions, type RunStateStore, StoreError } from '@agent-studio/core';
import { z } from 'zod';
import type { SqlStoreConnection } from './SqlStoreConnection.js';
import { toStoreError } from './toStoreError.js';

const RunIdSchema = z.string().min(1);
const SaveOptionsSchema = z.strictObject({ tenantId: z.string().min(1) });
const StateSchema = z.record(z.string(), z.unknown()).refine(isJsonValue, { message: 'Expected a plain JSON object' });

/**
 * A `RunStateStore` in SQL (table `as_run_states`), with the behaviour of core's
 * `MemoryRunStateStore`: states are stored as JSON text, so they are copied in and out.
 *
 * @remarks
 * `save` is one `INSERT … ON CONFLICT (run_id) DO UPDATE … WHERE tenant_id = :tenant`, so a run id
 * cannot move to another tenant even when two tenants save the same id at once.
 * @example
 * ```ts
 * const { runStates } = await openSqlStores({ sqliteFile: '.agent-studio/agent-studio.db' });
 * await runStates.save(result.runId, result.state, { tenantId: 'acme' });
 * ```
 * @category SQL stores
 */
export class SqlRunStateStore implements RunStateStore {
  readonly #connection: SqlStoreConnection;

  /**
   * @param connection - the kysely instance (over migrated tables) and its dialect
   */
  constructor(connection: SqlStoreConnection) {
    this.#connection = connection;
  }

  /**
   * Stores (or replaces) the state of a run.
   * @param runId - the run's id
   * @param signedState - a plain JSON object, usually a `SignedRunState`
   * @param options - the run's tenant
   * @returns when the state is stored
   * @throws `ConfigurationError` `CONFIG_INVALID` when an argument is missing or the state is not a
   *   plain JSON object
   * @throws `StoreError` `STORE_CONFLICT` when the run id is stored under another tenant;
   *   `STORE_UNAVAILABLE` when the database fails
   */
  async save(runId: string, signedState: unknown, options: RunStateSaveOptions): Promise<void> {
    const id = parseStoreInput(RunIdSchema, runId, 'run id');
    const { tenantId } = parseStoreInput(SaveOptionsSchema, options, 'run-state save options');
    const stateJson = JSON.stringify(parseStoreInput(StateSchema, signedState, 'run state'));
    const { db, dialect } = this.#connection;
    let saved: { run_id: string } | undefined;
    try {
      saved = await db
        .insertInto('as_run_states')
        .values({ run_id: id, tenant_id: tenantId, state_json: stateJson, updated_at: Date.now() })
        .onConflict((oc) =>
          oc
            .column('run_id')
            .doUpdateSet((eb) => ({ state_json: eb.ref('excluded.state_json'), updated_at: eb.ref('excluded.updated_at') }))
            .where((eb) => eb(eb.ref('as_run_states.tenant_id'), '=', eb.ref('excluded.tenant_id'))),
        )
        .returning('run_id')
        .executeTakeFirst();
    } catch (error) {
      throw toStoreError(error, dialect, 'save a run state');
    }
    if (saved === undefined) {
      throw new StoreError('STORE_CONFLICT', `Run '${id}' is stored under another tenant; a run id cannot move between tenants.`, {
        details: { runId: id },
      });
    }
  }

  /**
   * Reads the state of a run.
   * @param runId - the run's id
   * @returns a fresh copy of the stored state, or `undefined` when there is none
   * @throws `ConfigurationError` `CONFIG_INVALID` when the run id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async load(runId: string): Promise<unknown> {
    const id = parseStoreInput(RunIdSchema, runId, 'run id');
    const { db, dialect } = this.#connection;
    try {
      const row = await db.selectFrom('as_run_states').select('state_json').where('run_id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : (JSON.parse(row.state_json) as unknown);
    } catch (error) {
      throw toStoreError(error, dialect, 'load a run state');
    }
  }

  /**
   * Removes the state of a run; removing a missing run is not an error.
   * @param runId - the run's id
   * @returns true when a state was removed
   * @throws `ConfigurationError` `CONFIG_INVALID` when the run id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when the database fails
   */
  async delete(runId: string): Promise<boolean> {
    const id = parseStoreInput(RunIdSchema, runId, 'run id');
    const { db, dialect } = this.#connection;
    try {
      const result = await db.deleteFrom('as_run_states').where('run_id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    } catch (error) {
      throw toStoreError(error, dialect, 'delete a run state');
    }
  }
}
