import type { HashedFeatureConfig } from './HashedFeatureConfig.js';

/**
 * Receives the hashed features of a text one chunk at a time.
 * @category Prompt safety
 */
export interface HashedFeatureSink {
  /**
   * Called once before the first chunk.
   * @param chunks - how many times {@link HashedFeatureSink.chunk} will be called
   */
  begin?(chunks: number): void;
  /**
   * Called once per chunk, in order; a text always yields at least one chunk (possibly empty).
   * @param buckets - the bucket index of every feature occurrence that ends in this chunk; the
   *   array is reused by the next call, so copy what you keep
   * @param count - how many entries of `buckets` are filled
   */
  chunk(buckets: Int32Array, count: number): void;
}

const SPACE = 32;
const WORD_PRIME = 0x01000193;
// Odd multipliers of the polynomial n-gram hash (P, P^2, P^3, P^4 mod 2^32 for P = 0x2545f491).
const P1 = 0x2545f491;
const P2 = Math.imul(P1, P1);
const P3 = Math.imul(P2, P1);
const P4 = Math.imul(P3, P1);
// Per-length salts, so that an n-gram and an (n+1)-gram never share a pre-image.
const SALT = [0, 0x68e31da4, 0xb5297a4d, 0x1b56c4e9, 0x7f4a7c15, 0x94d049bb] as const;
const SALT_WORD1 = 0x85ebca77;
const SALT_WORD2 = 0xc2b2ae3d;
const GOLDEN = 0x9e3779b1;

/**
 * Normalises one UTF-16 code unit of lower-cased text: white space and control characters become
 * a space, ASCII digits become `0`, full-width ASCII becomes ASCII, and invisible format
 * characters (zero-width space/joiners, word joiner, BOM, soft hyphen) are dropped (-1).
 */
function normaliseCode(code: number): number {
  if (code < 128) {
    if (code <= SPACE || code === 127) return SPACE;
    if (code >= 48 && code <= 57) return 48;
    return code;
  }
  if (code === 0xa0 || code === 0x85 || code === 0x1680 || code === 0x3000) return SPACE;
  if (code >= 0x2000 && code <= 0x206f) {
    if (code <= 0x200a || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f) return SPACE;
    if (code === 0x200b || code === 0x200c || code === 0x200d || code === 0x2060) return -1;
    return code;
  }
  if (code === 0xfeff || code === 0xad) return -1;
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0;
    if (ascii >= 65 && ascii <= 90) return ascii + 32;
    if (ascii >= 48 && ascii <= 57) return 48;
    return ascii;
  }
  return code;
}

/** Whether a normalised code unit belongs to a word: ASCII letters and digits, `_`, and non-ASCII letters. */
function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || code === 48 || code === 95;
  // General punctuation, CJK punctuation and the arrow/symbol blocks end a word.
  return !((code >= 0x2000 && code <= 0x206f) || (code >= 0x3000 && code <= 0x303f) || (code >= 0x2190 && code <= 0x2bff));
}

/** Per UTF-16 code unit: the normalised code, plus {@link WORD_FLAG} for word characters; -1 to drop. */
const TABLE = new Int32Array(0x10000);
const WORD_FLAG = 0x10000;
for (let code = 0; code < 0x10000; code++) {
  const n = normaliseCode(code);
  TABLE[code] = n < 0 ? -1 : n | (isWordCode(n) ? WORD_FLAG : 0);
}

let spare: Int32Array | undefined;

/**
 * Scans text once, left to right, and reports the hash bucket of every feature occurrence, chunk
 * by chunk: character n-grams (`charNgramMin`..`charNgramMax`) and word unigrams/bigrams of the
 * lower-cased text with white space collapsed to one space, digits folded to `0` and invisible
 * characters removed. The text is treated as if surrounded by spaces. Time is linear in the text
 * length and memory bounded by one chunk; no per-n-gram allocation.
 *
 * This is the single featuriser shared by the runtime scorer and the training script.
 * @param text - the text to scan
 * @param config - the feature configuration
 * @param sink - receives the buckets of each chunk
 * @category Prompt safety
 */
export function scanHashedFeatures(text: string, config: HashedFeatureConfig, sink: HashedFeatureSink): void {
  scanLowerHashedFeatures(text.toLowerCase(), config, sink);
}

/**
 * {@link scanHashedFeatures} on text the caller lower-cased already (`text.toLowerCase()`), so
 * that a caller that has the lower-cased copy does not make another one.
 * @param lower - the lower-cased text
 * @param config - the feature configuration
 * @param sink - receives the buckets of each chunk
 * @param generic - take the general loop even for the shipped configuration (for tests)
 * @internal
 */
