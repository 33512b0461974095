/**
 * Reads a numeric column: `pg` returns `bigint`, `numeric` and `count` results as strings, and
 * `SUM` over no rows is null.
 * @param value - the column's value
 * @returns the number (0 for null)
 * @internal
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  return Number(value);
}
