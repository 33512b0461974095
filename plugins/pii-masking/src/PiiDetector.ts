import { DEFAULT_PII_CATALOG } from './catalog/defaultCatalog.js';
import { isScoredPiiEntityType, type PiiCategory, type PiiEntityType, type PiiPattern } from './catalog/PiiPattern.js';
import { ibanPrefixLength, type PiiValidatorType, validatorOf } from './validators/validators.js';

/**
 * Options of a {@link PiiDetector}.
 * @category Plugins
 */
export interface PiiDetectorOptions {
  /** The catalog; {@link DEFAULT_PII_CATALOG} when omitted. */
  readonly patterns?: readonly PiiPattern[];
  /** The categories to detect; empty or omitted means all (R-PII-1). */
  readonly categories?: readonly PiiCategory[];
  /** Told about a catalog entry whose regex does not compile (it is skipped, R-PII-3). */
  readonly onInvalidPattern?: (name: string, error: unknown) => void;
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
  /** The pattern's entity type, when the catalog entry names one. */
  readonly entityType?: PiiEntityType;
}

type Validator = (value: string) => boolean;

interface CompiledContext {
  /** Context words and blockers: group 1 is a context word, group 2 a blocker (global). */
  readonly words: RegExp;
  readonly before: number;
  readonly after: number;
  readonly required: boolean;
}

interface CompiledPattern {
  readonly name: string;
  readonly prefix: string;
  readonly priority: number;
  readonly entityType: PiiEntityType | undefined;
  readonly regex: RegExp;
  /** The capture groups bounding the masked text, or undefined for the whole match. */
  readonly groups: readonly [number, number] | undefined;
  readonly context: CompiledContext | undefined;
  readonly validatorType: PiiValidatorType | undefined;
  readonly validator: Validator | undefined;
  readonly minDigits: number;
  readonly anyChar: readonly string[];
  /** The prefilter and context words, lower-cased. */
  readonly words: readonly string[];
}

/** A match before overlap resolution. */
type Candidate = PiiMatch;

const isScored = (c: Candidate): boolean => isScoredPiiEntityType(c.entityType);

/** Start, then priority, then the longer match first. */
const byStart = (a: Candidate, b: Candidate): number => a.start - b.start || a.priority - b.priority || b.end - b.start - (a.end - a.start);

/** Sorts a short list in place (insertion sort: candidates per text are few and mostly in order). */
function sortCandidates(list: Candidate[]): void {
  if (list.length > 16) {
    list.sort(byStart);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const c = list[i] as Candidate;
    let j = i - 1;
    while (j >= 0 && byStart(list[j] as Candidate, c) > 0) {
      list[j + 1] = list[j] as Candidate;
      j--;
    }
    list[j + 1] = c;
  }
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const isAsciiLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);

/** A word as regex source (to be used with the `i` flag); a space matches 1–3 whitespace characters. */
const wordSource = (word: string): string => escapeRegex(word.toLowerCase()).replace(/ /g, String.raw`\s{1,3}`);

/** Words as alternatives, longest first: a word that ends with an ASCII letter must not be followed by one. */
function alternativesOf(words: readonly string[]): { ascii: string; other: string } {
  const unique = [...new Set(words.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length);
  const source = (w: string): string => `${wordSource(w)}${isAsciiLetter(w.charAt(w.length - 1)) ? '(?![a-z])' : ''}`;
  return {
    ascii: unique.filter((w) => isAsciiLetter(w.charAt(0))).map(source).join('|'),
    other: unique.filter((w) => !isAsciiLetter(w.charAt(0))).map(source).join('|'),
  };
}

/**
 * One case-insensitive global regex for context words (group 1) and blockers (group 2). A word that
 * starts with an ASCII letter must not follow a letter, digit or `_` (`\b`).
 */
function contextRegex(words: readonly string[], blockers: readonly string[]): RegExp {
  const group = (list: readonly string[]): string => {
    const { ascii, other } = alternativesOf(list);
    return [...(ascii ? [String.raw`\b(?:${ascii})`] : []), ...(other ? [other] : [])].join('|') || '(?!)';
  };
  return new RegExp(`(${group(words)})|(${group(blockers)})`, 'gi');
}

const isDigit = (code: number): boolean => (code - 48) >>> 0 < 10;

/** Characters that may stand between two digits of one number: space . - ( ) / */
const NUMBER_GAP = new Uint8Array(128);
for (const c of ' .-()/') NUMBER_GAP[c.charCodeAt(0)] = 1;

/**
 * The most digits in one number of the text, counting no further than `cap`: a number is a run of
 * digits in which consecutive digits are at most two characters apart, those characters being
 * space, `.`, `-`, `(`, `)` or `/` (so "+41 (0)38 549 02 90" and "4111-1111-1111-1111" are one each).
 */
function maxNumberDigits(text: string, cap: number): number {
  let best = 0;
  let run = 0;
  let gap = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      run++;
      gap = 0;
      if (run > best) {
        best = run;
        if (best >= cap) return best;
      }
    } else if (run > 0 && gap < 2 && code < 128 && NUMBER_GAP[code] === 1) gap++;
    else {
      run = 0;
      gap = 0;
    }
  }
  return best;
}

