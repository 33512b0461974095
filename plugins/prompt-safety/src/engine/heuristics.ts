import type { ThreatIndicator } from '../Assessment.js';
import { type Candidates, StartIndex } from './StartIndex.js';
import { isJavaSpace, isLineTerminator, mapPositions, stripWithEdits } from './text.js';

/** A phrase family: a case-insensitive sticky regex and the words its matches start with (see StartIndex). */
interface Family {
  readonly name: string;
  readonly sticky: RegExp;
  readonly starts: readonly string[];
  readonly severity: number;
  readonly description: string;
}

const fam = (name: string, source: string, starts: readonly string[], severity: number, description: string): Family => ({
  name,
  sticky: new RegExp(source, 'iy'),
  starts,
  severity,
  description,
});

/** R-SAFE-13: the five instruction-override families. The fifth is matched in code (see below). */
const OVERRIDE_FAMILIES: readonly Family[] = [
  fam(
    'InstructionOverride_IgnorePrevious',
    String.raw`\b(?:ignore|disregard|forget|override)\b\s+(?:all\s+)?(?:previous|prior|your|the)\s+(?:instructions?|prompts?|rules?|guidelines?|programming)\b`,
    ['ignore', 'disregard', 'forget', 'override'],
    0.3,
    'Detected instruction override attempt',
  ),
  fam('InstructionOverride_NewInstructions', String.raw`\b(?:new|updated)\s+instructions?\b`, ['new', 'updated'], 0.25, 'Detected attempt to introduce new instructions'),
  fam('InstructionOverride_FromNowOn', String.raw`\b(?:from now on|starting now|from this point)\b`, ['from', 'starting'], 0.2, 'Detected instruction reset language'),
  fam('InstructionOverride_NewRole', String.raw`\byour\s+(?:new|true|real)\s+(?:role|purpose)\b`, ['your'], 0.25, 'Detected role override language'),
];
const DO_NOT_FOLLOW_SOURCE = String.raw`\b(?:do not|don't)\s+follow\b`;
const DO_NOT_FOLLOW_STICKY = new RegExp(DO_NOT_FOLLOW_SOURCE, 'iy');
const RULE_WORD = /\b(?:instructions?|rules?)\b/i;

/** R-SAFE-13: the six role-manipulation families. */
const ROLE_FAMILIES: readonly Family[] = [
  fam('RoleManipulation_YouAreNow', String.raw`\b(?:you are now|you're now|from now on you are)\b`, ['you', 'from'], 0.35, 'Detected role manipulation attempt'),
  fam(
    'RoleManipulation_PretendActAs',
    String.raw`\b(?:pretend to be|pretend you are|act as|act like|behave as|behave like|roleplay as|role play as|play the role of|take on the role|assume the role|assume the identity)\b`,
    ['pretend', 'act', 'behave', 'roleplay', 'role', 'play', 'take', 'assume'],
    0.35,
    'Detected role manipulation attempt',
  ),
  fam('RoleManipulation_Unrestricted', String.raw`\byou are (?:dan|jailbroken|unrestricted)\b`, ['you'], 0.4, 'Detected jailbreak persona request'),
  fam('RoleManipulation_NoLimits', String.raw`\byou have no (?:rules|restrictions|limits)\b`, ['you'], 0.35, 'Detected restriction removal request'),
  fam('RoleManipulation_DeveloperMode', String.raw`\bdeveloper mode\b|\bsudo mode\b`, ['developer', 'sudo'], 0.35, 'Detected developer mode request'),
  fam('RoleManipulation_Grandma', String.raw`\bmy (?:grandmother|grandma)\b`, ['my'], 0.3, 'Detected grandma exploit pattern'),
];

/** One index over every family's start words (ids: override families, do-not-follow, role families). */
const DO_NOT_FOLLOW_ID = 4;
/**
 * The families' start words, by id (override families, do-not-follow, role families), for callers
 * that share one `StartIndex` pass.
 * @internal
 */
export const FAMILY_STARTS: readonly (readonly string[])[] = [...OVERRIDE_FAMILIES.map((f) => f.starts), ['do', 'don'], ...ROLE_FAMILIES.map((f) => f.starts)];
const FAMILY_INDEX = new StartIndex(FAMILY_STARTS);

