import { createHash } from 'node:crypto';
import type { JailbreakPattern, PromptSafetyCategory, ScorerName } from '../catalog/JailbreakPattern.js';
import { type Candidates, StartIndex } from './StartIndex.js';

/**
 * One pattern hit, with offsets into the text (UTF-16 code units, end exclusive).
 * @category Plugins
 */
export interface PatternMatch {
  /** The catalog entry's name. */
  readonly name: string;
  /** Its category. */
  readonly category: PromptSafetyCategory;
  /** Its severity under the scorer that ran. */
  readonly severity: number;
  /** Its description. */
  readonly description: string;
  /** Where the match starts. */
  readonly start: number;
  /** Where it ends (exclusive). */
  readonly end: number;
}

/**
 * What the pattern layer found.
 * @category Plugins
 */
export interface PatternScan {
  /** The matches, in the order the aggregate walks them (R-SAFE-10). */
  readonly matches: readonly PatternMatch[];
  /** Whether a match of severity ≥ 0.9 stopped the layer (R-SAFE-9). */
  readonly earlyExit: boolean;
  /** Whether the text was too long for the layer and it was skipped (parity only, R-SAFE-7). */
  readonly skipped: boolean;
  /** Whether the layer stopped at {@link MAX_PATTERN_MATCHES} (the score is 1.0 long before; sanitizing cannot be complete). */
  readonly truncated: boolean;
}

/**
 * Options of {@link JailbreakPatternMatcher.scan}.
 * @category Plugins
 */
export interface PatternScanOptions {
  /** The scorer: picks the entries and the severities. */
  readonly scorer: ScorerName;
  /** The enabled categories; empty means all. */
  readonly categories?: readonly string[];
  /** The lower-cased text, when the caller has it already. */
  readonly lower?: string;
  /**
   * Candidate start positions per entry (in {@link JailbreakPatternMatcher.startLiterals} order),
   * when the caller found them already with a shared `StartIndex`.
   * @internal
   */
  readonly positions?: Candidates;
}

interface CompiledPattern {
  readonly entry: JailbreakPattern;
  readonly regex: RegExp;
  /** The same regex, sticky, when the entry declares `starts`. */
  readonly sticky: RegExp | undefined;
  readonly anchors: readonly string[] | undefined;
  readonly severity: number;
  readonly calibrated: number;
  readonly priority: number;
  readonly parity: boolean;
  readonly strict: boolean;
}

/**
 * R-SAFE-7: longer inputs skip the layer in parity mode (a CPU guard of the reference framework).
 * @category Plugins
 */
export const PARITY_MAX_TEXT_LENGTH = 50_000;
/**
 * R-SAFE-7: at most this many pattern evaluations per message.
 * @category Plugins
 */
export const MAX_PATTERN_EVALUATIONS = 200;
/**
 * The most matches recorded per text: beyond it the aggregate is 1.0 anyway, and the work stays bounded.
 * @category Plugins
 */
export const MAX_PATTERN_MATCHES = 1_000;
/** R-SAFE-9: a match at or above this severity stops the layer. */
export const EARLY_EXIT_SEVERITY = 0.9;

/**
 * Layer 1 (R-SAFE-7..10): runs the catalog's regexes in priority order, records every match with
 * its offsets, stops at the first match of severity ≥ 0.9, and aggregates the order-dependent
 * pattern score. Invalid regexes are skipped at construction (see
 * {@link JailbreakPatternMatcher.invalid}).
 *
 * @example
 * ```ts
 * const matcher = new JailbreakPatternMatcher(DEFAULT_JAILBREAK_CATALOG);
 * const scan = matcher.scan('ignore all previous instructions', { scorer: 'parity' });
 * JailbreakPatternMatcher.aggregate(scan.matches); // 0.9
 * ```
 * @category Plugins
 */
export class JailbreakPatternMatcher {
  readonly #patterns: readonly CompiledPattern[];
  readonly #index: StartIndex;
  readonly #scopes = new Map<string, readonly boolean[]>();
  /** The names of entries whose regex did not compile; they are skipped. */
  readonly invalid: readonly string[];
  /** A short digest of the catalog's content; it is part of every cache key (R-SAFE-20). */
  readonly version: string;

  /**
   * @param catalog - the catalog; inactive entries and entries with invalid regexes are skipped
   */
  constructor(catalog: readonly JailbreakPattern[]) {
    const compiled: CompiledPattern[] = [];
    const invalid: string[] = [];
    for (const entry of catalog) {
      if (entry.active === false) continue;
      let regex: RegExp;
      let sticky: RegExp | undefined;
      try {
        const flags = new Set([...(entry.flags ?? 'i')]);
        flags.delete('y');
        flags.delete('g');
        regex = new RegExp(entry.regex, [...flags, 'g'].join(''));
        if (entry.starts && entry.starts.length > 0) sticky = new RegExp(entry.regex, [...flags, 'y'].join(''));
      } catch {
        invalid.push(entry.name);
        continue;
      }
      const severity = clamp01(entry.severity ?? 0.5);
      const scorers = entry.scorers ?? ['default', 'parity'];
      compiled.push({
        entry,
        regex,
        sticky,
        anchors: entry.anchors && entry.anchors.length > 0 ? entry.anchors.map((a) => a.toLowerCase()) : undefined,
        severity,
        calibrated: clamp01(entry.calibratedSeverity ?? severity),
        priority: entry.priority ?? 100,
        parity: scorers.includes('parity'),
        strict: scorers.includes('default'),
      });
    }
    // a stable sort: equal priorities keep catalog order
    compiled.sort((a, b) => a.priority - b.priority);
    this.#patterns = Object.freeze(compiled);
    this.#index = new StartIndex(compiled.map((p) => (p.sticky ? (p.entry.starts as readonly string[]) : [])));
    this.invalid = Object.freeze(invalid);
    this.version = createHash('sha256').update(JSON.stringify(catalog)).digest('hex').slice(0, 12);
  }

