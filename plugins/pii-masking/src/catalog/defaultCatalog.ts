import type { PiiContext, PiiPattern } from './PiiPattern.js';
import { REF_HEAD_PII_CATALOG } from './refHeadCatalog.js';
import { NUMBER_END, OCTET, PHONE_EXTENSION } from './regexParts.js';

// Every regex below runs in linear time. Quantifiers are bounded; a run of digits is always followed
// by a separator, a parenthesis or the end, never by another optional digit run, so a regex cannot
// split one run of digits in several ways; look-behinds stop a match from starting inside a run of
// digits or word characters, so only the start of each run is tried. Shape rules the regexes cannot
// state (issuer lengths, checksums, country lengths) are validators, run once per match.

/** Words that make a bare 9-digit or space-grouped number an SSN. */
const SSN_CONTEXT: PiiContext = {
  words: ['ssn', 'ssns', 'ss#', 'ss no', 'social security', 'social sec', 'soc sec', 'social', 'taxpayer id'],
  before: 40,
  blockers: [
    'phone', 'tel', 'telephone', 'mobile', 'cell', 'fax', 'call', 'account', 'acct', 'routing', 'order', 'invoice', 'card',
    'ticket', 'reference', 'ref', 'tracking', 'serial', 'part', 'zip', 'postcode', 'passport', 'license', 'licence', 'ein',
    'policy', 'member',
  ],
};

/**
 * Words that make a loosely grouped number a phone number (before it, or after it: `… office`),
 * unless a word naming another kind of number stands nearer (`call me about order 12345678`).
 */
const PHONE_CONTEXT: PiiContext = {
  words: [
    'phone', 'phones', 'tel', 'tél', 'telephone', 'téléphone', 'telefon', 'telefono', 'teléfono', 'telefone', 'mobile', 'mobil',
    'móvil', 'portable', 'cell', 'cellphone', 'celular', 'fax', 'desk', 'office', 'home', 'landline', 'hotline', 'whatsapp',
    'sms', 'text me', 'call', 'calls', 'called', 'calling', 'ring me', 'dial', 'contact', 'reach', 'reached', 'extension',
    'my number', 'new number', 'our number', 'his number', 'her number', 'their number', 'your number', 'numéro', 'número',
    'nummer', 'rufnummer', '電話', '携帯',
  ],
  before: 32,
  after: 12,
  blockers: [
    'order', 'invoice', 'account', 'acct', 'card', 'ssn', 'social security', 'iban', 'routing', 'reference', 'ref', 'ticket',
    'tracking', 'serial', 'part number', 'sku', 'zip', 'postcode', 'postal code', 'pin', 'passport', 'license', 'licence',
    'policy', 'claim', 'transaction', 'confirmation', 'booking',
  ],
};

/** Words that make a bare 12-digit number (Maestro's shortest) a card number. */
const CARD_CONTEXT: PiiContext = {
  words: ['card', 'cards', 'cc', 'credit', 'debit', 'maestro', 'visa', 'mastercard', 'amex', 'pan', 'tarjeta', 'carte', 'karte'],
  before: 40,
  blockers: ['phone', 'tel', 'mobile', 'call', 'order', 'invoice', 'account', 'acct', 'ssn', 'reference', 'ref', 'ticket', 'tracking', 'serial', 'zip'],
};

/** Words that make a 17-character token of capitals and digits a vehicle identification number. */
const VIN_CONTEXT: PiiContext = {
  words: ['vin', 'vins', 'vehicle', 'vehicles', 'chassis', 'truck', 'motorcycle', 'fahrzeug', 'fahrgestellnummer', 'véhicule', 'vehículo'],
  before: 40,
};

/** The REF-HEAD entries the default keeps unchanged (the ones the evaluator does not score). */
const kept = (name: string): PiiPattern => {
  const entry = REF_HEAD_PII_CATALOG.find((p) => p.name === name);
  if (!entry) throw new Error(`REF-HEAD catalog has no entry ${name}`);
  return entry;
};

/**
 * The SDK's shipped catalog: REF-HEAD's entries (R-PII-4) for the keyword-anchored types, with
 * stricter and broader entries for the six structured types (cards, SSNs, IBANs, e-mail, phones,
 * IP addresses), so that it finds them without a keyword and rejects look-alikes by validator.
 * `src/catalog/README.md` lists every difference from {@link REF_HEAD_PII_CATALOG} and its reason.
 * @category Plugins
 */