/**
 * Options of {@link analyzeHeuristics}.
 * @internal
 */
export interface HeuristicOptions {
  /**
   * `parity` computes every reference sub-score. `default` skips what the default scorer does not
   * use: the safe-context discount (gameable), word repetition and imperative density (weak
   * signals, frequent in benign text).
   */
  readonly mode?: 'parity' | 'default';
  /** {@link FAMILY_STARTS} positions already found on the lower-cased text (carried over to the stripped text). */
  readonly familyPositions?: Candidates;
}

/** R-SAFE-13: the 27 delimiter markers, matched as lower-case substrings. */
export const DELIMITER_MARKERS: readonly string[] = [
  '### system',
  '###system',
  '[inst]',
  '[/inst]',
  '<<sys>>',
  '<</sys>>',
  '<|system|>',
  '<|user|>',
  '<|assistant|>',
  '</s>',
  '<s>',
  '[s]',
  '[/s]',
  '```system',
  '---begin system---',
  '---end system---',
  'system:',
  'user:',
  'assistant:',
  '\n### ',
  '\nsystem:',
  '\nuser:',
  '<|im_start|>',
  '<|im_end|>',
  '[system]',
  '[user]',
  '[assistant]',
];
/** The markers that are ordinary words followed by a colon; "user:" and "system:" occur in benign text. */
const WEAK_MARKERS: ReadonlySet<string> = new Set(['system:', 'user:', 'assistant:', '\nsystem:', '\nuser:', '\n### ']);
/** One delimiter marker, with where its group's key character first occurs in it. */
interface Marker {
  readonly text: string;
  readonly offset: number;
  readonly weak: boolean;
}
/**
 * The markers grouped by a character each of them contains. Every occurrence of a marker holds
 * its key at `offset`, so the markers are looked for only around the occurrences of the key: one
 * pass per group instead of one per marker.
 */
const MARKER_GROUPS: readonly (readonly [string, readonly Marker[]])[] = (() => {
  const groups = new Map<string, Marker[]>();
  for (const m of DELIMITER_MARKERS) {
    const key = [':', '#', '[', '<', '`', '-'].find((c) => m.includes(c)) as string;
    groups.set(key, [...(groups.get(key) ?? []), { text: m, offset: m.indexOf(key), weak: WEAK_MARKERS.has(m) }]);
  }
  return [...groups.entries()];
})();

/** Past this many occurrences of a group's key, the markers not found yet are searched for directly. */
const MAX_KEY_OCCURRENCES = 32;

/**
 * Which markers of a group occur in the text, as a bit set in group order (groups hold fewer
 * than 31). Most texts hold a group's key a few times at most: the markers are checked around
 * those occurrences only. Text dense with the key (symbols, templates) takes one substring search
 * per remaining marker instead, as fast as the search itself.
 */
function markersIn(text: string, key: string, markers: readonly Marker[]): number {
  const all = (1 << markers.length) - 1;
  let found = 0;
  let seen = 0;
  let j = text.indexOf(key);
  for (; j >= 0 && found !== all && seen < MAX_KEY_OCCURRENCES; j = text.indexOf(key, j + 1)) {
    seen += 1;
    for (let k = 0; k < markers.length; k += 1) {
      if ((found & (1 << k)) !== 0) continue;
      const m = markers[k] as Marker;
      const at = j - m.offset;
      if (at >= 0 && text.startsWith(m.text, at)) found |= 1 << k;
    }
  }
  if (j >= 0 && found !== all) {
    // many occurrences: search the rest of the text for each marker not found yet
    for (let k = 0; k < markers.length; k += 1) {
      if ((found & (1 << k)) === 0 && text.includes((markers[k] as Marker).text)) found |= 1 << k;
    }
  }
  return found;
}

