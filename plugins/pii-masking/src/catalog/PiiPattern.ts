import type { PiiValidatorType } from '../validators/validators.js';

/**
 * The pattern categories an agent can select (R-PII-2).
 * @category Plugins
 */
export type PiiCategory = 'Financial' | 'Identity' | 'Contact' | 'Health' | 'Technical';

/**
 * All pattern categories, in catalog order.
 * @category Plugins
 */
export const PII_CATEGORIES: readonly PiiCategory[] = Object.freeze(['Financial', 'Identity', 'Contact', 'Health', 'Technical']);

/**
 * The six structured entity types the evaluator scores, named as in the evaluation data sets (and
 * Presidio, with its `US_SSN`, `EMAIL_ADDRESS`, `PHONE_NUMBER` and `IBAN_CODE` shortened).
 * @category Plugins
 */
export const SCORED_PII_ENTITY_TYPES = ['EMAIL', 'PHONE', 'SSN', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS'] as const;

/**
 * One of the six scored entity types.
 * @category Plugins
 */
export type ScoredPiiEntityType = (typeof SCORED_PII_ENTITY_TYPES)[number];

/**
 * What kind of value a catalog entry finds: one of the six scored types, or another type the
 * catalog masks but the evaluator does not score.
 * @category Plugins
 */
export type PiiEntityType =
  | ScoredPiiEntityType
  | 'US_BANK_NUMBER'
  | 'ABA_ROUTING_NUMBER'
  | 'US_DRIVER_LICENSE'
  | 'US_PASSPORT'
  | 'MEDICAL_RECORD_NUMBER'
  | 'DATE_OF_BIRTH'
  | 'US_EIN'
  | 'UK_NINO'
  | 'VIN';

/**
 * Whether an entity type is one of the six scored types.
 * @param type - an entity type, or anything
 * @returns true for `EMAIL`, `PHONE`, `SSN`, `CREDIT_CARD`, `IBAN` and `IP_ADDRESS`
 * @category Plugins
 */
export function isScoredPiiEntityType(type: unknown): type is ScoredPiiEntityType {
  return typeof type === 'string' && (SCORED_PII_ENTITY_TYPES as readonly string[]).includes(type);
}

/**
 * Words one of which must stand next to a match for it to count: used by entries whose shape alone
 * is too common (a bare 9-digit SSN, a loosely grouped phone number). Words are literal, in any case,
 * not inside a longer ASCII word (`tel` does not match `hotel`, nor `5tel`); a space in a word
 * matches one to three whitespace characters. The word must stand in the `before` characters ahead
 * of the match or in the `after` characters behind it, with no digit between it and the match, so
 * that it belongs to this number and not to another one. Blockers are words that name another kind of
 * number (`order`, `account`): when the word nearest before the match is a blocker, the match does not
 * count ("call me about order 12345678" is not a phone number). With `required: false` the context
 * words are not needed and only the blockers count (an IPv4 address right after `version`).
 * @category Plugins
 */
export interface PiiContext {
  /** The words, one of which must stand next to the match. */
  readonly words: readonly string[];
  /** How many characters before the match are searched (default 32; 0: none). */
  readonly before?: number;
  /** How many characters after the match are searched (default 0: none). */
  readonly after?: number;
  /** Words that, standing nearest before the match, cancel it. */
  readonly blockers?: readonly string[];
  /** Whether a context word is needed (default true); false: only the blockers count. */
  readonly required?: boolean;
}

/**
 * Cheap conditions a text must meet for an entry's regex to match anywhere in it. They are a speed
 * hint, never a rule: the detector skips the entry for a text that fails them, so they must be
 * implied by the regex (and validator and context). Words are matched as substrings, ignoring case.
 * @category Plugins
 */
export interface PiiPrefilter {
  /**
   * The text holds a number with at least this many ASCII digits, a number being a run of digits
   * in which consecutive digits are at most two characters apart, those characters being space,
   * `.`, `-`, `(`, `)` or `/` ("+41 (0)38 549 02 90" has 11 digits; "GB82 WEST 1234" has 2 and 4).
   */
  readonly minDigits?: number;
  /** The text holds at least one of these characters. */
  readonly anyChar?: string;
  /** The text holds at least one of these words (default: the entry's required context words; `[]`: none). */
  readonly anyWord?: readonly string[];
}

/**
 * One catalog entry of the pattern-based masker (R-PII-3). Patterns are data: the regex is a source
 * string compiled by the session; when it has a capture group 1, only that group is masked (R-PII-6)
 * unless `maskGroups` says otherwise.
 * @category Plugins
 */
export interface PiiPattern {
  /** The unique name, e.g. `CreditCard`. */
  readonly name: string;
  /** The category the agent can select. */
  readonly category: PiiCategory;
  /** What the entry finds, e.g. `CREDIT_CARD`; the evaluator scores entries by this, never by prefix. */
  readonly entityType?: PiiEntityType;
  /** The regex source; it must run in linear time (bounded quantifiers, no nested ambiguity). */
  readonly regex: string;
  /** Extra regex flags (`i`, `u`); `g` and `d` are always added. */
  readonly flags?: string;
  /**
   * The capture groups that bound the masked text: from the start of the first to the end of the
   * second. Default: group 1 when the regex has groups (R-PII-6), else the whole match. With it a
   * regex can start at a rare character (the `@` of an e-mail) and capture the text before it in a
   * look-behind, which is much faster than trying every word start.
   */
  readonly maskGroups?: readonly [number, number];
  /** The token prefix, e.g. `SSN` for `[SSN:001]`; empty means `PII`. */
  readonly prefix: string;
  /** Lower runs first and wins overlaps; missing means 100. */
  readonly priority?: number;
  /** Inactive entries are skipped; missing means active. */
  readonly active?: boolean;
  /** The validator a match must pass to be masked. */
  readonly validator?: PiiValidatorType;
  /** Words one of which must appear near the match; without it the match is dropped. */
  readonly context?: PiiContext;
  /** Conditions the whole text must meet for the entry to run at all (a speed hint). */
  readonly prefilter?: PiiPrefilter;
}