export const DEFAULT_PII_CATALOG: readonly PiiPattern[] = Object.freeze([
  {
    // grouped as printed (4-4-4-4[-3], 4-4-4-1..4, Amex/Diners 4-6-5 and 4-6-4) or 13-19 plain
    // digits; issuer prefix with that issuer's lengths, then Luhn
    name: 'CreditCard',
    entityType: 'CREDIT_CARD',
    category: 'Financial',
    regex: String.raw`(?<![\w-])(?:\d{4}(?: \d{4}){2} \d{1,4}(?: \d{1,3})?|\d{4}(?:-\d{4}){2}-\d{1,4}(?:-\d{1,3})?|\d{4} \d{6} \d{4,5}|\d{4}-\d{6}-\d{4,5}|\d{13,19})(?![\w]|[ -]\d)`,
    prefix: 'CC',
    priority: 1,
    validator: 'PAYMENT_CARD',
    prefilter: { minDigits: 13 },
  },
  {
    // 12 plain digits (Maestro) only next to a card word
    name: 'CreditCard_Short',
    entityType: 'CREDIT_CARD',
    category: 'Financial',
    regex: String.raw`(?<![\w-])\d{12}(?![\w]|[ -]\d)`,
    prefix: 'CC',
    priority: 2,
    validator: 'PAYMENT_CARD',
    context: CARD_CONTEXT,
    prefilter: { minDigits: 12, anyWord: [] },
  },
  {
    name: 'SSN_Dashed',
    entityType: 'SSN',
    category: 'Identity',
    regex: String.raw`(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w]|-\d)`,
    prefix: 'SSN',
    priority: 3,
    validator: 'SSN_INVALID',
    prefilter: { minDigits: 9, anyChar: '-' },
  },
  kept('EIN'),
  {
    // 9 plain digits or 3-2-4 with spaces, only with an SSN word shortly before
    name: 'SSN_Plain',
    entityType: 'SSN',
    category: 'Identity',
    regex: String.raw`(?<![\w-])(?:\d{9}|\d{3} \d{2} \d{4})${NUMBER_END}`,
    prefix: 'SSN',
    priority: 4,
    validator: 'SSN_INVALID',
    context: SSN_CONTEXT,
    prefilter: { minDigits: 9 },
  },
  kept('BankAccountUS'),
  {
    // country code, check digits, then groups of four (compact or spaced), any case; a registered
    // country, its length and mod-97; no keyword needed
    name: 'IBAN',
    entityType: 'IBAN',
    category: 'Financial',
    regex: String.raw`(?<![\w])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?(?!\w)`,
    flags: 'i',
    prefix: 'IBAN',
    priority: 5,
    validator: 'IBAN_STRICT',
    prefilter: { minDigits: 2 },
  },
  kept('RoutingNumber'),
  kept('DriversLicense'),
  kept('NationalInsuranceUK'),
  kept('PassportNumber'),
  // only next to a vehicle word: REF-HEAD masks any 17-character token of capitals and digits
  { ...kept('VehicleIdentificationNumber'), context: VIN_CONTEXT },
  kept('MedicalRecordNumber'),
  { ...kept('Email'), priority: 6 },
  {
    // "+" and country code, then groups separated by one space, dot or hyphen, or a bracketed group
    // such as a trunk "(0)"; 7–15 digits
    name: 'Phone_International',
    entityType: 'PHONE',
    category: 'Contact',
    regex: String.raw`(?<![\w+])\+\d{1,15}(?:(?:[ .-]|[ .-]?\(\d{1,4}\)[ .-]?)\d{1,14}){0,7}${PHONE_EXTENSION}${NUMBER_END}`,
    prefix: 'PHONE',
    priority: 7,
    validator: 'PHONE',
    prefilter: { minDigits: 7, anyChar: '+' },
  },
  {
    // North American numbers with separators: optional 1/+1/001, area code (in brackets or not),
    // 3 + 4 digits, optional extension
    name: 'Phone_US',
    entityType: 'PHONE',
    category: 'Contact',
    regex: String.raw`(?<![\w+.-])(?:(?:\+?1|001)[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}${PHONE_EXTENSION}${NUMBER_END}`,
    prefix: 'PHONE',
    priority: 8,
    validator: 'PHONE',
    prefilter: { minDigits: 10 },
  },
  {
    // national numbers in any grouping ("467 3395", "60-56-85-91", "(08) 8747 6301", "5403926876"),
    // only next to a phone word
    name: 'Phone_National',
    entityType: 'PHONE',
    category: 'Contact',
    regex: String.raw`(?<![\w+./$€£¥-])(?=(?:[ .()-]{0,2}\d){7})(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,8}){0,5}${PHONE_EXTENSION}${NUMBER_END}`,
    prefix: 'PHONE',
    priority: 9,
    validator: 'PHONE',
    context: PHONE_CONTEXT,
    prefilter: { minDigits: 7 },
  },
  kept('DateOfBirth'),
  {
    // not right after a version word: "version 1.2.3.4" is a version
    name: 'IPv4Address',
    entityType: 'IP_ADDRESS',
    category: 'Technical',
    regex: String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`,
    context: { words: [], blockers: ['version', 'versions', 'ver', 'release', 'build', 'firmware'], before: 10, required: false },
    prefix: 'IP',
    priority: 10,
    prefilter: { minDigits: 4, anyChar: '.' },
  },
  {
    // full, compressed ("2001:db8::1", "::1") or with an IPv4 tail ("::ffff:10.0.0.1"); the
    // validator checks group counts. The regex starts at the first ":" and takes the first group in
    // a look-behind (masked: groups 1-2), so that it does not try every word start
    name: 'IPv6Address',
    entityType: 'IP_ADDRESS',
    category: 'Technical',
    regex: String.raw`:(?<=(?<![\w.]|(?<![\w:])[0-9a-f]{1,4}:|::)([0-9a-f]{1,4}|(?=::)):)([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){1,7}(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?)(?![\w:]|\.\d)`,
    maskGroups: [1, 2],
    flags: 'i',
    prefix: 'IP',
    priority: 11,
    validator: 'IPV6',
    prefilter: { minDigits: 1, anyChar: ':' },
  },
] satisfies PiiPattern[]);
