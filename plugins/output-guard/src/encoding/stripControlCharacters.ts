import { CONTROL, CONTROL_EXCEPT_WHITESPACE, INVISIBLE, INVISIBLE_RANGES } from '../internal/characterClasses.js';
import { codeUnitsToString } from '../internal/substituteCodeUnits.js';

/**
 * Options of {@link stripControlCharacters}.
 * @category Encoding
 */
export interface StripControlCharactersOptions {
  /** Keep tab, line feed and carriage return (default true). */
  readonly keepWhitespace?: boolean;
}

/** Finds the first character to remove (the fast path for text that has none). */
const PROBE_KEEPING_WHITESPACE = new RegExp(`[${CONTROL_EXCEPT_WHITESPACE}${INVISIBLE}\\p{Cs}]`, 'u');
const PROBE_ALL = new RegExp(`[${CONTROL}${INVISIBLE}\\p{Cs}]`, 'u');

/** Per BMP code unit: 0 keep, 1 remove, 2 remove only when whitespace goes too. */
const REMOVE = new Uint8Array(0x10000);
REMOVE.fill(1, 0x00, 0x20);
REMOVE.fill(1, 0x7f, 0xa0);
REMOVE[0x09] = 2;
REMOVE[0x0a] = 2;
REMOVE[0x0d] = 2;
for (const [first, last] of INVISIBLE_RANGES) if (last <= 0xffff) REMOVE.fill(1, first, last + 1);

/** Whether an astral code point is invisible (tag characters, supplementary variation selectors). */
function isInvisibleAstral(cp: number): boolean {
  for (const [first, last] of INVISIBLE_RANGES) if (first > 0xffff && cp >= first && cp <= last) return true;
  return false;
}

/**
 * Removes control characters, lone surrogates and invisible format characters from model output
 * (R-ACT-OUT-1): C0/C1 controls and DEL (tab, line feed and carriage return are kept unless told
 * otherwise), bidi overrides and isolates, zero-width spaces, the byte-order mark, and Unicode tag
 * characters and supplementary variation selectors, which can carry hidden instructions or data.
 * Zero-width joiners stay, so emoji sequences survive. Runs in linear time.
 *
 * @param text - the text
 * @param options - whether to keep tab and line breaks
 * @returns the text without those characters (the same string when there were none)
 * @example
 * ```ts
 * stripControlCharacters('pay\u202Eusd 01\u0007'); // 'payusd 01'
 * ```
 * @category Encoding
 */
export function stripControlCharacters(text: string, options: StripControlCharactersOptions = {}): string {
  const dropWhitespace = options.keepWhitespace === false;
  if (!(dropWhitespace ? PROBE_ALL : PROBE_KEEPING_WHITESPACE).test(text)) return text;
  const n = text.length;
  const out = new Uint16Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = c <= 0xdbff ? text.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (!isInvisibleAstral(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000)) {
          out[j++] = c;
          out[j++] = d;
        }
        i++;
      }
      continue; // a lone surrogate, or a pair already handled
    }
    const remove = REMOVE[c];
    if (remove === 0 || (remove === 2 && !dropWhitespace)) out[j++] = c;
  }
  return codeUnitsToString(out.subarray(0, j));
}
