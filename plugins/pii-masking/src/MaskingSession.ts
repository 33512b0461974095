import { DEFAULT_PII_CATALOG } from './catalog/defaultCatalog.js';
import type { PiiCategory, PiiPattern } from './catalog/PiiPattern.js';
import { runValidator } from './validators/validators.js';

/**
 * Options of a {@link MaskingSession}.
 * @category Plugins
 */
export interface MaskingSessionOptions {
  /** The catalog; the shipped REF-HEAD catalog when omitted. */
  readonly patterns?: readonly PiiPattern[];
  /** The categories to mask; empty or omitted means all (R-PII-1). */
  readonly categories?: readonly PiiCategory[];
  /** Told about a catalog entry whose regex does not compile (it is skipped, R-PII-3). */
  readonly onInvalidPattern?: (name: string, error: unknown) => void;
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

/**
 * One detected value: where it is, which pattern found it.
 * @category Plugins
 */
export interface PiiMatch {
  /** Start offset (UTF-16 code units). */
  readonly start: number;
  /** End offset, exclusive. */
  readonly end: number;
  /** The pattern that found it. */
  readonly pattern: string;
  /** The token prefix. */
  readonly prefix: string;
  /** The pattern's priority. */
  readonly priority: number;
}

interface CompiledPattern {
  readonly name: string;
  readonly prefix: string;
  readonly priority: number;
  readonly regex: RegExp;
  readonly validator: PiiPattern['validator'];
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
  readonly #patterns: readonly CompiledPattern[];
  readonly #tokenByValue = new Map<string, string>();
  readonly #valueByToken = new Map<string, string>();
  readonly #perPrefix = new Map<string, number>();
  #counter = 0;
  #maskOperations = 0;
  #unmaskOperations = 0;

  /** @param options - catalog, categories and a hook for invalid patterns */
  constructor(options: MaskingSessionOptions = {}) {
    const categories = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
    const compiled: CompiledPattern[] = [];
    for (const p of options.patterns ?? DEFAULT_PII_CATALOG) {
      if (p.active === false || (categories && !categories.has(p.category))) continue;
      try {
        const flags = `gd${(p.flags ?? '').replace(/[gdy]/g, '')}`;
        compiled.push({ name: p.name, prefix: p.prefix || 'PII', priority: p.priority ?? 100, regex: new RegExp(p.regex, flags), validator: p.validator });
      } catch (error) {
        options.onInvalidPattern?.(p.name, error);
      }
    }
    this.#patterns = compiled.sort((a, b) => a.priority - b.priority);
  }

  /**
   * Finds the values to mask, overlaps resolved (R-PII-8): sorted by start; with equal starts the
   * lower priority number wins, then the longer match; a match starting before the end of the last
   * accepted one is dropped.
   * @param text - the text to scan
   * @returns the accepted matches, left to right
   */
  detect(text: string): PiiMatch[] {
    const all: PiiMatch[] = [];
    for (const p of this.#patterns) {
      p.regex.lastIndex = 0;
      for (const m of text.matchAll(p.regex)) {
        const span = m.indices?.[1] ?? m.indices?.[0];
        if (!span || span[1] <= span[0]) continue;
        const value = text.slice(span[0], span[1]);
        if (p.validator && !runValidator(p.validator, value)) continue;
        all.push({ start: span[0], end: span[1], pattern: p.name, prefix: p.prefix, priority: p.priority });
      }
    }
    all.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - b.start - (a.end - a.start));
    const accepted: PiiMatch[] = [];
    let end = 0;
    for (const m of all) {
      if (m.start < end) continue;
      accepted.push(m);
      end = m.end;
    }
    return accepted;
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
      patternCount: this.#patterns.length,
    };
  }
}
