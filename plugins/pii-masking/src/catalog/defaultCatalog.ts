import type { PiiPattern } from './PiiPattern.js';

// Every regex below runs in linear time: all quantifiers are bounded, alternatives and separators are
// disjoint character classes, and look-behinds stop matches from starting inside a run of the same
// characters, so each start offset costs a bounded amount of work.

/** The words that may follow a keyword: `number`, `no.`, `#`, then `:`/`-` and spaces, then `is`. */
const TAIL = String.raw`(?:\s{1,3}(?:number|num|no\.?|#))?[\s:#.=-]{0,5}(?:is[\s:]{1,3})?`;
/** 5–15 letters or digits with at least one digit. */
const ALNUM_ID = String.raw`((?=[a-z]{0,14}\d)[a-z0-9]{5,15})\b`;
/** An IPv4 octet, 0–255. */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

/**
 * The shipped catalog: the REF-HEAD catalog of R-PII-4, described there and written here from that
 * description. Keyword-anchored entries mask only capture group 1, so the keyword stays (R-PII-6).
 * @category Plugins
 */
export const DEFAULT_PII_CATALOG: readonly PiiPattern[] = Object.freeze([
  {
    // 13–19 digits with optional single space/hyphen separators, an issuer prefix (Visa, Mastercard,
    // Amex, Diners, Discover, JCB), not inside a longer number; Luhn-validated
    name: 'CreditCard',
    category: 'Financial',
    regex: String.raw`(?<!\d[ -]?)(?=4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9])|35)(?:\d[ -]?){12,18}\d(?![ -]?\d)`,
    prefix: 'CC',
    priority: 5,
    validator: 'LUHN',
  },
  {
    name: 'SSN_Dashed',
    category: 'Identity',
    regex: String.raw`(?<![\d-])\b\d{3}-\d{2}-\d{4}\b(?!-\d)`,
    prefix: 'SSN',
    priority: 10,
    validator: 'SSN_INVALID',
  },
  {
    name: 'EIN',
    category: 'Financial',
    regex: String.raw`\b(?:ein|fein|tax\s?id|tin)${TAIL}(\d{2}-\d{7})\b`,
    flags: 'i',
    prefix: 'EIN',
    priority: 12,
  },
  {
    name: 'SSN_Plain',
    category: 'Identity',
    regex: String.raw`\b(?:ssn|social\s{1,3}security|taxpayer\s{1,3}id)${TAIL}(\d{9})\b`,
    flags: 'i',
    prefix: 'SSN',
    priority: 15,
    validator: 'SSN_INVALID',
  },
  {
    name: 'BankAccountUS',
    category: 'Financial',
    regex: String.raw`\b(?:account|acct)${TAIL}(\d{8,17})\b`,
    flags: 'i',
    prefix: 'BANK',
    priority: 20,
  },
  {
    name: 'IBAN',
    category: 'Financial',
    regex: String.raw`\biban${TAIL}\b([a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?)\b`,
    flags: 'i',
    prefix: 'IBAN',
    priority: 22,
    validator: 'IBAN_MOD97',
  },
  {
    name: 'RoutingNumber',
    category: 'Financial',
    regex: String.raw`\b(?:routing|aba)${TAIL}(\d{9})\b`,
    flags: 'i',
    prefix: 'RTN',
    priority: 25,
    validator: 'ABA_CHECKSUM',
  },
  {
    // "DL" or "driver's license"; REF-HEAD drops the bare "license" keyword
    name: 'DriversLicense',
    category: 'Identity',
    regex: String.raw`\b(?:dl|driver'?s?\s{1,3}licen[cs]e)${TAIL}${ALNUM_ID}`,
    flags: 'i',
    prefix: 'DL',
    priority: 30,
  },
  {
    // two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A–D
    name: 'NationalInsuranceUK',
    category: 'Identity',
    regex: String.raw`\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b`,
    prefix: 'NINO',
    priority: 32,
  },
  {
    name: 'PassportNumber',
    category: 'Identity',
    regex: String.raw`\bpassport${TAIL}((?=[a-z]{0,11}\d)[a-z0-9]{6,12})\b`,
    flags: 'i',
    prefix: 'PASSPORT',
    priority: 35,
  },
  {
    // 17 characters without I, O, Q, with at least one letter and one digit
    name: 'VehicleIdentificationNumber',
    category: 'Identity',
    regex: String.raw`\b(?=[A-HJ-NPR-Z0-9]{0,16}[A-HJ-NPR-Z])(?=[A-HJ-NPR-Z0-9]{0,16}\d)[A-HJ-NPR-Z0-9]{17}\b`,
    prefix: 'VIN',
    priority: 37,
  },
  {
    name: 'MedicalRecordNumber',
    category: 'Health',
    regex: String.raw`\b(?:mrn|medical\s{1,3}record|patient\s{1,3}id)${TAIL}${ALNUM_ID}`,
    flags: 'i',
    prefix: 'MRN',
    priority: 40,
  },
  {
    // local@domain.tld, TLD of 2+ letters; the local part starts at the start of its run
    name: 'Email',
    category: 'Contact',
    regex: String.raw`(?<![\w.%+-])[\w.%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}(?![\w-])`,
    flags: 'i',
    prefix: 'EMAIL',
    priority: 50,
  },
  {
    // optional +1, area code 2–9xx (optionally in parentheses), 3 + 4 digits; not after a digit
    name: 'Phone_US',
    category: 'Contact',
    regex: String.raw`(?<![\d+])(?:\+?1[ .-]?)?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .-]?)\d{3}[ .-]?\d{4}(?!\d)`,
    prefix: 'PHONE',
    priority: 60,
  },
  {
    // "+", a non-zero country digit, 7–15 digits in all with optional single separators
    name: 'Phone_International',
    category: 'Contact',
    regex: String.raw`(?<![\w+])\+[1-9](?:[ .-]?\d){6,14}(?![ .-]?\d)`,
    prefix: 'PHONE',
    priority: 65,
  },
  {
    name: 'DateOfBirth',
    category: 'Identity',
    regex: String.raw`\b(?:dob|date\s{1,3}of\s{1,3}birth|birth(?:day|date)?|born)(?:\s{1,3}on)?[\s:#.,=-]{0,5}(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b`,
    flags: 'i',
    prefix: 'DOB',
    priority: 70,
  },
  {
    name: 'IPv4Address',
    category: 'Technical',
    regex: String.raw`(?<![\d.])${OCTET}(?:\.${OCTET}){3}(?!\.?\d)`,
    prefix: 'IP',
    priority: 80,
  },
] satisfies PiiPattern[]);
