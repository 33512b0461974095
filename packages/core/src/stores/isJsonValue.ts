/** Deeper values are refused rather than risking a stack overflow. */
const MAX_DEPTH = 256;

/**
 * Whether a value is plain JSON: null, a boolean, a string, a finite number, an array of JSON
 * values without holes, or a plain object whose own enumerable values are JSON. Cycles, class
 * instances (Date, Map, Buffer…), `undefined`, functions, symbols, bigints, `NaN` and infinities
 * are not JSON.
 *
 * @param value - anything
 * @returns true when the value survives a JSON round trip unchanged
 * @category Stores
 */
export function isJsonValue(value: unknown): boolean {
  try {
    return check(value, 0, new Set());
  } catch {
    // A throwing getter or a hostile proxy: not plain data.
    return false;
  }
}

function check(value: unknown, depth: number, ancestors: Set<object>): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (depth >= MAX_DEPTH || ancestors.has(value)) return false;
  ancestors.add(value);
  let ok = true;
  if (Array.isArray(value)) {
    for (let i = 0; ok && i < value.length; i++) ok = Object.hasOwn(value, i) && check(value[i], depth + 1, ancestors);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) ok = false;
    else for (const key of Object.keys(value)) if (ok) ok = check((value as Record<string, unknown>)[key], depth + 1, ancestors);
  }
  ancestors.delete(value);
  return ok;
}
