/**
 * The explicit validator types a catalog entry can name (R-PII-5). The first four are REF-HEAD's;
 * the others are the SDK's stricter checks used by the default catalog:
 * - `PAYMENT_CARD`: issuer prefix with that issuer's lengths (12–19 digits), then Luhn;
 * - `IBAN_STRICT`: a registered country, that country's IBAN length, then mod-97 (a match longer
 *   than the country's length is cut back to it at a group boundary);
 * - `IPV6`: a well-formed IPv6 address (full, compressed, or with an IPv4 tail) holding a digit;
 * - `PHONE`: 7–15 digits that do not read as a date, an IPv4 address or an SSN.
 * @category Plugins
 */
export type PiiValidatorType = 'LUHN' | 'IBAN_MOD97' | 'SSN_INVALID' | 'ABA_CHECKSUM' | 'PAYMENT_CARD' | 'IBAN_STRICT' | 'IPV6' | 'PHONE';

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

/** One issuer's prefix range (inclusive, same number of digits) and the lengths its cards have. */
interface CardRange {
  readonly low: string;
  readonly high: string;
  readonly min: number;
  readonly max: number;
}

const range = (low: string, high: string, min: number, max = min): CardRange => ({ low, high, min, max });

/**
 * Issuer identification ranges and card lengths: Visa, Mastercard (51–55, 2221–2720), Amex, Diners
 * (300–305, 3095, 36, 38–39), Discover (6011, 622126–622925, 644–649, 65), JCB (35, as Faker issues
 * them; 3528–3589 in use, and the 15-digit 1800/2131), UnionPay (62), Mir (2200–2204), Maestro (5018, 5020, 5038, 5893, 56–58,
 * 6304, 6390, 6759, 6761–6763, and 0604 as in Faker's Maestro prefixes).
 */
const CARD_RANGES: readonly CardRange[] = [
  { low: '4', high: '4', min: 13, max: 19 },
  range('51', '55', 16),
  range('2221', '2720', 16),
  range('34', '34', 15),
  range('37', '37', 15),
  range('300', '305', 14, 19),
  range('3095', '3095', 14, 19),
  range('36', '36', 14, 19),
  range('38', '39', 14, 19),
  range('6011', '6011', 16, 19),
  range('622126', '622925', 16, 19),
  range('644', '649', 16, 19),
  range('65', '65', 16, 19),
  range('35', '35', 16, 19),
  range('1800', '1800', 15),
  range('2131', '2131', 15),
  range('62', '62', 16, 19),
  range('2200', '2204', 16, 19),
  range('5018', '5018', 12, 19),
  range('5020', '5020', 12, 19),
  range('5038', '5038', 12, 19),
  range('5893', '5893', 12, 19),
  range('56', '58', 12, 19),
  range('6304', '6304', 12, 19),
  range('6390', '6390', 12, 19),
  range('6759', '6759', 12, 19),
  range('6761', '6763', 12, 19),
  range('0604', '0604', 12, 19),
];

/** Visa is issued with 13, 16 or 19 digits only. */
const VISA_LENGTHS: ReadonlySet<number> = new Set([13, 16, 19]);

/**
 * Luhn sum over a digit string of any length.
 * @param digits - digits only
 * @returns whether the sum is a multiple of 10
 */
function luhn(digits: string): boolean {
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
 * Payment-card check used by the default catalog: non-digits are stripped; 12–19 digits; the number
 * must start with a known issuer's prefix and have one of that issuer's lengths (Visa 13/16/19,
 * Mastercard 16, Amex 15, Diners 14–19, Discover, JCB, UnionPay and Mir 16–19, legacy JCB 15,
 * Maestro 12–19), and pass Luhn. Stricter than {@link isValidLuhn}, which accepts any 13–19 digits.
 * @param value - the candidate number, separators allowed
 * @returns whether the number could be a real card number
 * @category Plugins
 */
export function isValidPaymentCard(value: string): boolean {
  let digits = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += value.charAt(i);
  }
  const n = digits.length;
  if (n < 12 || n > 19) return false;
  let issued = false;
  for (const r of CARD_RANGES) {
    if (n < r.min || n > r.max || digits.charCodeAt(0) !== r.low.charCodeAt(0)) continue;
    const head = digits.slice(0, r.low.length);
    if (head < r.low || head > r.high) continue;
    if (r.low === '4' && !VISA_LENGTHS.has(n)) continue;
    issued = true;
    break;
  }
  return issued && luhn(digits);
}

/**
 * IBAN lengths by country, from the SWIFT IBAN registry.
 * @category Plugins
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
});

/**
 * Strict IBAN check used by the default catalog: spaces removed, upper-cased; a registered country
 * code, exactly that country's length, and mod-97 (as {@link isValidIban}).
 * @param value - the candidate IBAN, compact or grouped by spaces, any case
 * @returns whether the IBAN passes
 * @category Plugins
 */
export function isValidIbanStrict(value: string): boolean {
  const iban = value.replace(/ /g, '').toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  return length !== undefined && iban.length === length && isValidIban(iban);
}

/**
 * The length, in characters of `value`, of the IBAN it starts with: the registered length of its
 * country counted in letters and digits, ending at a group boundary (the end, or a space).
 * @param value - a match of an IBAN-shaped regex, possibly running into a following word
 * @returns the length to keep, or undefined when the country is unknown or the value too short
 * @internal
 */
