// Regex fragments shared by the catalogs. Every fragment is linear-time on its own: bounded
// quantifiers, and alternatives or separators that are disjoint character classes.

/** The words that may follow a keyword: `number`, `no.`, `#`, then `:`/`-` and spaces, then `is`. */
export const TAIL = String.raw`(?:\s{1,3}(?:number|num|no\.?|#))?[\s:#.=-]{0,5}(?:is[\s:]{1,3})?`;

/** 5–15 letters or digits with at least one digit. */
export const ALNUM_ID = String.raw`((?=[a-z]{0,14}\d)[a-z0-9]{5,15})\b`;

/** An IPv4 octet, 0–255, without leading zeros. */
export const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

/** A phone extension: `x123`, ` ext. 12`, `#5`. */
export const PHONE_EXTENSION = String.raw`(?: ?(?:[xX]|[eE]xt\.?|#) ?\d{1,5})?`;

/** After a number: no word character, and no further separator-and-digit. */
export const NUMBER_END = String.raw`(?![\w]|[ .-]?\d)`;
