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

/** Deeper values count as not frozen (a frozen cycle would otherwise recurse forever). */
const MAX_FROZEN_DEPTH = 64;

/**
 * Whether a value and everything reachable from it (own property values) is frozen, so nothing
 * in it can change any more. Primitives are. Values nested deeper than 64 levels count as not
 * frozen.
 * @param value - the value
 * @returns true when the value can never change
 */
export function isDeepFrozen(value: unknown): boolean {
  return deepFrozen(value, 0);
}

function deepFrozen(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  if (depth >= MAX_FROZEN_DEPTH || !Object.isFrozen(value)) return false;
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d === undefined || d.get !== undefined || d.set !== undefined) return false;
    if (!deepFrozen(d.value, depth + 1)) return false;
  }
  return true;
}