/** R-SAFE-13: imperative cues; no cue occurs inside another, so one alternation counts them all. */
const IMPERATIVE_CUES = new RegExp(
  [
    'do ',
    "don't ",
    'never ',
    'always ',
    'must ',
    'should ',
    'will ',
    'shall ',
    'make sure',
    'ensure ',
    'remember ',
    'output ',
    'generate ',
    'write ',
    'create ',
    'produce ',
    'respond ',
    'answer ',
    'reply ',
    'say ',
    'tell ',
    'execute ',
    'run ',
    'perform ',
    'complete ',
  ].join('|'),
  'g',
);

/** R-SAFE-13: words the repetition check never counts (a ~70-word common list). */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she or an will my one all would ' +
    'there their what so up out if about who get which go me is are was were been being has had does did can could should may might must shall'
  ).split(' '),
);

const STRONG_SAFE_MARKERS = ['for testing', 'security review', 'red team', 'redteam', 'audit', 'pentest'];
const SECURITY_TOPICS = ['prompt', 'jailbreak', 'injection', 'security'];
const GENERAL_SAFE_MARKERS = ['example', 'explain', 'explanation', 'definition', 'meaning of', 'what does', 'demonstrate', 'show me how'];

/**
 * The heuristic sub-scores (R-SAFE-13), each in [0, 1], with the safe-context discount applied
 * to the first three and the density, as the reference does.
 * @category Plugins
 */
export interface HeuristicScores {
  /** Instruction-override families matched × 0.25. */
  readonly instructionOverride: number;
  /** Role-manipulation families matched × 0.25. */
  readonly roleManipulation: number;
  /** Delimiter markers found × 0.35. */
  readonly delimiterInjection: number;
  /** Word and character repetition. */
  readonly repetition: number;
  /** Zero-width, bidi and homoglyph hints. */
  readonly unicodeAbuse: number;
  /** Imperative density above 3 per 100 characters. */
  readonly excessiveInstructions: number;
}

/**
 * What layer 2 found.
 * @internal
 */
export interface HeuristicResult {
  /** The reference aggregate (R-SAFE-14). */
  readonly score: number;
  /** The sub-scores. */
  readonly scores: HeuristicScores;
  /** Whether the safe-context discount applied (R-SAFE-12). */
  readonly safeContext: boolean;
  /** Families and markers found, before any discount (for the default scorer). */
  readonly overrideFamilies: number;
  readonly roleFamilies: number;
  readonly strongMarkers: number;
  readonly weakMarkers: number;
  /** The density sub-score before the discount. */
  readonly densityRaw: number;
  /** Indicators (no offsets, R-SAFE-14). */
  readonly indicators: ThreatIndicator[];
}

const WEIGHTS = { o: 0.4, r: 0.4, d: 0.5, rep: 0.3, u: 0.3, den: 0.2 } as const;
const TOTAL_WEIGHT = 2.1;

/**
 * Layer 2 (R-SAFE-11..14).
 * @param text - the raw text
 * @param lower - `text.toLowerCase()`
 * @param options - the mode, and family positions found already
 * @returns the sub-scores, the reference aggregate and indicators
 * @internal
 */
