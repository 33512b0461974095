/**
 * Decoders for the encoding checks of layer 3 (R-SAFE-15) and the SDK's nested decoding. All are
 * single passes over their input; nested decoding is bounded in depth, count and size.
 * @internal
 */

import { isUtf8 } from 'node:buffer';

/** R-SAFE-15: the words whose presence in decoded text is suspicious. */
export const SUSPICIOUS_KEYWORDS: readonly string[] = [
  'ignore',
  'previous',
  'instructions',
  'system',
  'prompt',
  'pretend',
  'override',
  'disregard',
  'forget',
  'jailbreak',
  'unrestricted',
  'bypass',
  'developer',
  'dan',
  'unrestrict',
];

/** Whether lower-case text contains a suspicious keyword. */
export function hasSuspiciousKeyword(lower: string): boolean {
  for (const k of SUSPICIOUS_KEYWORDS) if (lower.includes(k)) return true;
  return false;
}

/**
 * The encoded-looking runs of a text, found in one pass: what a global scan with
 * `[A-Za-z0-9+/]{20,}={0,2}` finds (maximal runs of the base64 alphabet of 20+ characters, with
 * up to two `=` of padding) and the digit groups `(?:0x)?([0-9A-Fa-f]{20,})` captures (maximal
 * runs of 20+ hex digits). The regexes themselves retry at every position of every shorter run;
 * this loop reads each character once.
 * @internal
 */
export interface EncodedRuns {
  /** Base64 runs, as [start, end) with the padding. */
  readonly base64: readonly (readonly [number, number])[];
  /** Hex digit runs, as [start, end) without any `0x`. */
  readonly hex: readonly (readonly [number, number])[];
  /** Decodings already done, by run start (so layer 3 and nested decoding decode a run once). */
  readonly decoded: Map<string, string | undefined>;
}

/** Decodes a base64 run of `runs` once. */
export function decodeBase64Run(text: string, runs: EncodedRuns, s: number, e: number): string | undefined {
  const key = `b${s}`;
  if (runs.decoded.has(key)) return runs.decoded.get(key);
  const decoded = decodeBase64(text.slice(s, e));
  runs.decoded.set(key, decoded);
  return decoded;
}

/** Decodes a hex run of `runs` once (printable ASCII only). */
export function decodeHexRun(text: string, runs: EncodedRuns, s: number, e: number): string {
  const key = `h${s}`;
  const known = runs.decoded.get(key);
  if (known !== undefined) return known;
  const decoded = decodeHexPrintable(text.slice(s, e));
  runs.decoded.set(key, decoded);
  return decoded;
}

/** Bit 1: base64 alphabet; bit 2: hex digit. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  CLASS[c] = (/[A-Za-z0-9+/]/.test(ch) ? 1 : 0) | (/[0-9A-Fa-f]/.test(ch) ? 2 : 0);
}
/** The shortest run either check decodes. */
const MIN_RUN = 20;

const classOf = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  return c < 128 ? (CLASS[c] as number) : 0;
};

/**
 * Finds the base64 and hex runs of 20+ characters (see {@link EncodedRuns}). Any 20 consecutive
 * positions include one multiple of 20, so only those are probed, and a run is measured only
 * around a probe that lands in one: about n/20 steps plus the length of the runs touched.
 * @param text - the text
 * @param limit - stop after this many runs of each kind
 * @returns the runs, in text order
 * @internal
 */
export function findEncodedRuns(text: string, limit = Number.POSITIVE_INFINITY): EncodedRuns {
  return { base64: runsOf(text, 1, limit, true), hex: runsOf(text, 2, limit, false), decoded: new Map() };
}