  /**
   * The start literals of the active, valid entries in evaluation order (empty for entries without
   * `starts`), for callers that share one `StartIndex` pass between layers.
   * @internal
   */
  get startLiterals(): readonly (readonly string[])[] {
    return this.#patterns.map((p) => (p.sticky ? (p.entry.starts as readonly string[]) : []));
  }

  /** The entries in scope for a scorer and a category filter, by id (memoized: there are few combinations). */
  #scope(parity: boolean, categories: readonly string[] | undefined): readonly boolean[] {
    const key = `${parity ? 'p' : 'd'}|${categories && categories.length > 0 ? [...categories].sort().join(',') : '*'}`;
    let scope = this.#scopes.get(key);
    if (!scope) {
      const set = categories && categories.length > 0 ? new Set(categories) : undefined;
      scope = this.#patterns.map((p) => (parity ? p.parity : p.strict) && (!set || set.has(p.entry.category)));
      if (this.#scopes.size > 64) this.#scopes.clear();
      this.#scopes.set(key, scope);
    }
    return scope;
  }

  /** The number of active, valid entries. */
  get size(): number {
    return this.#patterns.length;
  }

  /**
   * Runs the layer on one text.
   * @param text - the text
   * @param options - the scorer, the category filter and optionally the lower-cased text
   * @returns the matches, in aggregation order, and whether the layer exited early
   */
  scan(text: string, options: PatternScanOptions): PatternScan {
    const parity = options.scorer === 'parity';
    if (text.length === 0) return { matches: [], earlyExit: false, skipped: false, truncated: false };
    if (parity && text.length > PARITY_MAX_TEXT_LENGTH) return { matches: [], earlyExit: false, skipped: true, truncated: false };
    const inScope = this.#scope(parity, options.categories);
    const lower = options.lower ?? text.toLowerCase();
    // the start index works on the lower-cased text's offsets: only when lower-casing kept them
    const positions = lower.length !== text.length ? undefined : (options.positions ?? this.#index.positions(lower, inScope));
    const matches: PatternMatch[] = [];
    let evaluated = 0;
    for (let id = 0; id < this.#patterns.length; id += 1) {
      if (!inScope[id]) continue;
      if (evaluated >= MAX_PATTERN_EVALUATIONS) break;
      evaluated += 1;
      const p = this.#patterns[id] as CompiledPattern;
      const severity = parity ? p.severity : p.calibrated;
      const exits = severity >= EARLY_EXIT_SEVERITY;
      if (p.sticky && positions) {
        if (!positions.any(id)) continue;
        // sticky probes at the candidate starts, with a global scan's non-overlapping semantics
        let exited = false;
        positions.probe(id, p.sticky, text, (start, end) => {
          matches.push(match(p, severity, start, end));
          exited = exits;
          return exits || matches.length >= MAX_PATTERN_MATCHES;
        });
        if (exited) return { matches, earlyExit: true, skipped: false, truncated: false };
        if (matches.length >= MAX_PATTERN_MATCHES) break;
        continue;
      }
      if (p.anchors && !p.anchors.some((a) => lower.includes(a))) continue;
      const re = p.regex;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex += 1;
          continue;
        }
        matches.push(match(p, severity, m.index, m.index + m[0].length));
        if (exits) {
          re.lastIndex = 0;
          return { matches, earlyExit: true, skipped: false, truncated: false };
        }
        if (matches.length >= MAX_PATTERN_MATCHES) break;
      }
      re.lastIndex = 0;
      if (matches.length >= MAX_PATTERN_MATCHES) break;
    }
    // the reference sorts by start, descending (for replacement from the end), before aggregating
    matches.sort((a, b) => b.start - a.start);
    return { matches, earlyExit: false, skipped: false, truncated: matches.length >= MAX_PATTERN_MATCHES };
  }

  /**
   * The pattern-layer score (R-SAFE-10): walk the matches keeping a running maximum; a match above
   * it becomes the new maximum, every other match adds 10% of its severity; capped at 1.
   * @param matches - the matches, in order
   * @returns the score in [0, 1]; 0 for no match
   */
  static aggregate(matches: readonly PatternMatch[]): number {
    let max = 0;
    let extra = 0;
    for (const m of matches) {
      if (m.severity > max) max = m.severity;
      else extra += m.severity * 0.1;
    }
    return Math.min(1, max + extra);
  }
}

function match(p: CompiledPattern, severity: number, start: number, end: number): PatternMatch {
  return {
    name: p.entry.name,
    category: p.entry.category,
    severity,
    description: p.entry.description ?? `Pattern match: ${p.entry.name}`,
    start,
    end,
  };
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0.5;
}
