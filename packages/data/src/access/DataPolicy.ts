import type { QueryFilter } from '../model/types.js';

/**
 * What a {@link DataPolicy} is asked about a write.
 * @category Data
 */
export interface DataPolicyWrite {
  /** The user the data is accessed as. */
  readonly userId: string;
  /** The object. */
  readonly object: string;
  /** The operation. */
  readonly operation: 'create' | 'edit' | 'delete';
  /** The record, for edit and delete. */
  readonly recordId?: string;
  /** The values written, for create and edit. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * A {@link DataPolicy}'s verdict on a write.
 * @category Data
 */
export interface DataPolicyVerdict {
  /** Whether the write may go ahead. */
  readonly allowed: boolean;
  /** Why not (no field values), when refused. */
  readonly reason?: string;
}

/**
 * A record-level rule of your own, on top of CRUD, FLS and sharing (which it can only narrow,
 * never widen). Bind it with `dataModule({ policies })`; SecureDataAccess applies it to every
 * query and write of the run-as user.
 *
 * - `readFilters`: conditions every read of the object must also meet. They are added to the query
 *   as filters, so a SQL backend pushes them down like the sharing predicate; they also decide
 *   whether a record can be read, edited or deleted by id (a record outside them does not exist
 *   for the user). Policy filters are the policy's own: the user's field permissions do not apply
 *   to them.
 * - `checkWrite`: decides a create, edit or delete before it happens; a refusal is a
 *   `DATA_POLICY_DENIED` error and nothing is written.
 *
 * A policy that throws refuses the operation (fail closed).
 * @example
 * ```ts
 * const regionPolicy: DataPolicy = {
 *   name: 'own-region',
 *   readFilters: ({ userId, object }) => (object === 'Account' ? [{ field: 'Region', op: 'eq', value: regionOf(userId) }] : []),
 * };
 * ```
 * @category Data
 */
export interface DataPolicy {
  /** A name for decisions and errors. */
  readonly name: string;
  /**
   * The filters every read of an object must also meet, for a user.
   * @param input - the user and the object
   * @returns the filters (empty for none)
   */
  readFilters?(input: { readonly userId: string; readonly object: string }): readonly QueryFilter[];
  /**
   * Decides a write.
   * @param input - the user, the object, the operation, the record and the values
   * @returns the verdict
   */
  checkWrite?(input: DataPolicyWrite): DataPolicyVerdict | Promise<DataPolicyVerdict>;
}
