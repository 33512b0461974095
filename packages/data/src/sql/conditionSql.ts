import { type RawBuilder, sql } from 'kysely';
import type { FieldDefinition } from '../model/SecurityModelSchema.js';
import type { QueryFilter } from '../model/types.js';
import { SqlFieldStorage } from './SqlFieldStorage.js';
import type { SqlNames } from './SqlNames.js';

/**
 * A compiled condition: SQL over a row alias, or a constant false when the reference evaluator
 * could never match (a value of another type than the field's, an empty `in` list).
 * @category Backends
 * @internal
 */
export type SqlCondition = { readonly kind: 'false' } | { readonly kind: 'true' } | { readonly kind: 'sql'; readonly sql: RawBuilder<unknown> };

const FALSE: SqlCondition = Object.freeze({ kind: 'false' });
const TRUE: SqlCondition = Object.freeze({ kind: 'true' });

/**
 * The SQL of a condition, with constants as `1=1` and `1=0`.
 * @param condition - the condition
 * @returns a boolean SQL expression
 * @category Backends
 * @internal
 */
export function conditionToSql(condition: SqlCondition): RawBuilder<unknown> {
  return condition.kind === 'sql' ? condition.sql : condition.kind === 'true' ? sql`(1=1)` : sql`(1=0)`;
}

/**
 * Compiles one filter or sharing-rule criterion to SQL with exactly the semantics of
 * `matchesCriterion`: a NULL value never matches (SQL's three-valued logic gives that for free as
 * long as nothing is negated); `eq`/`ne`/`in` compare with `===`, so a value whose `typeof`
 * differs from the field's kind never equals it (`ne` then holds for every non-null value);
 * `gt`/`gte`/`lt`/`lte` hold only when the kinds match. Values are always bound parameters.
 * @param names - identifiers of the backend
 * @param alias - the row alias the condition tests
 * @param field - the field's name
 * @param definition - the field's definition
 * @param condition - the operator and the value
 * @returns the compiled condition
 * @category Backends
 * @internal
 */
export function conditionSql(
  names: SqlNames,
  alias: string,
  field: string,
  definition: FieldDefinition,
  condition: Pick<QueryFilter, 'op'> & { readonly value: unknown },
): SqlCondition {
  const kind = SqlFieldStorage.kind(definition.type);
  const col = names.col(alias, field);
  const fits = (v: unknown): v is string | number | boolean => typeof v === kind && !(typeof v === 'number' && Number.isNaN(v));
  const param = (v: string | number | boolean) => SqlFieldStorage.param(names.dialect, definition.type, v);
  const { op, value } = condition;
  if (op === 'in') {
    const values = Array.isArray(value) ? (value as unknown[]).filter(fits) : [];
    if (values.length === 0) return FALSE;
    return { kind: 'sql', sql: sql`${col} IN (${sql.join(values.map(param))})` };
  }
  if (op === 'ne') return { kind: 'sql', sql: fits(value) ? sql`${col} <> ${param(value)}` : sql`${col} IS NOT NULL` };
  if (!fits(value)) return FALSE;
  const p = param(value);
  switch (op) {
    case 'eq':
      return { kind: 'sql', sql: sql`${col} = ${p}` };
    case 'gt':
      return { kind: 'sql', sql: sql`${col} > ${p}` };
    case 'gte':
      return { kind: 'sql', sql: sql`${col} >= ${p}` };
    case 'lt':
      return { kind: 'sql', sql: sql`${col} < ${p}` };
    case 'lte':
      return { kind: 'sql', sql: sql`${col} <= ${p}` };
  }
  return FALSE;
}

/**
 * Combines compiled conditions with AND or OR, folding constants away (AND of nothing is true,
 * OR of nothing is false).
 * @param conditions - the conditions
 * @param logic - and, or
 * @returns the combined condition
 * @category Backends
 * @internal
 */
export function combineConditions(conditions: readonly SqlCondition[], logic: 'and' | 'or'): SqlCondition {
  const parts: RawBuilder<unknown>[] = [];
  for (const c of conditions) {
    if (c.kind === 'sql') parts.push(c.sql);
    else if (c.kind === (logic === 'and' ? 'false' : 'true')) return c;
  }
  if (parts.length === 0) return logic === 'and' ? TRUE : FALSE;
  if (parts.length === 1) return { kind: 'sql', sql: sql`(${parts[0]})` };
  return { kind: 'sql', sql: sql`(${sql.join(parts, logic === 'and' ? sql` AND ` : sql` OR `)})` };
}