export function analyzeHeuristics(text: string, lower: string, options: HeuristicOptions = {}): HeuristicResult {
  const parity = options.mode !== 'default';
  const indicators: ThreatIndicator[] = [];
  // stripping touches only ASCII punctuation, so it commutes with lower-casing, and every check
  // below is on ASCII words: run them on the stripped lower-case text
  const { text: stripped, stages } = stripWithEdits(lower);
  const safeContext = parity && isSafeContext(lower);
  const k = safeContext ? 0.5 : 1;

  // the families' word starts in the stripped text are word starts of the lower-cased text, moved
  const shared = options.familyPositions;
  const positions = !shared || !stages
    ? FAMILY_INDEX.positions(stripped)
    : stages.length === 0
      ? shared
      : shared.remap(FAMILY_STARTS.length, (group) => mapPositions(group, stages));
  const found = (f: Family, id: number): boolean => {
    if (!positions.any(id)) return false;
    let hit = false;
    positions.probe(id, f.sticky, stripped, () => {
      hit = true;
      return true;
    });
    return hit;
  };
  let overrideFamilies = 0;
  for (const [id, f] of OVERRIDE_FAMILIES.entries()) {
    if (found(f, id)) {
      overrideFamilies += 1;
      indicators.push(heuristic('InstructionOverride', f.name, f.description, f.severity * k));
    }
  }
  if (doNotFollowAt(stripped, positions)) {
    overrideFamilies += 1;
    indicators.push(heuristic('InstructionOverride', 'InstructionOverride_DoNotFollow', 'Detected instruction suppression attempt', 0.3 * k));
  }
  let roleFamilies = 0;
  for (const [i, f] of ROLE_FAMILIES.entries()) {
    if (found(f, DO_NOT_FOLLOW_ID + 1 + i)) {
      roleFamilies += 1;
      indicators.push(heuristic('RoleManipulation', f.name, f.description, f.severity * k));
    }
  }
  let strongMarkers = 0;
  let weakMarkers = 0;
  for (const [key, markers] of MARKER_GROUPS) {
    const found = markersIn(stripped, key, markers);
    if (found === 0) continue;
    for (const [bit, marker] of markers.entries()) {
      if ((found & (1 << bit)) === 0) continue;
      if (marker.weak) weakMarkers += 1;
      else strongMarkers += 1;
      indicators.push(heuristic('DelimiterInjection', 'DelimiterInjection_detected', `Detected delimiter injection: "${marker.text.slice(0, 20)}"`, 0.5 * k));
    }
  }
  const repetition = parity ? repetitionScore(text, lower, indicators) : charRunScore(text, indicators);
  const unicodeAbuse = unicodeScore(text, indicators);
  const densityRaw = parity ? densityScore(stripped) : 0;
  const excessiveInstructions = densityRaw * k;
  if (excessiveInstructions > 0.1) {
    indicators.push(heuristic('ExcessiveInstructions', 'HighImperativeDensity', 'Detected high density of imperative instructions', excessiveInstructions));
  }

  const scores: HeuristicScores = {
    instructionOverride: Math.min(1, overrideFamilies * 0.25) * k,
    roleManipulation: Math.min(1, roleFamilies * 0.25) * k,
    delimiterInjection: Math.min(1, (strongMarkers + weakMarkers) * 0.35) * k,
    repetition,
    unicodeAbuse,
    excessiveInstructions,
  };
  const mean =
    (scores.instructionOverride * WEIGHTS.o +
      scores.roleManipulation * WEIGHTS.r +
      scores.delimiterInjection * WEIGHTS.d +
      scores.repetition * WEIGHTS.rep +
      scores.unicodeAbuse * WEIGHTS.u +
      scores.excessiveInstructions * WEIGHTS.den) /
    TOTAL_WEIGHT;
  const score = Math.min(1, mean > 0.3 ? mean + (mean - 0.3) * 0.5 : mean);
  return { score, scores, safeContext, overrideFamilies, roleFamilies, strongMarkers, weakMarkers, densityRaw, indicators };
}

function heuristic(category: string, name: string, description: string, score: number): ThreatIndicator {
  return { type: 'Heuristic', category, name, description, score };
}

/**
 * The fifth override family, "do not follow … instructions/rules" on one line. The reference's
 * regex has `.*` between the two parts, which is quadratic on a long line full of triggers;
 * checking the rest of the line once, from its first trigger, gives the same answer in linear time.
 */
function doNotFollowAt(text: string, positions: Candidates): boolean {
  if (!positions.any(DO_NOT_FOLLOW_ID)) return false;
  let checkedTo = -1;
  let hit = false;
  positions.probe(DO_NOT_FOLLOW_ID, DO_NOT_FOLLOW_STICKY, text, (_start, end) => {
    if (end <= checkedTo) return false;
    checkedTo = lineEnd(text, end);
    hit = RULE_WORD.test(text.slice(end, checkedTo));
    return hit;
  });
  return hit;
}

function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !isLineTerminator(text.charCodeAt(end))) end += 1;
  return end;
}

/** Any word the safe-context check looks for first; most texts have none. */
const SAFE_CONTEXT_ANY = /for testing|security review|red team|redteam|audit|pentest|prompt|jailbreak|injection|security/;

