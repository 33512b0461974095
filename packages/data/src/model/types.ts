/**
 * A record as the data layer holds it: `Id`, `OwnerId` (objects not controlled by a parent) and
 * field values by API name.
 * @category Data
 */
export type DataRecord = Readonly<Record<string, unknown>> & RecordKey;

/**
 * The part every record has.
 * @category Data
 */
export interface RecordKey {
  /** The record's id. */
  readonly Id: string;
}

/**
 * One sort key.
 * @category Data
 */
export interface SortSpec {
  /** The field. */
  readonly field: string;
  /** Ascending (default) or descending. */
  readonly direction?: 'asc' | 'desc';
}

/**
 * Record-level access, lowest to highest (R-SHR-3: the owner has full access).
 * @category Data
 */
export type AccessLevel = 'none' | 'read' | 'edit' | 'full';

/**
 * The rank of each access level, for comparisons.
 * @category Data
 */
export const ACCESS_RANK: Readonly<Record<AccessLevel, number>> = Object.freeze({ none: 0, read: 1, edit: 2, full: 3 });

/**
 * A record operation.
 * @category Data
 */
export type RecordOperation = 'read' | 'edit' | 'delete';

/**
 * The record access each operation needs (R-SHR-10: delete needs full access).
 * @category Data
 */
export const NEEDED_LEVEL: Readonly<Record<RecordOperation, AccessLevel>> = Object.freeze({ read: 'read', edit: 'edit', delete: 'full' });

/**
 * A manual or programmatic share of one record (R-SHR-6).
 * @category Data
 */
export interface RecordShare {
  /** The object. */
  readonly object: string;
  /** The record's id. */
  readonly recordId: string;
  /** Who gets access. */
  readonly grantee: import('./SecurityModelSchema.js').Grantee;
  /** Read or ReadWrite (Full Access cannot be shared). */
  readonly access: 'Read' | 'ReadWrite';
  /** `Manual`, or an application's reason code. */
  readonly cause: string;
}

/**
 * A filter of a query. A condition on a null value is false for every operator.
 * @category Data
 */
export interface QueryFilter {
  /** The field. */
  readonly field: string;
  /** The comparison. */
  readonly op: 'eq' | 'ne' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';
  /** The value (an array for `in`). */
  readonly value: string | number | boolean | readonly (string | number)[];
}

/**
 * A query in user mode.
 * @category Data
 */
export interface QuerySpec {
  /** The object. */
  readonly object: string;
  /** The fields to return (`Id` is always returned). */
  readonly fields: readonly string[];
  /** Conditions, all of which must hold. */
  readonly where?: readonly QueryFilter[];
  /** Sort order; ties are broken by `Id`. */
  readonly orderBy?: readonly SortSpec[];
  /** The most records to return (default 200, at most 2,000). */
  readonly limit?: number;
}
