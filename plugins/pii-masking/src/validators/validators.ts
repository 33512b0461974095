/**
 * The explicit validator types a catalog entry can name (R-PII-5).
 * @category Plugins
 */
export type PiiValidatorType = 'LUHN' | 'IBAN_MOD97' | 'SSN_INVALID' | 'ABA_CHECKSUM';

/**
 * Luhn check (R-PII-5): non-digits are stripped; 13–19 digits; every second digit from the right is
 * doubled (minus 9 when above 9); valid when the sum is a multiple of 10.
 * @param value - the candidate number, separators allowed
 * @returns whether the number passes
 * @category Plugins
 */
export function isValidLuhn(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * IBAN mod-97 check (R-PII-5): spaces removed, upper-cased, 15–34 characters, the first four moved to
 * the end, letters turned into 10..35; valid when the remainder mod 97 is 1.
 * @param value - the candidate IBAN
 * @returns whether the IBAN passes
 * @category Plugins
 */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/\s/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const n = code >= 65 ? code - 55 : code - 48;
    remainder = n >= 10 ? (remainder * 100 + n) % 97 : (remainder * 10 + n) % 97;
  }
  return remainder === 1;
}

/** Known-invalid or advertising SSNs that must not be treated as real ones. */
const KNOWN_INVALID_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '457555462']);

/**
 * SSN validity (R-PII-4, REF-HEAD): 9 digits once separators are stripped; rejects area 000, 666 and
 * 900–999, group 00, serial 0000, all-same-digit numbers and a small list of advertising SSNs.
 * @param value - the candidate SSN, dashed or plain
 * @returns whether the SSN could be real
 * @category Plugins
 */
export function isValidSsn(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (/^(\d)\1{8}$/.test(digits)) return false;
  return !KNOWN_INVALID_SSNS.has(digits);
}

/**
 * ABA routing-number checksum (R-PII-4, REF-HEAD): 9 digits, first digit in {0,1,2,3,6,7,8}, weights
 * 3-7-1 repeating, weighted sum a multiple of 10.
 * @param value - the candidate routing number
 * @returns whether the routing number passes
 * @category Plugins
 */
export function isValidAbaRouting(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 9 || !'0123678'.includes(digits.charAt(0))) return false;
  const weights = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (weights[i % 3] ?? 0);
  return sum % 10 === 0;
}

/**
 * Runs the named validator on a matched value.
 * @param type - the validator type
 * @param value - the matched value
 * @returns whether the value passes
 * @category Plugins
 */
export function runValidator(type: PiiValidatorType, value: string): boolean {
  switch (type) {
    case 'LUHN':
      return isValidLuhn(value);
    case 'IBAN_MOD97':
      return isValidIban(value);
    case 'SSN_INVALID':
      return isValidSsn(value);
    case 'ABA_CHECKSUM':
      return isValidAbaRouting(value);
  }
}
