/**
 * Freezes a value and everything reachable from it (plain objects and arrays).
 * @param value - the value
 * @returns the same value, frozen
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/**
 * A detached, frozen copy of JSON data. Throws for values JSON cannot represent (BigInt,
 * circular references), so callers can refuse them.
 * @param value - JSON-compatible data
 * @returns a frozen copy
 */
export function frozenJsonCopy<T>(value: T): T {
  if (value === undefined) return value;
  return deepFreeze(JSON.parse(JSON.stringify(value)) as T);
}
