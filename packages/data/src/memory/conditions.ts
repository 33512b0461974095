import { DataAccessError } from '../errors/DataAccessError.js';

/**
 * The comparison operators of criteria and query filters.
 * @category Backends
 */
export type ConditionOperator = 'eq' | 'ne' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';

/**
 * A condition prepared for repeated evaluation: the operator as a small number, the value's
 * `typeof`, and a `Set` for `in`.
 * @category Backends
 */
export interface CompiledCondition {
  /** The field the condition tests. */
  readonly field: string;
  /** The operator, as an index into the operator list (eq 0, ne 1, in 2, gt 3, gte 4, lt 5, lte 6). */
  readonly op: number;
  /** The value compared against. */
  readonly value: unknown;
  /** `typeof value`, for the ordering operators (which never compare across types). */
  readonly valueType: string;
  /** The members for `in`; undefined when the value of an `in` is not an array (never matches). */
  readonly members: ReadonlySet<unknown> | undefined;
}

const OPERATORS: readonly ConditionOperator[] = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'];

/**
 * Prepares a criterion or filter for {@link testCondition}. The semantics are those of
 * `matchesCriterion`: a missing or null value never matches; `in` needs an array; the ordering
 * operators compare only values of the same `typeof`.
 * @param condition - field, operator and value
 * @returns the prepared condition
 * @throws {@link DataAccessError} `QUERY_INVALID` when the operator is not one of eq, ne, in, gt, gte, lt, lte
 * @category Backends
 */
export function compileCondition(condition: { readonly field: string; readonly op: string; readonly value: unknown }): CompiledCondition {
  const op = OPERATORS.indexOf(condition.op as ConditionOperator);
  if (op < 0) throw new DataAccessError('QUERY_INVALID', `Unknown operator "${String(condition.op)}" on field "${condition.field}"; use one of ${OPERATORS.join(', ')}.`);
  const value = condition.value;
  return {
    field: condition.field,
    op,
    value,
    valueType: typeof value,
    members: op === 2 && Array.isArray(value) ? new Set<unknown>(value) : undefined,
  };
}

/**
 * Evaluates a prepared condition on a value, allocating nothing.
 * @param c - the prepared condition
 * @param v - the record's value of `c.field`
 * @returns true when the value matches (never for a missing or null value)
 * @category Backends
 */
export function testCondition(c: CompiledCondition, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (c.op) {
    case 0:
      return v === c.value;
    case 1:
      return v !== c.value;
    case 2:
      return c.members?.has(v) === true;
    case 3:
      return typeof v === c.valueType && (v as number) > (c.value as number);
    case 4:
      return typeof v === c.valueType && (v as number) >= (c.value as number);
    case 5:
      return typeof v === c.valueType && (v as number) < (c.value as number);
    default:
      return typeof v === c.valueType && (v as number) <= (c.value as number);
  }
}

const TYPE_RANK: Readonly<Record<string, number>> = { boolean: 0, number: 1, bigint: 1, string: 2 };

/**
 * Orders two strings by Unicode code point, which is the byte order of their UTF-8 forms (the
 * order of SQLite's `BINARY` and PostgreSQL's `"C"` collation), not JavaScript's UTF-16 order.
 * @param a - one string
 * @param b - another string
 * @returns a negative number, zero or a positive number
 * @category Backends
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF: move them above U+E000..U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Orders two field values for sorting, as the SQL backends do: a missing or null value sorts
 * after every other value (so last ascending and first descending, like `ASC NULLS LAST` /
 * `DESC NULLS FIRST`); strings compare by code point ({@link compareStrings}); numbers and
 * booleans naturally; values of different types order boolean, then number, then string, then
 * anything else.
 * @param a - one value
 * @param b - another value
 * @returns a negative number, zero or a positive number
 * @category Backends
 */
export function compareValues(a: unknown, b: unknown): number {
  const aNull = a === undefined || a === null;
  const bNull = b === undefined || b === null;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return (TYPE_RANK[ta] ?? 3) - (TYPE_RANK[tb] ?? 3);
  if (ta === 'string') return compareStrings(a as string, b as string);
  if (ta === 'object') return compareStrings(JSON.stringify(a), JSON.stringify(b));
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}