function isSafeContext(lower: string): boolean {
  if (!SAFE_CONTEXT_ANY.test(lower)) return false;
  for (const m of STRONG_SAFE_MARKERS) if (lower.includes(m)) return true;
  let topic = false;
  for (const t of SECURITY_TOPICS) {
    if (lower.includes(t)) {
      topic = true;
      break;
    }
  }
  if (!topic) return false;
  for (const m of GENERAL_SAFE_MARKERS) if (lower.includes(m)) return true;
  return false;
}

/** Reused buffers for word hashes and offsets (grown on demand). */
let wordHash = new Int32Array(1024);
let wordStart = new Int32Array(1024);
let wordEnd = new Int32Array(1024);

/**
 * R-SAFE-13 repetition: +0.2 per word (over 2 characters, not common) that is more than 15% of all
 * words and occurs more than 5 times; +0.3 for a run of 11+ equal characters.
 *
 * Counting every word in a map is the slow part of this layer, so: one pass hashes the words and
 * keeps Misra-Gries candidates (6 counters find every word above 1/7 of the stream, and 15% is
 * above that); a pass over the stored hashes counts the candidates; only a candidate over the
 * bar is checked against the actual words (hashes may collide). Exact, and linear.
 */
function repetitionScore(text: string, lower: string, indicators: ThreatIndicator[]): number {
  if (text.length < 50) return 0;
  let score = 0;
  const n = lower.length;
  // Java's split on \s+: a leading separator yields a leading empty word; trailing ones yield none
  let words = 0;
  let stored = 0;
  let i = 0;
  if (n > 0 && isJavaSpace(lower.charCodeAt(0))) {
    words += 1;
    while (i < n && isJavaSpace(lower.charCodeAt(i))) i += 1;
  }
  const cand = [0, 0, 0, 0, 0, 0];
  const count = [0, 0, 0, 0, 0, 0];
  while (i < n) {
    const start = i;
    // the hash covers the first 12 characters and the length; collisions are checked below
    let h = 0x811c9dc5;
    const hashEnd = i + 12;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) break;
      if (i < hashEnd) h = Math.imul(h ^ c, 0x01000193);
      i += 1;
    }
    h = Math.imul(h ^ (i - start), 0x01000193);
    words += 1;
    if (i - start > 2) {
      if (stored === wordHash.length) {
        wordHash = grow(wordHash);
        wordStart = grow(wordStart);
        wordEnd = grow(wordEnd);
      }
      wordHash[stored] = h;
      wordStart[stored] = start;
      wordEnd[stored] = i;
      stored += 1;
      misraGries(cand, count, h);
    }
    while (i < n && isJavaSpace(lower.charCodeAt(i))) i += 1;
  }
  const floor = Math.max(5, words * 0.15);
  for (let k = 0; k < 6; k += 1) {
    if (count[k] === 0) continue;
    const h = cand[k] as number;
    let exact = 0;
    for (let j = 0; j < stored; j += 1) if (wordHash[j] === h) exact += 1;
    if (exact <= floor) continue;
    // count the actual words behind this hash
    const byWord = new Map<string, number>();
    for (let j = 0; j < stored; j += 1) {
      if (wordHash[j] !== h) continue;
      const w = lower.slice(wordStart[j], wordEnd[j]);
      byWord.set(w, (byWord.get(w) ?? 0) + 1);
    }
    for (const [w, c] of byWord) {
      if (c > floor && c / words > 0.15 && !COMMON_WORDS.has(w)) {
        score += 0.2;
        indicators.push(heuristic('RepetitionAttack', `WordRepetition_${w.slice(0, 20)}`, `Excessive repetition of a word (${c} times)`, 0.25));
      }
    }
  }
  if (hasCharRun(text, 11)) {
    score += 0.3;
    indicators.push(heuristic('RepetitionAttack', 'CharacterRepetition', 'Detected excessive character repetition', 0.3));
  }
  return Math.min(1, score);
}

/** The character-run half of the repetition check. */
function charRunScore(text: string, indicators: ThreatIndicator[]): number {
  if (text.length < 50 || !hasCharRun(text, 11)) return 0;
  indicators.push(heuristic('RepetitionAttack', 'CharacterRepetition', 'Detected excessive character repetition', 0.3));
  return 0.3;
}

