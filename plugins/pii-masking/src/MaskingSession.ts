import type { PiiCategory, PiiPattern } from './catalog/PiiPattern.js';
import { PiiDetector, type PiiMatch } from './PiiDetector.js';

export type { PiiMatch } from './PiiDetector.js';

/**
 * Options of a {@link MaskingSession}.
 * @category Plugins
 */
export interface MaskingSessionOptions {
  /** The catalog; {@link DEFAULT_PII_CATALOG} when omitted ({@link REF_HEAD_PII_CATALOG} for REF-HEAD parity). */
  readonly patterns?: readonly PiiPattern[];
  /** The categories to mask; empty or omitted means all (R-PII-1). */
  readonly categories?: readonly PiiCategory[];
  /** Told about a catalog entry whose regex does not compile (it is skipped, R-PII-3). */
  readonly onInvalidPattern?: (name: string, error: unknown) => void;
  /**
   * A detector to share instead of compiling the catalog for this session (a detector holds no
   * per-text state, so one serves every run with the same catalog and categories). When given,
   * `patterns`, `categories` and `onInvalidPattern` are not used.
   */
  readonly detector?: PiiDetector;
}

/**
 * Statistics of a session; they never contain values (R-PII-11).
 * @category Plugins
 */
export interface MaskingStats {
  /** How many distinct values have a token. */
  readonly uniqueValues: number;
  /** How many `mask` calls ran. */
  readonly maskOperations: number;
  /** How many `unmask` calls ran. */
  readonly unmaskOperations: number;
  /** How many distinct values per token prefix. */
  readonly perPrefix: Readonly<Record<string, number>>;
  /** How many active, compiled patterns the session uses. */
  readonly patternCount: number;
}

/** `[`, uppercase letters/digits/underscores, `:`, ≥3 digits, `]` (R-PII-12). */
const TOKEN = /\[[A-Z0-9_]+:\d{3,}\]/g;

/**
 * The value↔token map of one execution (R-PII-9..12): tokens are `[PREFIX:NNN]` with one counter shared
 * by all prefixes, zero-padded to at least three digits; the same value always gets the same token,
 * whichever pattern found it; the map lives only in memory. All text is scanned, whatever its length:
 * the patterns are linear-time, so there is no size guard that would pass text through unmasked (R-PII-7).
 * @category Plugins
 */
export class MaskingSession {
  readonly #detector: PiiDetector;
  readonly #tokenByValue = new Map<string, string>();
  readonly #valueByToken = new Map<string, string>();
  readonly #perPrefix = new Map<string, number>();
  #counter = 0;
  #maskOperations = 0;
  #unmaskOperations = 0;

  /** @param options - catalog, categories and a hook for invalid patterns */
  constructor(options: MaskingSessionOptions = {}) {
    this.#detector = options.detector ?? new PiiDetector(options);
  }

  /**
   * Finds the values to mask, overlaps resolved (R-PII-8, see {@link PiiDetector}): sorted by start;
   * with equal starts the lower priority number wins, then the longer match; a match starting before
   * the end of the last accepted one is dropped.
   * @param text - the text to scan
   * @returns the accepted matches, left to right
   */
  detect(text: string): PiiMatch[] {
    return this.#detector.detect(text);
  }

  /**
   * Replaces every detected value by its token.
   * @param text - the text to mask
   * @returns the masked text
   */
  mask(text: string): string {
    this.#maskOperations++;
    const matches = this.detect(text);
    if (matches.length === 0) return text;
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += text.slice(last, m.start) + this.tokenFor(text.slice(m.start, m.end), m.prefix);
      last = m.end;
    }
    return out + text.slice(last);
  }

  /**
   * The token of a value, created on first use; keyed by value only (R-PII-10). Also used for
   * schema-masked field values (`FIELD_<NAME>` prefixes, R-PII-18).
   * @param value - the raw value
   * @param prefix - the prefix for a new token
   * @returns the token, e.g. `[SSN:001]`
   */
  tokenFor(value: string, prefix: string): string {
    const known = this.#tokenByValue.get(value);
    if (known !== undefined) return known;
    this.#counter++;
    const p = prefix || 'PII';
    const token = `[${p}:${String(this.#counter).padStart(3, '0')}]`;
    this.#tokenByValue.set(value, token);
    this.#valueByToken.set(token, value);
    this.#perPrefix.set(p, (this.#perPrefix.get(p) ?? 0) + 1);
    return token;
  }

  /**
   * Replaces the tokens this session issued by their values; other token-shaped text stays (R-PII-12).
   * @param text - the text to unmask
   * @returns the unmasked text
   */
  unmask(text: string): string {
    this.#unmaskOperations++;
    if (this.#valueByToken.size === 0) return text;
    return text.replace(TOKEN, (token) => this.#valueByToken.get(token) ?? token);
  }

  /**
   * Forgets every value; old tokens are left as they are by later `unmask` calls (R-PII-11).
   */
  clear(): void {
    this.#tokenByValue.clear();
    this.#valueByToken.clear();
    this.#perPrefix.clear();
  }

  /**
   * The session's statistics, without values (R-PII-11).
   * @returns the statistics
   */
  stats(): MaskingStats {
    return {
      uniqueValues: this.#tokenByValue.size,
      maskOperations: this.#maskOperations,
      unmaskOperations: this.#unmaskOperations,
      perPrefix: Object.fromEntries(this.#perPrefix),
      patternCount: this.#detector.patternCount,
    };
  }

  /**
   * Moves the counter past the number of every token-shaped text in `text` (numbers up to
   * 1,000,000), so that the tokens this session issues never equal token-shaped text it did not
   * issue: tokens of an earlier session left in the history (a resumed run, a reply whose tokens were
   * withheld) or typed by a user. Such text is never unmasked either (R-PII-12).
   * @param text - text that may hold foreign tokens
   */
  reserveTokens(text: string): void {
    for (const m of text.matchAll(TOKEN)) {
      const n = Number(m[0].slice(m[0].lastIndexOf(':') + 1, -1));
      if (n > this.#counter && n <= 1_000_000) this.#counter = n;
    }
  }
}
