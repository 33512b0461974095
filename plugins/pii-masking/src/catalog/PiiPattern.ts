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
 * One catalog entry of the pattern-based masker (R-PII-3). Patterns are data: the regex is a source
 * string compiled by the session; when it has a capture group 1, only that group is masked (R-PII-6).
 * @category Plugins
 */
export interface PiiPattern {
  /** The unique name, e.g. `CreditCard`. */
  readonly name: string;
  /** The category the agent can select. */
  readonly category: PiiCategory;
  /** The regex source; it must run in linear time (bounded quantifiers, no nested ambiguity). */
  readonly regex: string;
  /** Extra regex flags (`i`); `g` and `d` are always added. */
  readonly flags?: string;
  /** The token prefix, e.g. `SSN` for `[SSN:001]`; empty means `PII`. */
  readonly prefix: string;
  /** Lower runs first and wins overlaps; missing means 100. */
  readonly priority?: number;
  /** Inactive entries are skipped; missing means active. */
  readonly active?: boolean;
  /** The validator a match must pass to be masked. */
  readonly validator?: PiiValidatorType;
}
