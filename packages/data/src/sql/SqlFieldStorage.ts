import { type RawBuilder, sql } from 'kysely';
import { DataAccessError } from '../errors/DataAccessError.js';
import type { FieldType } from '../model/SecurityModelSchema.js';
import type { SqlDialectKind } from './SqlDialectKind.js';

/**
 * The JavaScript type a field's values have once stored and read back: the reference evaluator
 * compares values with `===` and orders them only when `typeof` matches, so this is what decides
 * how a filter or a sharing-rule criterion compiles to SQL.
 * @category Backends
 * @internal
 */
export type SqlValueKind = 'string' | 'number' | 'boolean';

const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(['integer', 'number', 'currency', 'percent']);

/**
 * How field values are stored in SQL and read back. Text is stored as text (with the byte-order
 * `"C"` collation on PostgreSQL, so comparisons and sorting follow code points on both
 * databases); integers as `INTEGER`/`bigint`; other numbers as `REAL`/`double precision`;
 * booleans as `0/1` on SQLite and `boolean` on PostgreSQL. Dates and times stay ISO strings,
 * which is how the reference evaluator compares them.
 * @category Backends
 * @internal
 */
export const SqlFieldStorage = Object.freeze({
  /**
   * The value kind of a field type.
   * @param type - the field type
   * @returns string, number or boolean
   */
  kind(type: FieldType): SqlValueKind {
    if (NUMBER_TYPES.has(type)) return 'number';
    return type === 'boolean' ? 'boolean' : 'string';
  },

  /**
   * The column type for a field type (a fixed SQL fragment, never user input).
   * @param dialect - sqlite or postgres
   * @param type - the field type
   * @returns the column type
   */
  columnType(dialect: SqlDialectKind, type: FieldType): RawBuilder<unknown> {
    const kind = SqlFieldStorage.kind(type);
    if (dialect === 'sqlite') return sql.raw(kind === 'string' ? 'TEXT' : type === 'integer' || kind === 'boolean' ? 'INTEGER' : 'REAL');
    return sql.raw(kind === 'string' ? 'text COLLATE "C"' : type === 'integer' ? 'bigint' : kind === 'boolean' ? 'boolean' : 'double precision');
  },

  /**
   * Checks a value against its field type and converts it for the driver.
   * @param dialect - sqlite or postgres
   * @param type - the field type
   * @param value - the value (`undefined` and `null` store NULL)
   * @param where - `Object.Field`, for the message
   * @returns the driver value
   * @throws {@link DataAccessError} `INPUT_VALIDATION` when the value does not fit the type
   */
  encode(dialect: SqlDialectKind, type: FieldType, value: unknown, where: string): unknown {
    if (value === undefined || value === null) return null;
    const kind = SqlFieldStorage.kind(type);
    const ok =
      kind === 'string'
        ? typeof value === 'string'
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'number' && Number.isFinite(value) && (type !== 'integer' || Number.isSafeInteger(value));
    if (!ok) {
      throw new DataAccessError('INPUT_VALIDATION', `The value of ${where} must be ${type === 'integer' ? 'a safe integer' : kind === 'number' ? 'a finite number' : `a ${kind}`} or null.`, {
        details: { field: where, type },
      });
    }
    if (kind === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
    return value;
  },

  /**
   * Converts a value read from the driver back to its JavaScript kind.
   * @param kind - the field's value kind
   * @param value - the driver value
   * @returns the value (null stays null)
   */
  decode(kind: SqlValueKind, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (kind === 'boolean') return value === true || value === 1 || value === 1n;
    if (kind === 'number') return typeof value === 'number' ? value : Number(value);
    return value;
  },

  /**
   * A bound parameter holding a comparison value for a column of the given type, cast so that
   * PostgreSQL compares numbers as numbers whatever the column's integer-ness.
   * @param dialect - sqlite or postgres
   * @param type - the column's field type
   * @param value - a value whose `typeof` matches the column's kind
   * @returns the parameter expression
   */
  param(dialect: SqlDialectKind, type: FieldType, value: string | number | boolean): RawBuilder<unknown> {
    if (typeof value === 'boolean') return dialect === 'sqlite' ? sql`${value ? 1 : 0}` : sql`cast(${value} as boolean)`;
    if (typeof value === 'number') {
      if (dialect === 'sqlite') return sql`${value}`;
      return type === 'integer' && Number.isSafeInteger(value) ? sql`cast(${value} as bigint)` : sql`cast(${value} as double precision)`;
    }
    return sql`${value}`;
  },
});