function runsOf(text: string, bit: number, limit: number, padding: boolean): [number, number][] {
  const out: [number, number][] = [];
  const n = text.length;
  let k = MIN_RUN - 1;
  while (k < n && out.length < limit) {
    if ((classOf(text, k) & bit) === 0) {
      k += MIN_RUN;
      continue;
    }
    let s = k;
    while (s > 0 && (classOf(text, s - 1) & bit) !== 0) s -= 1;
    let e = k + 1;
    while (e < n && (classOf(text, e) & bit) !== 0) e += 1;
    if (e - s >= MIN_RUN) {
      let end = e;
      if (padding && end < n && text.charCodeAt(end) === 61) end += 1;
      if (padding && end < n && end > e && text.charCodeAt(end) === 61) end += 1;
      out.push([s, end]);
    }
    // the next probe past this run; a run ends at a character outside the class
    k = e + MIN_RUN;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes base64 as the reference does: the bytes must be valid UTF-8, or the run is not counted.
 * @returns the decoded text, or undefined
 */
export function decodeBase64(run: string): string | undefined {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const bytes = Buffer.from(body, 'base64');
  // the fatal decoder rejects exactly the ill-formed UTF-8 `isUtf8` rejects; checking first spares
  // a thrown exception per run of random-looking characters (most runs)
  if (!isUtf8(bytes)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes hex pairs, keeping printable ASCII only (the reference's behaviour). */
export function decodeHexPrintable(hex: string): string {
  const bytes = Buffer.from(hex.length % 2 === 0 ? hex : hex.slice(0, -1), 'hex');
  let kept = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const c = bytes[i] as number;
    if (c >= 32 && c <= 126) {
      bytes[kept] = c;
      kept += 1;
    }
  }
  return bytes.toString('latin1', 0, kept);
}

/** The share of printable characters (letters, digits, punctuation, spaces) in a string. */
export function printableRatio(s: string): number {
  if (s.length === 0) return 0;
  let printable = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13 || c >= 160) printable += 1;
  }
  return printable / s.length;
}

/** The least number of escapes before a text counts as escape-encoded. */
export const MIN_ESCAPES = 3;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The value of a hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Reads `count` hex digits at `i`, or -1. */
function readHex(text: string, i: number, count: number): number {
  if (i + count > text.length) return -1;
  let v = 0;
  for (let k = 0; k < count; k += 1) {
    const d = hexValue(text.charCodeAt(i + k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Decodes one escape at `i`: `\uXXXX`, `\u{X…}`, `\xNN`, `&#N;`, `&#xH;`, `&lt;` and the like,
 * `%XX`. Every form is a fixed prefix plus at most 7 characters.
 * @returns [code point or replacement text, length] or undefined
 */
function escapeAt(text: string, i: number): [string, number] | undefined {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === 92) {
    if (next === 117) {
      if (text.charCodeAt(i + 2) === 123) {
        let v = 0;
        let k = i + 3;
        while (k < text.length && k < i + 9 && hexValue(text.charCodeAt(k)) >= 0) {
          v = v * 16 + hexValue(text.charCodeAt(k));
          k += 1;
        }
        return k > i + 3 && text.charCodeAt(k) === 125 && v <= 0x10ffff ? [String.fromCodePoint(v), k + 1 - i] : undefined;
      }
      const v = readHex(text, i + 2, 4);
      return v >= 0 ? [String.fromCharCode(v), 6] : undefined;
    }
    if (next === 120) {
      const v = readHex(text, i + 2, 2);
      return v >= 0 ? [String.fromCharCode(v), 4] : undefined;
    }
    return undefined;
  }
  if (c === 37) {
    const v = readHex(text, i + 1, 2);
    return v >= 0 ? [String.fromCharCode(v), 3] : undefined;
  }
  if (c !== 38) return undefined;
  if (next === 35) {
    const hexForm = text.charCodeAt(i + 2) === 120 || text.charCodeAt(i + 2) === 88;
    let k = i + (hexForm ? 3 : 2);
    const from = k;
    let v = 0;
    while (k < text.length && k < from + (hexForm ? 6 : 7)) {
      const ch = text.charCodeAt(k);
      const d = hexForm ? hexValue(ch) : ch >= 48 && ch <= 57 ? ch - 48 : -1;
      if (d < 0) break;
      v = v * (hexForm ? 16 : 10) + d;
      k += 1;
    }
    return k > from && text.charCodeAt(k) === 59 && v <= 0x10ffff ? [String.fromCodePoint(v), k + 1 - i] : undefined;
  }
  const semi = text.indexOf(';', i + 1);
  if (semi < 0 || semi > i + 6) return undefined;
  const named = NAMED[text.slice(i + 1, semi)];
  return named === undefined ? undefined : [named, semi + 1 - i];
}

/**
 * Decodes every escape in the text (SPEC §15 row 3: `\uXXXX`, `\u{X…}`, `\xNN`, numeric and a
 * few named HTML entities, `%XX`) when it holds at least {@link MIN_ESCAPES} of them. One pass.
 * @returns the decoded text and the number of escapes, or undefined when there are too few
 */
export function decodeEscapes(text: string): { readonly decoded: string; readonly count: number } | undefined {
  if (!(text.includes('\\') || text.includes('&') || text.includes('%'))) return undefined;
  const parts: string[] = [];
  let count = 0;
  let copied = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 92 && c !== 38 && c !== 37) continue;
    const hit = escapeAt(text, i);
    if (!hit) continue;
    parts.push(text.slice(copied, i), hit[0]);
    count += 1;
    i += hit[1] - 1;
    copied = i + 1;
  }
  if (count < MIN_ESCAPES) return undefined;
  parts.push(text.slice(copied));
  return { decoded: parts.join(''), count };
}

/**
 * One payload found by nested decoding.
 * @internal
 */
export interface DecodedPayload {
  /** How it was encoded. */
  readonly encoding: 'base64' | 'hex' | 'escapes';
  /** How many decodings deep it was (1 = directly in the text). */
  readonly depth: number;
  /** The decoded text. */
  readonly text: string;
}

/** Limits of {@link decodePayloads}. */
export interface DecodeLimits {
  /** How many decodings deep to go; default 3. */
  readonly maxDepth?: number;
  /** The most payloads; default 24. */
  readonly maxPayloads?: number;
  /** The most runs of one kind decoded per text; default 8. */
  readonly maxRunsPerText?: number;
}

/**
 * Nested decoding (SDK): base64 (valid, mostly printable UTF-8), hex (mostly printable) and escape
 * sequences, recursively up to a small depth. Total work is linear in the input: every level's
 * payloads are shorter than their source, and count and depth are bounded.
 * @param text - the text
 * @param limits - depth and count limits
 * @param firstRuns - the text's runs, when the caller found them already
 * @param firstEscapes - the text's decoded escapes (null for none), when the caller decoded them already
 * @returns the payloads, outermost first
 * @internal
 */
export function decodePayloads(text: string, limits: DecodeLimits = {}, firstRuns?: EncodedRuns, firstEscapes?: { readonly decoded: string } | null): DecodedPayload[] {
  const maxDepth = limits.maxDepth ?? 3;
  const maxPayloads = limits.maxPayloads ?? 24;
  const maxRuns = limits.maxRunsPerText ?? 8;
  if (firstRuns && firstEscapes === null && firstRuns.base64.length === 0 && firstRuns.hex.length === 0) return [];
  const out: DecodedPayload[] = [];
  const queue: { text: string; depth: number }[] = [{ text, depth: 0 }];
  const seen = new Set<string>();
  while (queue.length > 0 && out.length < maxPayloads) {
    const item = queue.shift() as { text: string; depth: number };
    if (item.depth >= maxDepth) continue;
    const add = (encoding: DecodedPayload['encoding'], decoded: string): void => {
      if (out.length >= maxPayloads || decoded.length < 4 || seen.has(decoded)) return;
      seen.add(decoded);
      const payload = { encoding, depth: item.depth + 1, text: decoded };
      out.push(payload);
      queue.push({ text: decoded, depth: item.depth + 1 });
    };
    const runs = item.depth === 0 && firstRuns ? firstRuns : findEncodedRuns(item.text, maxRuns * 4);
    let decodedRuns = 0;
    for (const [s, e] of runs.base64) {
      if (decodedRuns >= maxRuns) break;
      const decoded = decodeBase64Run(item.text, runs, s, e);
      if (decoded === undefined) continue;
      decodedRuns += 1;
      if (printableRatio(decoded) >= 0.9) add('base64', decoded);
    }
    decodedRuns = 0;
    for (const [s, e] of runs.hex) {
      if (decodedRuns >= maxRuns) break;
      if ((e - s) % 2 !== 0) continue;
      decodedRuns += 1;
      const decoded = decodeHexRun(item.text, runs, s, e);
      if (decoded.length >= ((e - s) / 2) * 0.8) add('hex', decoded);
    }
    const escaped = item.depth === 0 && firstEscapes !== undefined ? firstEscapes : decodeEscapes(item.text);
    if (escaped) add('escapes', escaped.decoded);
  }
  return out;
}