export function ibanPrefixLength(value: string): number | undefined {
  const length = IBAN_LENGTHS[value.slice(0, 2).toUpperCase()];
  if (length === undefined) return undefined;
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) === 32) continue;
    count++;
    if (count === length) return i + 1 === value.length || value.charCodeAt(i + 1) === 32 ? i + 1 : undefined;
  }
  return undefined;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * IPv6 check: eight groups of 1–4 hex digits, or fewer around one `::`, optionally ending in an
 * IPv4 address (two groups' worth). The address must hold a decimal digit, so that hex-only words
 * joined by colons (`dead::beef`, `add::bad`) are not taken for addresses.
 * @param value - the candidate address
 * @returns whether it is a well-formed IPv6 address
 * @category Plugins
 */
export function isValidIpv6(value: string): boolean {
  if (value.length < 3 || value.length > 45 || !/\d/.test(value)) return false;
  let s = value;
  if (s.includes('.')) {
    const last = s.lastIndexOf(':');
    if (last < 0 || !IPV4.test(s.slice(last + 1))) return false;
    s = `${s.slice(0, last + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  if (halves.length === 2) {
    const groups = [...groupsOf(halves[0] ?? ''), ...groupsOf(halves[1] ?? '')];
    return groups.length <= 7 && groups.every((g) => HEX_GROUP.test(g));
  }
  const groups = s.split(':');
  return groups.length === 8 && groups.every((g) => HEX_GROUP.test(g));
}

const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Where a trailing extension (`x123`, ` ext. 12`, `#5`) starts in a phone number, or its length when it has none. */
function extensionStart(value: string): number {
  let i = value.length;
  while (i > 0 && isAsciiDigit(value.charCodeAt(i - 1))) i--;
  const digits = value.length - i;
  if (digits === 0 || digits > 5 || i === value.length) return value.length;
  if (value.charCodeAt(i - 1) === 32) i--;
  const marker = value.slice(Math.max(0, i - 4), i).toLowerCase();
  let start = -1;
  if (marker.endsWith('ext.')) start = i - 4;
  else if (marker.endsWith('ext')) start = i - 3;
  else if (marker.endsWith('x') || marker.endsWith('#')) start = i - 1;
  if (start <= 0) return value.length;
  return value.charCodeAt(start - 1) === 32 ? start - 1 : start;
}

const isMonth = (m: number): boolean => m >= 1 && m <= 12;
const isDay = (d: number): boolean => d >= 1 && d <= 31;

/**
 * Phone plausibility used by the default catalog's phone entries: an optional extension
 * (`x123`, `ext. 12`) is set aside; the rest holds 7–15 digits (E.164's maximum), and is not shaped
 * like a dotted-quad IPv4 address, a 3-2-4 SSN, or a date (`2024-05-17`, `17.05.2024`); at most two
 * groups are a single digit.
 * @param value - the candidate number with its separators
 * @returns whether it could be a phone number
 * @category Plugins
 */
export function isPlausiblePhone(value: string): boolean {
  const end = extensionStart(value);
  // digit groups, and the characters between them
  const groups: number[] = [];
  const values: number[] = [];
  let separators = '';
  let run = 0;
  let number = 0;
  let digits = 0;
  let other = false;
  for (let i = 0; i < end; i++) {
    const code = value.charCodeAt(i);
    if (isAsciiDigit(code)) {
      run++;
      digits++;
      number = number * 10 + (code - 48);
      continue;
    }
    if (run > 0) {
      groups.push(run);
      values.push(number);
      run = 0;
      number = 0;
    }
    if (groups.length > 0) separators += value.charAt(i);
    else other = true;
  }
  if (run > 0) {
    groups.push(run);
    values.push(number);
  } else separators = separators.trimEnd();
  if (digits < 7 || digits > 15) return false;
  let single = 0;
  for (const g of groups) if (g === 1) single++;
  if (single > 2) return false;
  if (other) return true;
  const [g0, g1, g2] = groups;
  const [v0 = 0, v1 = 0, v2 = 0] = values;
  const same = separators.length === groups.length - 1 && [...separators].every((c) => c === separators.charAt(0));
  if (!same) return true;
  const sep = separators.charAt(0);
  // dotted quad
  if (sep === '.' && groups.length === 4 && groups.every((g) => g <= 3)) return false;
  if (groups.length !== 3) return true;
  // 3-2-4 SSN
  if ((sep === '-' || sep === ' ') && g0 === 3 && g1 === 2 && g2 === 4) return false;
  // dates: yyyy-mm-dd, dd.mm.yyyy, mm/dd/yyyy-style with . - or space
  if (g0 === 4 && g1 === 2 && g2 === 2 && isMonth(v1) && isDay(v2)) return false;
  if (g0 === 2 && g1 === 2 && g2 === 4 && ((isDay(v0) && isMonth(v1)) || (isMonth(v0) && isDay(v1)))) return false;
  return true;
}

/** The function behind each validator type. */
const VALIDATORS: Readonly<Record<PiiValidatorType, (value: string) => boolean>> = {
  LUHN: isValidLuhn,
  IBAN_MOD97: isValidIban,
  SSN_INVALID: isValidSsn,
  ABA_CHECKSUM: isValidAbaRouting,
  PAYMENT_CARD: isValidPaymentCard,
  IBAN_STRICT: isValidIbanStrict,
  IPV6: isValidIpv6,
  PHONE: isPlausiblePhone,
};

/**
 * The function that checks values for a validator type.
 * @param type - the validator type
 * @returns the check
 * @internal
 */
export function validatorOf(type: PiiValidatorType): (value: string) => boolean {
  return VALIDATORS[type];
}

/**
 * Runs the named validator on a matched value.
 * @param type - the validator type
 * @param value - the matched value
 * @returns whether the value passes
 * @category Plugins
 */
export function runValidator(type: PiiValidatorType, value: string): boolean {
  return VALIDATORS[type](value);
}
