const UNSAFE = /[\p{Cc}\p{Cs}]/u;

/**
 * Whether a claim value is usable as an id: a non-empty string of at most 256 characters with no
 * control character and no lone surrogate.
 * @param value - the claim value
 * @returns true when it is a usable id
 * @internal
 */
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256 && !UNSAFE.test(value);
}
