/**
 * Options of {@link RunStateStore.save}.
 * @category Stores
 */
export interface RunStateSaveOptions {
  /** The tenant the run belongs to; a run id keeps its tenant for as long as it is stored. */
  readonly tenantId: string;
}

/**
 * Keeps the signed state of suspended runs until they are resumed. The value is opaque to the
 * store: a plain JSON object (the runtime's `SignedRunState`), copied in and out, so no caller can
 * change what is stored except through {@link RunStateStore.save}.
 *
 * @remarks
 * The store does not verify signatures; the runtime does that on resume. Implementations must
 * refuse a value that is not a plain JSON object, and must refuse to move a run id to another
 * tenant.
 * @category Stores
 */
export interface RunStateStore {
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
  save(runId: string, signedState: unknown, options: RunStateSaveOptions): Promise<void>;

  /**
   * Reads the state of a run.
   * @param runId - the run's id
   * @returns a fresh copy of the stored state, or `undefined` when there is none
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  load(runId: string): Promise<unknown>;

  /**
   * Removes the state of a run; removing a missing run is not an error.
   * @param runId - the run's id
   * @returns true when a state was removed
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the run id is not a non-empty string
   */
  delete(runId: string): Promise<boolean>;
}