export function scanLowerHashedFeatures(lower: string, config: HashedFeatureConfig, sink: HashedFeatureSink, generic = false): void {
  const length = lower.length;
  const shift = 32 - config.bucketBits;
  const minN = config.charNgramMin;
  const maxN = config.charNgramMax;
  const words = config.wordNgramMax;
  const chunkChars = config.chunkChars;
  const seed = config.seed | 0;
  // Occurrences per code unit: at most (maxN - minN + 1) char n-grams plus 2 word n-grams.
  const capacity = (Math.min(length, chunkChars) + 1) * (maxN - minN + 3) + 8;
  let buffer = spare;
  spare = undefined;
  if (buffer === undefined || buffer.length < capacity) buffer = new Int32Array(Math.max(capacity, 4096));
  // Loop invariants, hoisted: which n-grams to emit and the per-length keys.
  const want1 = minN === 1;
  const want2 = minN <= 2 && maxN >= 2;
  const want3 = minN <= 3 && maxN >= 3;
  const need4 = maxN >= 4;
  const want4 = minN <= 4 && need4;
  const want5 = maxN >= 5;
  const key1 = seed ^ SALT[1];
  const key2 = seed ^ SALT[2];
  const key3 = seed ^ SALT[3];
  const key4 = seed ^ SALT[4];
  const key5 = seed ^ SALT[5];
  const wordKey = seed ^ SALT_WORD1;
  const unigrams = words > 0;
  const bigrams = words > 1;
  const fourGramsOnly = !generic && minN === 4 && maxN === 4 && bigrams;
  // The last four code units before the current one (c1 newest); the text starts after a space.
  let c1 = SPACE;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  let seen = 1;
  let wordHash = 0;
  let inWord = false;
  let previousWord = 0;
  let hasPreviousWord = false;
  sink.begin?.(Math.floor(length / chunkChars) + 1);

  // One chunk per outer iteration; position `length` is one virtual trailing space that ends the
  // last word and the last n-grams.
  for (let from = 0; ; from += chunkChars) {
    const to = Math.min(from + chunkChars, length + 1);
    let count = 0;
    if (fourGramsOnly) {
      // The shipped configuration (4-grams, word unigrams and bigrams), without the other lengths'
      // tests: the same hashes, in the same order, as the general loop below.
      for (let i = from; i < to; i++) {
        const entry = i < length ? (TABLE[lower.charCodeAt(i)] as number) : SPACE;
        const code = entry & 0xffff;
        if (entry < 0 || (code === SPACE && c1 === SPACE)) continue;
        if (seen < 4) seen++;
        if (seen >= 4) {
          const h4 = (((Math.imul(c1, P1) + code + Math.imul(c2, P2)) | 0) + Math.imul(c3, P3)) | 0;
          buffer[count++] = Math.imul(h4 ^ key4, GOLDEN) >>> shift;
        }
        c3 = c2;
        c2 = c1;
        c1 = code;
        if (entry & WORD_FLAG) {
          if (!inWord) {
            inWord = true;
            wordHash = wordKey;
          }
          wordHash = Math.imul(wordHash ^ code, WORD_PRIME);
        } else if (inWord) {
          inWord = false;
          const word = Math.imul(wordHash ^ (wordHash >>> 15), GOLDEN);
          buffer[count++] = Math.imul(word ^ SALT_WORD1, GOLDEN) >>> shift;
          if (hasPreviousWord) buffer[count++] = Math.imul(Math.imul(previousWord, P1) ^ word ^ SALT_WORD2, GOLDEN) >>> shift;
          previousWord = word;
          hasPreviousWord = true;
        }
      }
      sink.chunk(buffer, count);
      if (to > length) break;
      continue;
    }
    for (let i = from; i < to; i++) {
      const entry = i < length ? (TABLE[lower.charCodeAt(i)] as number) : SPACE;
      const code = entry & 0xffff;
      if (entry < 0 || (code === SPACE && c1 === SPACE)) continue;
      if (seen < 5) seen++;

      // Character n-grams ending here: polynomial hash, then the top bits of a multiplicative hash.
      const h2 = Math.imul(c1, P1) + code;
      const h3 = (h2 + Math.imul(c2, P2)) | 0;
      if (want3 && seen >= 3) buffer[count++] = Math.imul(h3 ^ key3, GOLDEN) >>> shift;
      if (need4 && seen >= 4) {
        const h4 = (h3 + Math.imul(c3, P3)) | 0;
        if (want4) buffer[count++] = Math.imul(h4 ^ key4, GOLDEN) >>> shift;
        if (want5 && seen >= 5) buffer[count++] = Math.imul(((h4 + Math.imul(c4, P4)) | 0) ^ key5, GOLDEN) >>> shift;
      }
      if (want2 && seen >= 2) buffer[count++] = Math.imul((h2 | 0) ^ key2, GOLDEN) >>> shift;
      if (want1) buffer[count++] = Math.imul(code ^ key1, GOLDEN) >>> shift;
      c4 = c3;
      c3 = c2;
      c2 = c1;
      c1 = code;

      // Word unigrams and bigrams, emitted when a word ends.
      if (unigrams) {
        if (entry & WORD_FLAG) {
          if (!inWord) {
            inWord = true;
            wordHash = wordKey;
          }
          wordHash = Math.imul(wordHash ^ code, WORD_PRIME);
        } else if (inWord) {
          inWord = false;
          const word = Math.imul(wordHash ^ (wordHash >>> 15), GOLDEN);
          buffer[count++] = Math.imul(word ^ SALT_WORD1, GOLDEN) >>> shift;
          if (bigrams && hasPreviousWord) buffer[count++] = Math.imul(Math.imul(previousWord, P1) ^ word ^ SALT_WORD2, GOLDEN) >>> shift;
          previousWord = word;
          hasPreviousWord = true;
        }
      }
    }
    sink.chunk(buffer, count);
    if (to > length) break;
  }
  spare = buffer;
}