/** One Misra-Gries step with k = 6 counters. */
function misraGries(cand: number[], count: number[], h: number): void {
  let free = -1;
  for (let k = 0; k < 6; k += 1) {
    if (count[k] !== 0 && cand[k] === h) {
      count[k] = (count[k] as number) + 1;
      return;
    }
    if (free < 0 && count[k] === 0) free = k;
  }
  if (free >= 0) {
    cand[free] = h;
    count[free] = 1;
    return;
  }
  for (let k = 0; k < 6; k += 1) count[k] = (count[k] as number) - 1;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Whether one code point (not a line terminator) repeats `len` times in a row, as Java's
 * `(.)\1{10,}` finds. Any `len` consecutive positions include one multiple of `len`, so only those
 * are probed; text with surrogate pairs takes the code-point loop.
 */
function hasCharRun(text: string, len: number): boolean {
  if (SURROGATE.test(text)) return hasCodePointRun(text, len);
  const n = text.length;
  for (let k = len - 1; k < n; k += len) {
    const c = text.charCodeAt(k);
    if (isLineTerminator(c)) continue;
    let s = k;
    while (s > 0 && text.charCodeAt(s - 1) === c) s -= 1;
    let e = k + 1;
    while (e < n && text.charCodeAt(e) === c) e += 1;
    if (e - s >= len) return true;
  }
  return false;
}

function hasCodePointRun(text: string, len: number): boolean {
  let prev = -1;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      c = text.codePointAt(i) as number;
      i += 1;
    }
    if (isLineTerminator(c)) {
      prev = -1;
      run = 0;
      continue;
    }
    if (c === prev) {
      run += 1;
      if (run >= len) return true;
    } else {
      prev = c;
      run = 1;
    }
  }
  return false;
}

const ZERO_WIDTH = /\u200B|\u200C|\u200D|\uFEFF|\u2060/;
const BIDI = /[\u202A\u202B\u202D\u202E]/;

/** R-SAFE-13 Unicode abuse: zero-width, bidi overrides, and a homoglyph hint. */
function unicodeScore(text: string, indicators: ThreatIndicator[]): number {
  let score = 0;
  let ascii = 0;
  let nonAscii = 0;
  const limit = Math.min(text.length, 1000);
  // branch-free counts: printable ASCII is 32..126, non-ASCII above 127
  for (let i = 0; i < limit; i += 1) {
    const c = text.charCodeAt(i);
    ascii += ((c - 32) >>> 0) <= 94 ? 1 : 0;
    nonAscii += (127 - c) >>> 31;
  }
  if (nonAscii > 0 || text.length > 1000) {
    if (ZERO_WIDTH.test(text)) {
      score += 0.4;
      indicators.push(heuristic('UnicodeAbuse', 'ZeroWidthCharacters', 'Detected zero-width or invisible Unicode characters', 0.4));
    }
    if (BIDI.test(text)) {
      score += 0.5;
      indicators.push(heuristic('UnicodeAbuse', 'RTLOverride', 'Detected bidirectional override characters', 0.5));
    }
  }
  if (ascii > 0 && nonAscii > 0) {
    const ratio = nonAscii / (ascii + nonAscii);
    if (ratio > 0.05 && ratio < 0.3) {
      score += 0.2;
      indicators.push(heuristic('UnicodeAbuse', 'SuspiciousNonASCII', 'Detected non-ASCII characters mixed into ASCII text (homoglyph hint)', 0.2));
    }
  }
  return Math.min(1, score);
}

/** R-SAFE-13 density, before the safe-context discount. */
function densityScore(lower: string): number {
  if (lower.length < 20 || lower.trim().length === 0) return 0;
  IMPERATIVE_CUES.lastIndex = 0;
  let count = 0;
  while (IMPERATIVE_CUES.exec(lower) !== null) count += 1;
  const density = count / (lower.length / 100);
  return density > 3 ? Math.min(1, (density - 3) * 0.2) : 0;
}
