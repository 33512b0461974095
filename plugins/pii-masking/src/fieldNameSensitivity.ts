/** The whole-word phrases of the fallback name heuristic (R-PII-16), as lower-case word sequences. */
const SENSITIVE_PHRASES: readonly string[] = [
  'ssn',
  'social security',
  'tax id',
  'taxid',
  'ein',
  'itin',
  'credit card',
  'card number',
  'bank account',
  'routing number',
  'drivers license',
  'driver license',
  'driver s license',
  'passport',
  'date of birth',
  'dob',
  'birthdate',
  'birth date',
];

/**
 * Splits a field API name into lower-case words: the `__c`-style suffix is dropped, then the name is
 * split on `_`, spaces and other non-alphanumerics, case changes (`DateOfBirth`, `SSNNumber`) and
 * letter/digit changes (R-PII-17).
 * @param name - the field API name or label
 * @returns the words, lower-cased
 * @category Plugins
 */
export function splitFieldName(name: string): string[] {
  return name
    .replace(/__[a-z]{1,3}$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, '$1$3 $2$4')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/**
 * The fallback name heuristic for fields without a data classification (R-PII-16), with R-PII-17's
 * fix: the name is split into words first, so `Contact_SSN__c` and `SSN__c` match while `Lessons__c`
 * does not.
 * @param name - the field API name
 * @returns whether the name looks like a sensitive field
 * @category Plugins
 */
export function isSensitiveFieldName(name: string): boolean {
  const known = verdicts.get(name);
  if (known !== undefined) return known;
  const words = ` ${splitFieldName(name).join(' ')} `;
  const sensitive = SENSITIVE_PHRASES.some((phrase) => words.includes(` ${phrase} `));
  // the same field names come back in every tool result of every run; names are data, so the
  // memo is bounded (emptied when full)
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(name, sensitive);
  return sensitive;
}

/** At most this many names are remembered. */
const MAX_VERDICTS = 4_096;
/** Earlier answers of {@link isSensitiveFieldName} (a pure function of the name). */
const verdicts = new Map<string, boolean>();
