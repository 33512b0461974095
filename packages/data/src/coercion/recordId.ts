import { DataAccessError } from '../errors/DataAccessError.js';

/** The 32 characters a case-safe suffix character is drawn from, indexed by a 5-bit mask. */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[A-Za-z0-9]{15}$/;
const ID_18 = /^[A-Za-z0-9]{18}$/;
const KEY_PREFIX = /^[A-Za-z0-9]{3}$/;

/**
 * Computes the 3-character case-safe suffix of a 15-character id (R-ACT-OUT-2): the id is cut into
 * three 5-character chunks; in each chunk, character `i` sets bit `i` when it is an uppercase
 * letter `A`–`Z`; the 5-bit mask indexes `A`–`Z0`–`5`.
 */
function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let mask = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) mask |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[mask];
  }
  return suffix;
}

/**
 * Converts a 15-character, case-sensitive record id into its 18-character case-safe form by
 * appending the checksum suffix (R-ACT-OUT-2).
 *
 * @remarks
 * An 18-character id whose suffix is already correct is returned unchanged, so the function is
 * idempotent.
 *
 * @example
 * ```ts
 * toCaseSafeId('0015000000Gv7qJ'); // '0015000000Gv7qJAAR'
 * ```
 * @param id15 - a 15-character alphanumeric record id (or an already case-safe 18-character one)
 * @returns the 18-character case-safe id
 * @throws {@link DataAccessError} `INPUT_VALIDATION` when `id15` is not a 15-character alphanumeric
 * id nor a valid 18-character one
 * @category Coercion
 */
export function toCaseSafeId(id15: string): string {
  if (typeof id15 === 'string' && ID_15.test(id15)) return id15 + checksum(id15);
  if (typeof id15 === 'string' && ID_18.test(id15) && isValidRecordId(id15)) return id15;
  throw new DataAccessError(
    'INPUT_VALIDATION',
    'A case-safe id can only be computed from a 15-character record id made of letters and digits. Pass the id exactly as the data layer returned it.',
    { details: { length: typeof id15 === 'string' ? id15.length : undefined } },
  );
}

/**
 * Checks that a string is a syntactically valid record id (R-ACT-OUT-2): only letters and
 * digits, 15 or 18 characters long, starting with `keyPrefix` when one is given, and, for 18
 * characters, ending with the correct case-safe checksum of the first 15.
 *
 * @remarks
 * The check is strict: the suffix must be uppercase and must match the case of the first 15
 * characters as given (an id whose letters were lowercased fails). The key prefix is compared
 * case-sensitively. A `keyPrefix` that is not exactly three letters or digits never matches, so a
 * misconfigured prefix fails closed rather than accepting every id. This checks the id's shape
 * only, never that the record exists or is visible to anyone.
 *
 * @example
 * ```ts
 * isValidRecordId('001000000000001AAA', '001'); // true
 * isValidRecordId('001000000000001AAB');        // false: wrong checksum
 * ```
 * @param id - the candidate id
 * @param keyPrefix - the 3-character key prefix of the expected entity type, if known
 * @returns true when the id is well formed (and carries the prefix)
 * @category Coercion
 */
export function isValidRecordId(id: string, keyPrefix?: string): boolean {
  if (typeof id !== 'string') return false;
  if (keyPrefix !== undefined && (typeof keyPrefix !== 'string' || !KEY_PREFIX.test(keyPrefix) || !id.startsWith(keyPrefix))) return false;
  if (ID_15.test(id)) return true;
  if (!ID_18.test(id)) return false;
  return id.slice(15) === checksum(id.slice(0, 15));
}