function anyCharIn(text: string, chars: readonly string[]): boolean {
  for (let i = 0; i < chars.length; i++) if (text.indexOf(chars[i] as string) >= 0) return true;
  return false;
}

/** Lower-cased, whitespace runs as one space: the form words are looked up in. */
const normalizeWord = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ');

/**
 * Finds which entries' words a text may hold, in one pass, in any case. The words are first cut down
 * to the shortest prefixes among them (`tel` stands for `telephone` and `telefono`), and a prefix
 * found marks every entry with a word starting with it: an over-approximation, which is all a
 * prefilter needs. A prefix that starts with an ASCII letter is only looked for at a word start
 * (`\b`), where entries' keywords and context words must stand anyway; other prefixes anywhere.
 * Occurrences are found left to right without overlap: one that starts inside another's would
 * follow a letter, where no word of an entry can start.
 */
class WordIndex {
  readonly #regex: RegExp | undefined;
  /** For each prefix, the indices of the entries with a word starting with it. */
  readonly #entries = new Map<string, readonly number[]>();

  /** @param words - for each entry (by index), its words, lower-cased */
  constructor(words: readonly (readonly string[])[]) {
    const prefixes: string[] = [];
    for (const w of [...new Set(words.flat())].sort((a, b) => a.length - b.length)) {
      if (!prefixes.some((p) => w.startsWith(p))) prefixes.push(w);
    }
    const ascii = prefixes.filter((w) => isAsciiLetter(w.charAt(0))).map(wordSource);
    const other = prefixes.filter((w) => !isAsciiLetter(w.charAt(0))).map(wordSource);
    const alternatives = [...(ascii.length > 0 ? [String.raw`\b(?:${ascii.join('|')})`] : []), ...other];
    this.#regex = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'gi') : undefined;
    for (const p of prefixes) {
      const entries: number[] = [];
      words.forEach((list, index) => {
        if (list.some((v) => v.startsWith(p))) entries.push(index);
      });
      this.#entries.set(p, entries);
    }
  }

  /**
   * @param text - the text
   * @param out - set to 1 for each entry one of whose words the text may hold
   */
  mark(text: string, out: Uint8Array): void {
    const regex = this.#regex;
    if (!regex) return;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const word = m[0].toLowerCase();
      const entries = this.#entries.get(word) ?? this.#entries.get(normalizeWord(word));
      if (entries) for (const i of entries) out[i] = 1;
    }
  }
}

/**
 * The kind of the word nearest to the match in a window: 1 for a context word, 2 for a blocker,
 * 0 for none. `last` picks the rightmost word (a window before the match), else the leftmost.
 */
function nearestWord(regex: RegExp, window: string, last: boolean): number {
  regex.lastIndex = 0;
  let kind = 0;
  for (let m = regex.exec(window); m !== null; m = regex.exec(window)) {
    kind = m[1] !== undefined ? 1 : 2;
    if (!last) break;
  }
  return kind;
}

/**
 * Whether the match stands in its context: the word nearest to it before it (after the last digit
 * there) is not a blocker, and, when the context is required, that word or the word nearest to it
 * after it (before the next digit) is a context word.
 */
