import type { ModelIndex } from '../model/ModelIndex.js';
import type { AccessLevel, DataRecord, QueryFilter, RecordShare, SortSpec } from '../model/types.js';

/**
 * Whose record-level access a backend must enforce, and at what level.
 * @category Backends
 */
export interface Visibility {
  /** The user. */
  readonly userId: string;
  /** The least record access a row needs to be returned (`read` for queries, `edit`, `full`). */
  readonly need: Exclude<AccessLevel, 'none'>;
}

/**
 * A query as the backend receives it, after CRUD and FLS were checked.
 * @category Backends
 */
export interface FindRequest {
  /** The object. */
  readonly object: string;
  /** The fields to return; `Id` is always among them. */
  readonly fields: readonly string[];
  /** Conditions, all of which must hold (a condition on null is false). */
  readonly where: readonly QueryFilter[];
  /** Sort order; the backend breaks ties by `Id` ascending. */
  readonly orderBy: readonly Required<SortSpec>[];
  /** The most rows to return. */
  readonly limit: number;
  /**
   * The record-level filter: only rows this user can access at this level. `undefined` means no
   * record-level filter (View All / Modify All, or audited system mode).
   */
  readonly visibility: Visibility | undefined;
}

/**
 * Storage for records and shares. A backend enforces record visibility itself (a SQL backend as a
 * predicate in the query; it never loads rows into JS to filter them) and must agree with
 * `referenceRecordAccess` on every (user, record) pair. CRUD and FLS are checked before it is
 * called, by SecureDataAccess.
 * @category Backends
 */
export interface DataBackend {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /**
   * Prepares storage for the model: creates or migrates tables, and rebuilds the derived tables
   * (role closure, group membership) that visibility depends on. Call it again after the model
   * changes.
   * @param index - the model
   */
  open(index: ModelIndex): Promise<void>;
  /**
   * Returns the rows that match, visible at the requested level.
   * @param request - the query
   * @returns the rows, with only the requested fields
   */
  find(request: FindRequest): Promise<DataRecord[]>;
  /**
   * The record-level access (sharing only: no CRUD, no View All) of a user to a record.
   * @param object - the object
   * @param recordId - the record
   * @param userId - the user
   * @returns the level, or undefined when the record does not exist
   */
  recordAccess(object: string, recordId: string, userId: string): Promise<AccessLevel | undefined>;
  /**
   * Inserts records (ids and owners already set).
   * @param object - the object
   * @param records - the records
   */
  insert(object: string, records: readonly DataRecord[]): Promise<void>;
  /**
   * Updates one record's fields.
   * @param object - the object
   * @param recordId - the record
   * @param values - the new values
   * @returns whether the record existed
   */
  update(object: string, recordId: string, values: Readonly<Record<string, unknown>>): Promise<boolean>;
  /**
   * Deletes one record and its shares.
   * @param object - the object
   * @param recordId - the record
   * @returns whether the record existed
   */
  delete(object: string, recordId: string): Promise<boolean>;
  /**
   * Adds a manual or programmatic share.
   * @param share - the share
   */
  addShare(share: RecordShare): Promise<void>;
  /**
   * Releases connections.
   */
  close(): Promise<void>;
}
