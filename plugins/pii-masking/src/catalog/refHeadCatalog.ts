import { ALNUM_ID, OCTET, TAIL } from './regexParts.js';
import type { PiiPattern } from './PiiPattern.js';

// Every regex below runs in linear time: all quantifiers are bounded, alternatives and separators are
// disjoint character classes, and look-behinds stop matches from starting inside a run of the same
// characters, so each start offset costs a bounded amount of work.

/**
 * The REF-HEAD catalog of R-PII-4, described there and written here from that description, kept for
 * parity runs (SPEC §13.1 holds under it). Keyword-anchored entries mask only capture group 1, so the
 * keyword stays (R-PII-6). The SDK's default is {@link DEFAULT_PII_CATALOG}; `src/catalog/README.md`
 * lists where and why the two differ.
 * @category Plugins
 */
export const REF_HEAD_PII_CATALOG: readonly PiiPattern[] = Object.freeze([
  {
    // 13–19 digits with optional single space/hyphen separators, an issuer prefix (Visa, Mastercard,
    // Amex, Diners, Discover, JCB), not inside a longer number; Luhn-validated
    name: 'CreditCard',
    entityType: 'CREDIT_CARD',
    category: 'Financial',
    regex: String.raw`(?<!\d[ -]?)(?=4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9])|35)(?:\d[ -]?){12,18}\d(?![ -]?\d)`,
    prefix: 'CC',
    priority: 5,
    validator: 'LUHN',
    prefilter: { minDigits: 13 },
  },
  {
    name: 'SSN_Dashed',
    entityType: 'SSN',
    category: 'Identity',
    regex: String.raw`(?<![\d-])\b\d{3}-\d{2}-\d{4}\b(?!-\d)`,
    prefix: 'SSN',
    priority: 10,
    validator: 'SSN_INVALID',
    prefilter: { minDigits: 9, anyChar: '-' },
  },
  {
    name: 'EIN',
    entityType: 'US_EIN',
    category: 'Financial',
    regex: String.raw`\b(?:ein|fein|tax\s?id|tin)${TAIL}(\d{2}-\d{7})\b`,
    flags: 'i',
    prefix: 'EIN',
    priority: 12,
    prefilter: { minDigits: 9, anyWord: ['ein', 'fein', 'tax', 'tin'] },
  },
  {
    name: 'SSN_Plain',
    entityType: 'SSN',
    category: 'Identity',
    regex: String.raw`\b(?:ssn|social\s{1,3}security|taxpayer\s{1,3}id)${TAIL}(\d{9})\b`,
    flags: 'i',
    prefix: 'SSN',
    priority: 15,
    validator: 'SSN_INVALID',
    prefilter: { minDigits: 9, anyWord: ['ssn', 'social', 'taxpayer'] },
  },
  {
    name: 'BankAccountUS',
    entityType: 'US_BANK_NUMBER',
    category: 'Financial',
    regex: String.raw`\b(?:account|acct)${TAIL}(\d{8,17})\b`,
    flags: 'i',
    prefix: 'BANK',
    priority: 20,
    prefilter: { minDigits: 8, anyWord: ['account', 'acct'] },
  },
  {
    name: 'IBAN',
    entityType: 'IBAN',
    category: 'Financial',
    regex: String.raw`\biban${TAIL}\b([a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?)\b`,
    flags: 'i',
    prefix: 'IBAN',
    priority: 22,
    validator: 'IBAN_MOD97',
    prefilter: { minDigits: 2, anyWord: ['iban'] },
  },
  {
    name: 'RoutingNumber',
    entityType: 'ABA_ROUTING_NUMBER',
    category: 'Financial',
    regex: String.raw`\b(?:routing|aba)${TAIL}(\d{9})\b`,
    flags: 'i',
    prefix: 'RTN',
    priority: 25,
    validator: 'ABA_CHECKSUM',
    prefilter: { minDigits: 9, anyWord: ['routing', 'aba'] },
  },
  {
    // "DL" or "driver's license"; REF-HEAD drops the bare "license" keyword
    name: 'DriversLicense',
    entityType: 'US_DRIVER_LICENSE',
    category: 'Identity',
    regex: String.raw`\b(?:dl|driver'?s?\s{1,3}licen[cs]e)${TAIL}${ALNUM_ID}`,
    flags: 'i',
    prefix: 'DL',
    priority: 30,
    prefilter: { minDigits: 1, anyWord: ['dl', 'driver'] },
  },
  {
    // two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A–D
    name: 'NationalInsuranceUK',
    entityType: 'UK_NINO',
    category: 'Identity',
    regex: String.raw`\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b`,
    prefix: 'NINO',
    priority: 32,
    prefilter: { minDigits: 6 },
  },
  {
    name: 'PassportNumber',
    entityType: 'US_PASSPORT',
    category: 'Identity',
    regex: String.raw`\bpassport${TAIL}((?=[a-z]{0,11}\d)[a-z0-9]{6,12})\b`,
    flags: 'i',
    prefix: 'PASSPORT',
    priority: 35,
    prefilter: { minDigits: 1, anyWord: ['passport'] },
  },
  {
    // 17 characters without I, O, Q, word-bounded, not all digits and not all letters (the first
    // character is matched before the look-behind so that the regex skips quickly to candidates)
    name: 'VehicleIdentificationNumber',
    entityType: 'VIN',
    category: 'Identity',
    regex: String.raw`[A-HJ-NPR-Z0-9](?<![A-Za-z0-9_].)[A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9_])(?<!\d{17})(?<![A-HJ-NPR-Z]{17})`,
    prefix: 'VIN',
    priority: 37,
    prefilter: { minDigits: 1 },
  },
  {
    name: 'MedicalRecordNumber',
    entityType: 'MEDICAL_RECORD_NUMBER',
    category: 'Health',
    regex: String.raw`\b(?:mrn|medical\s{1,3}record|patient\s{1,3}id)${TAIL}${ALNUM_ID}`,
    flags: 'i',
    prefix: 'MRN',
    priority: 40,
    prefilter: { minDigits: 1, anyWord: ['mrn', 'medical', 'patient'] },
  },
  {
    // local@domain.tld, TLD of 2+ letters; the local part is a whole run of local-part characters.
    // The regex starts at the "@" and takes the local part in a look-behind (masked: groups 1-2)
    name: 'Email',
    entityType: 'EMAIL',
    category: 'Contact',
    regex: String.raw`@(?<=(?<![\w.%+-])([\w.%+-]{1,64})@)([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24})(?![\w-])`,
    maskGroups: [1, 2],
    flags: 'i',
    prefix: 'EMAIL',
    priority: 50,
    prefilter: { anyChar: '@' },
  },
  {
    // optional +1, area code 2–9xx (optionally in parentheses), 3 + 4 digits; not after a digit
    name: 'Phone_US',
    entityType: 'PHONE',
    category: 'Contact',
    regex: String.raw`(?<![\d+])(?:\+?1[ .-]?)?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .-]?)\d{3}[ .-]?\d{4}(?!\d)`,
    prefix: 'PHONE',
    priority: 60,
    prefilter: { minDigits: 10 },
  },
  {
    // "+", a non-zero country digit, 7–15 digits in all with optional single separators
    name: 'Phone_International',
    entityType: 'PHONE',
    category: 'Contact',
    regex: String.raw`(?<![\w+])\+[1-9](?:[ .-]?\d){6,14}(?![ .-]?\d)`,
    prefix: 'PHONE',
    priority: 65,
    prefilter: { minDigits: 7, anyChar: '+' },
  },
  {
    name: 'DateOfBirth',
    entityType: 'DATE_OF_BIRTH',
    category: 'Identity',
    regex: String.raw`\b(?:dob|date\s{1,3}of\s{1,3}birth|birth(?:day|date)?|born)(?:\s{1,3}on)?[\s:#.,=-]{0,5}(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b`,
    flags: 'i',
    prefix: 'DOB',
    priority: 70,
    prefilter: { minDigits: 2, anyWord: ['dob', 'date', 'birth', 'born'] },
  },
  {
    name: 'IPv4Address',
    entityType: 'IP_ADDRESS',
    category: 'Technical',
    regex: String.raw`(?<![\d.])${OCTET}(?:\.${OCTET}){3}(?!\.?\d)`,
    prefix: 'IP',
    priority: 80,
    prefilter: { minDigits: 4, anyChar: '.' },
  },
] satisfies PiiPattern[]);
