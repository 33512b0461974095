/**
 * The pattern categories (R-SAFE-2); a category filter selects among them (empty = all).
 * @category Plugins
 */
export const PROMPT_SAFETY_CATEGORIES = [
  'RoleManipulation',
  'InstructionOverride',
  'DelimiterInjection',
  'EncodingAttack',
  'PromptLeaking',
  'ContextManipulation',
] as const;

/**
 * One of {@link PROMPT_SAFETY_CATEGORIES}.
 * @category Plugins
 */
export type PromptSafetyCategory = (typeof PROMPT_SAFETY_CATEGORIES)[number];

/**
 * The scorers (SPEC §13.2, DESIGN §3): `default` is the stricter one (max over calibrated layers,
 * plus the injection classifier when one is configured); `parity` reproduces the reference
 * framework's weighted mean exactly.
 * @category Plugins
 */
export type ScorerName = 'default' | 'parity';

/**
 * One entry of the layer-1 pattern catalog (R-SAFE-7). Catalogs are data: ship your own with
 * `PromptSafetyAnalyzer`'s `catalog` option.
 *
 * Regexes must run in linear time: no nested quantifiers, no unbounded repetition followed by
 * something that can fail (bound it, or anchor its start). The matcher runs them with the `g` flag
 * plus `flags` (default `i`).
 * @category Plugins
 */
export interface JailbreakPattern {
  /** A unique name, such as `IgnorePrevious`. */
  readonly name: string;
  /** The category (R-SAFE-2). */
  readonly category: PromptSafetyCategory;
  /** The regular expression source (JavaScript syntax). */
  readonly regex: string;
  /** Regex flags besides `g`; default `i` (every shipped pattern is case-insensitive). */
  readonly flags?: string;
  /** Severity in [0, 1]; default 0.5. A match of 0.9 or more stops the layer (R-SAFE-9). */
  readonly severity?: number;
  /** Evaluation order, ascending; default 100. Ties keep catalog order. */
  readonly priority?: number;
  /** What the pattern detects. */
  readonly description?: string;
  /** Inactive entries are skipped; default true. */
  readonly active?: boolean;
  /**
   * ASCII literals at one of which every match begins (case-insensitively). A literal that begins
   * with a letter, digit or `_` counts only at a word start; if it also ends with one, it must be
   * the whole word (`you` does not start "your"), unless it ends with `*`, which makes it a prefix
   * (`disabl*` starts "disable" and "disabling"). Any other literal counts anywhere. With `starts`,
   * the matcher runs the regex only at those positions, found for all entries in one pass over the
   * text: the same matches as a full scan, far faster. Leave it out when unsure; the entry is then
   * scanned in full.
   */
  readonly starts?: readonly string[];
  /**
   * Lower-case ASCII literals of which every match contains at least one (case-insensitively). When
   * none occurs in the text the regex is not run: a prefilter that never changes the result, only
   * the speed. Leave it out when unsure.
   */
  readonly anchors?: readonly string[];
  /** The severity the `default` scorer uses (calibrated on the DEV set); default `severity`. */
  readonly calibratedSeverity?: number;
  /** The scorers that use the entry; default both. SDK additions beyond REF say `['default']`. */
  readonly scorers?: readonly ScorerName[];
}