function hasContext(text: string, start: number, end: number, context: CompiledContext): boolean {
  let before = 0;
  if (context.before > 0) {
    const limit = Math.max(0, start - context.before);
    let from = limit;
    for (let i = start - 1; i >= limit; i--) {
      if (isDigit(text.charCodeAt(i))) {
        from = i + 1;
        break;
      }
    }
    if (from < start) before = nearestWord(context.words, text.slice(from, start), true);
  }
  if (before === 2) return false;
  if (before === 1 || !context.required) return true;
  if (context.after > 0) {
    const limit = Math.min(text.length, end + context.after);
    let to = limit;
    for (let i = end; i < limit; i++) {
      if (isDigit(text.charCodeAt(i))) {
        to = i;
        break;
      }
    }
    if (to > end && nearestWord(context.words, text.slice(end, to), false) === 1) return true;
  }
  return false;
}

/** How many capture groups a regex source has. */
function groupCount(source: string, flags: string): number {
  return (new RegExp(`${source}|`, flags).exec('')?.length ?? 1) - 1;
}

function compile(p: PiiPattern): CompiledPattern {
  const flags = (p.flags ?? '').replace(/[gdy]/g, '');
  const count = groupCount(p.regex, flags);
  if (p.maskGroups) {
    const [a, b] = p.maskGroups;
    if (!(a >= 1 && b >= a && b <= count)) throw new RangeError(`maskGroups ${a},${b} outside the regex's ${count} group(s)`);
  }
  const groups = p.maskGroups ?? (count > 0 ? ([1, 1] as const) : undefined);
  const type = p.validator;
  return {
    name: p.name,
    prefix: p.prefix || 'PII',
    priority: p.priority ?? 100,
    entityType: p.entityType,
    regex: new RegExp(p.regex, `g${groups ? 'd' : ''}${flags}`),
    groups,
    context: p.context
      ? {
          words: contextRegex(p.context.words, p.context.blockers ?? []),
          before: Math.max(0, p.context.before ?? 32),
          after: Math.max(0, p.context.after ?? 0),
          required: p.context.required !== false,
        }
      : undefined,
    validatorType: type,
    validator: type ? validatorOf(type) : undefined,
    minDigits: p.prefilter?.minDigits ?? 0,
    anyChar: [...(p.prefilter?.anyChar ?? '')],
    words: (p.prefilter?.anyWord ?? (p.context?.required === false ? [] : p.context?.words) ?? []).map(normalizeWord),
  };
}

/**
 * Finds PII in text with a pattern catalog (R-PII-3..8). Each active entry's regex is run over the
 * whole text, whatever its length (the regexes are linear-time, so there is no size guard), unless
 * the entry's prefilter says it cannot match. A match is kept when it passes its entry's validator
 * and, for an entry with a context, when one of its context words stands next to it. Overlaps are
 * then resolved (R-PII-8): sorted by start; with equal starts the lower priority number wins, then
 * the longer match; a match starting before the end of the last accepted one is dropped. One SDK rule comes first: a match of a type the evaluator does not score (a bank
 * account, a driver's licence…) is dropped when it overlaps a match of one of the six scored types
 * whose entry has a lower priority number, so those entries never swallow a card, an SSN, an IBAN,
 * an e-mail, a phone or an IP address found by an entry that runs before them.
 * @example
 * ```ts
 * const detector = new PiiDetector();
 * detector.detect('mail jane@acme.com'); // [{ start: 5, end: 18, pattern: 'Email', prefix: 'EMAIL', entityType: 'EMAIL', … }]
 * ```
 * @category Plugins
 */
export class PiiDetector {
  readonly #patterns: readonly CompiledPattern[];
  readonly #words: WordIndex;
  readonly #digitCap: number;

  /** @param options - catalog, categories and a hook for invalid patterns */
  constructor(options: PiiDetectorOptions = {}) {
    const categories = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
    const compiled: CompiledPattern[] = [];
    for (const p of options.patterns ?? DEFAULT_PII_CATALOG) {
      if (p.active === false || (categories && !categories.has(p.category))) continue;
      try {
        compiled.push(compile(p));
      } catch (error) {
        options.onInvalidPattern?.(p.name, error);
      }
    }
    this.#patterns = compiled.sort((a, b) => a.priority - b.priority);
    this.#words = new WordIndex(this.#patterns.map((p) => p.words));
    this.#digitCap = Math.max(0, ...compiled.map((p) => p.minDigits));
  }

