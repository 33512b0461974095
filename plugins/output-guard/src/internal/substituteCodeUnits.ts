/** A table of replacements by UTF-16 code unit: `undefined` keeps the character. */
export type SubstitutionTable = readonly (Uint16Array | undefined)[];

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** How many code units `String.fromCharCode` gets at once on the big-endian fallback. */
const CHUNK = 8192;

/**
 * Builds a substitution table from a map of single characters (all below `size`) to replacements.
 * @param size - the table's length: characters at or above it are always kept
 * @param replacements - character → replacement
 * @returns the table
 */
export function substitutionTable(size: number, replacements: Readonly<Record<string, string>>): SubstitutionTable {
  const table: (Uint16Array | undefined)[] = new Array(size).fill(undefined);
  for (const [char, replacement] of Object.entries(replacements)) table[char.charCodeAt(0)] = Uint16Array.from(replacement, (c) => c.charCodeAt(0));
  return table;
}

/**
 * Replaces characters through a table in two linear passes (measure, then write into a typed
 * array), so that the cost per character stays flat however many characters are replaced: a
 * callback per match would make input made only of special characters many times slower than
 * prose. Lone surrogates and every character not in the table pass through unchanged.
 * @param text - the text
 * @param table - the replacements
 * @returns the text with replacements, or `text` itself when nothing was replaced
 */
export function substituteCodeUnits(text: string, table: SubstitutionTable): string {
  const size = table.length;
  const n = text.length;
  let length = 0;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const r = c < size ? table[c] : undefined;
    if (r === undefined) length += 1;
    else {
      length += r.length;
      changed = true;
    }
  }
  if (!changed) return text;
  const out = new Uint16Array(length);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const r = c < size ? table[c] : undefined;
    if (r === undefined) out[j++] = c;
    else for (let k = 0; k < r.length; k++) out[j++] = r[k] as number;
  }
  return codeUnitsToString(out);
}

/**
 * Turns UTF-16 code units into a string, lone surrogates included.
 * @param units - the code units
 * @returns the string
 */
export function codeUnitsToString(units: Uint16Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
  const parts: string[] = [];
  for (let p = 0; p < units.length; p += CHUNK) parts.push(String.fromCharCode(...units.subarray(p, p + CHUNK)));
  return parts.join('');
}
