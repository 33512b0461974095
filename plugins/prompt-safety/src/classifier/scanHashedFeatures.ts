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

/**
 * Scratch state of {@link slidingWindowLogit}, owned by one scorer.
 * @internal
 */
export interface SlidingWindowState {
  /** Per bucket, the id of the last chunk that had it; ids only grow (see `epoch`), 0 = never. */
  readonly last: Uint16Array;
  /** The highest chunk id handed out so far. */
  epoch: number;
  /** Per ring slot (chunk index modulo `windowChunks`), that chunk's distinct buckets. */
  readonly lists: Int32Array[];
  /** Per ring slot, how many entries of its list are filled. */
  readonly lengths: Int32Array;
}

/** Chunk ids stay below this, so that they fit in a {@link SlidingWindowState.last} entry. */
const MAX_CHUNK_ID = 0xffff;

/**
 * Whether {@link slidingWindowLogit} applies: the shipped configuration shape (4-grams only, word
 * unigrams and bigrams) and a text short enough for its chunk ids.
 * @param length - the text's length
 * @param config - the feature configuration
 * @returns true when the fused scan gives the chunked scan's logit
 * @internal
 */
export function fitsSlidingScan(length: number, config: HashedFeatureConfig): boolean {
  return (
    config.charNgramMin === 4 && config.charNgramMax === 4 && config.wordNgramMax === 2 && Math.floor(length / config.chunkChars) + 1 + 2 * (config.windowChunks + 1) < MAX_CHUNK_ID
  );
}

/**
 * The highest window logit of the shipped configuration's features (see
 * {@link scanLowerHashedFeatures}), featurised and summed in one pass without a bucket buffer. A
 * bucket is in the window of chunks `[j - k + 1, j]` when the last chunk that had it is in that
 * range; leaving chunk `j - k` removes only the buckets it was the last to have. The logit of a
 * window is `bias + scale · sum / √distinct` (`bias` when empty), exactly as the chunked scorer
 * computes it, over every full window (or once over the whole text when it fits in one).
 * @param lower - the lower-cased text
 * @param config - the feature configuration
 * @param weights - the weight per bucket
 * @param state - the scorer's scratch state
 * @param bias - the logit bias
 * @param scale - the weight scale
 * @returns the highest window logit
 * @internal
 */
export function slidingWindowLogit(lower: string, config: HashedFeatureConfig, weights: Int8Array, state: SlidingWindowState, bias: number, scale: number): number {
  const length = lower.length;
  const chunkChars = config.chunkChars;
  const k = config.windowChunks;
  const chunks = Math.floor(length / chunkChars) + 1;
  const sliding = chunks > k;
  const last = state.last;
  if (state.epoch + chunks + 2 * (k + 1) >= MAX_CHUNK_ID) {
    last.fill(0);
    state.epoch = 0;
  }
  // every stale id is at most the old epoch, below the first window's start (base - k + 1)
  const base = state.epoch + k + 1;
  state.epoch = base + chunks;
  const shift = 32 - config.bucketBits;
  const seed = config.seed | 0;
  const key4 = seed ^ SALT[4];
  const wordKey = seed ^ SALT_WORD1;
  const lists = state.lists;
  const lengths = state.lengths;
  let c1 = SPACE;
  let c2 = 0;
  let c3 = 0;
  let seen = 1;
  let wordHash = 0;
  let inWord = false;
  let previousWord = 0;
  let hasPreviousWord = false;
  let sum = 0;
  let distinct = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < chunks; j++) {
    const id = base + j;
    const start = id - k + 1;
    const slot = j % k;
    let list = lists[slot] as Int32Array;
    if (sliding && j >= k) {
      // chunk j - k leaves: drop the buckets no later chunk of the window has
      const gone = id - k;
      const n = lengths[slot] as number;
      for (let t = 0; t < n; t++) {
        const b = list[t] as number;
        const out = (((last[b] as number) ^ gone) - 1) >>> 31;
        sum -= (weights[b] as number) & -out;
        distinct -= out;
      }
    }
    const from = j * chunkChars;
    const to = Math.min(from + chunkChars, length + 1);
    // at most three features per code unit
    if (sliding && list.length < 3 * (to - from) + 3) {
      list = new Int32Array(3 * chunkChars + 3);
      lists[slot] = list;
    }
    let n = 0;
    for (let i = from; i < to; i++) {
      const entry = i < length ? (TABLE[lower.charCodeAt(i)] as number) : SPACE;
      const code = entry & 0xffff;
      if (entry < 0 || (code === SPACE && c1 === SPACE)) continue;
      if (seen < 4) seen++;
      if (seen >= 4) {
        const h4 = (((Math.imul(c1, P1) + code + Math.imul(c2, P2)) | 0) + Math.imul(c3, P3)) | 0;
        const b = Math.imul(h4 ^ key4, GOLDEN) >>> shift;
        const l = last[b] as number;
        const add = (l - start) >>> 31;
        sum += (weights[b] as number) & -add;
        distinct += add;
        last[b] = id;
        if (sliding) {
          list[n] = b;
          n += (l - id) >>> 31;
        }
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
        const b = Math.imul(word ^ SALT_WORD1, GOLDEN) >>> shift;
        const l = last[b] as number;
        const add = (l - start) >>> 31;
        sum += (weights[b] as number) & -add;
        distinct += add;
        last[b] = id;
        if (sliding) {
          list[n] = b;
          n += (l - id) >>> 31;
        }
        if (hasPreviousWord) {
          const b2 = Math.imul(Math.imul(previousWord, P1) ^ word ^ SALT_WORD2, GOLDEN) >>> shift;
          const l2 = last[b2] as number;
          const add2 = (l2 - start) >>> 31;
          sum += (weights[b2] as number) & -add2;
          distinct += add2;
          last[b2] = id;
          if (sliding) {
            list[n] = b2;
            n += (l2 - id) >>> 31;
          }
        }
        previousWord = word;
        hasPreviousWord = true;
      }
    }
    lengths[slot] = n;
    if (sliding ? j >= k - 1 : j === chunks - 1) {
      const logit = distinct === 0 ? bias : bias + (scale * sum) / Math.sqrt(distinct);
      if (logit > best) best = logit;
    }
  }
  return best;
}