  /** How many active, compiled patterns the detector uses. */
  get patternCount(): number {
    return this.#patterns.length;
  }

  /**
   * Finds the values to mask, overlaps resolved (see the class description).
   * @param text - the text to scan
   * @returns the accepted matches, left to right
   */
  detect(text: string): PiiMatch[] {
    const candidates: Candidate[] = [];
    const digits = maxNumberDigits(text, this.#digitCap);
    const patterns = this.#patterns;
    let words: Uint8Array | undefined;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i] as CompiledPattern;
      if (digits < p.minDigits || (p.anyChar.length > 0 && !anyCharIn(text, p.anyChar))) continue;
      if (p.words.length > 0) {
        if (!words) {
          words = new Uint8Array(patterns.length);
          this.#words.mark(text, words);
        }
        if (words[i] === 0) continue;
      }
      scan(p, text, candidates);
    }
    if (candidates.length === 0) return [];
    if (candidates.length > 1) sortCandidates(candidates);
    const kept = dropSwallowing(candidates);
    const accepted: PiiMatch[] = [];
    let end = 0;
    for (const c of kept) {
      if (c.start < end) continue;
      accepted.push(c);
      end = c.end;
    }
    return accepted;
  }
}

/** Runs an entry's regex over the text, keeping the matches that pass its validator and context. */
function scan(p: CompiledPattern, text: string, out: Candidate[]): void {
  const regex = p.regex;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    let start = m.index;
    let end = start + m[0].length;
    if (end === start) regex.lastIndex++;
    if (p.groups) {
      const first = m.indices?.[p.groups[0]];
      const last = m.indices?.[p.groups[1]];
      if (!first || !last) continue;
      start = first[0];
      end = last[1];
    }
    if (end <= start) continue;
    if (p.validator) {
      if (p.validatorType === 'IBAN_STRICT') {
        // an IBAN-shaped run may take in the next word: keep the country's length and look again after it
        const keep = ibanPrefixLength(text.slice(start, end));
        if (keep === undefined) continue;
        if (start + keep < end) regex.lastIndex = start + keep;
        end = start + keep;
      }
      if (!p.validator(text.slice(start, end))) continue;
    }
    if (p.context && !hasContext(text, start, end, p.context)) continue;
    out.push(
      p.entityType
        ? { start, end, pattern: p.name, prefix: p.prefix, priority: p.priority, entityType: p.entityType }
        : { start, end, pattern: p.name, prefix: p.prefix, priority: p.priority },
    );
  }
}

/**
 * Drops each unscored candidate that overlaps a scored candidate of a lower priority number.
 * For each distinct unscored priority, the scored intervals of lower priority are merged once, so the
 * work is O(k · n log n) for k distinct priorities.
 */
function dropSwallowing(sorted: readonly Candidate[]): readonly Candidate[] {
  let count = 0;
  for (const c of sorted) if (isScored(c)) count++;
  if (count === 0 || count === sorted.length) return sorted;
  const scored = sorted.filter(isScored);
  const merged = new Map<number, { starts: number[]; ends: number[] }>();
  const coverage = (priority: number): { starts: number[]; ends: number[] } => {
    let cover = merged.get(priority);
    if (!cover) {
      cover = { starts: [], ends: [] };
      for (const s of scored) {
        if (s.priority >= priority) continue;
        const last = cover.ends.length - 1;
        if (last >= 0 && s.start < (cover.ends[last] ?? 0)) cover.ends[last] = Math.max(cover.ends[last] ?? 0, s.end);
        else {
          cover.starts.push(s.start);
          cover.ends.push(s.end);
        }
      }
      merged.set(priority, cover);
    }
    return cover;
  };
  return sorted.filter((c) => {
    if (isScored(c)) return true;
    const { starts, ends } = coverage(c.priority);
    // the last merged interval starting before c.end overlaps c when it ends after c.start
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] ?? 0) < c.end) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 || (ends[lo - 1] ?? 0) <= c.start;
  });
}
