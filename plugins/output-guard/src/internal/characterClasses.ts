/**
 * Invisible format characters used to hide or reorder text (R-ACT-OUT-1): soft hyphen, bidi marks,
 * embeddings, overrides and isolates ("Trojan Source"), zero-width space, word joiner and invisible
 * operators, byte-order mark, Hangul fillers, interlinear annotation marks, Unicode tag characters
 * (used to smuggle instructions and data as "ASCII smuggling") and the supplementary variation
 * selectors. Zero-width joiner and non-joiner stay: emoji sequences and several scripts need them.
 * Meant for a `u`-flag character class.
 */
export const INVISIBLE =
  '\\u00AD\\u061C\\u115F\\u1160\\u180E\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\u{E0000}-\\u{E007F}\\u{E0100}-\\u{E01EF}';

/** The ranges of {@link INVISIBLE}, as code points (first, last). */
export const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200b],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
];

/** C0 and C1 control characters and DEL (all of Unicode `Cc`), for a character class. */
export const CONTROL = '\\x00-\\x1F\\x7F-\\x9F';

/** Control characters except tab, line feed and carriage return, for a character class. */
export const CONTROL_EXCEPT_WHITESPACE = '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F';

/** Lone surrogates and private-use characters, for a `u`-flag character class. */
export const UNASSIGNABLE = '\\p{Cs}\\p{Co}';
