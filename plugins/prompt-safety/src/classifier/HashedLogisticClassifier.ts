import { ClassifierDataError } from './ClassifierDataError.js';
import type { HashedFeatureConfig } from './HashedFeatureConfig.js';
import type { InjectionClassifier } from './InjectionClassifier.js';
import { type InjectionClassifierModel, InjectionClassifierModelSchema } from './InjectionClassifierModelSchema.js';
import { fitsSlidingScan, type HashedFeatureSink, type SlidingWindowState, scanLowerHashedFeatures, slidingWindowLogit } from './scanHashedFeatures.js';

/**
 * Slides a window of `windowChunks` chunks over the text and keeps the highest window logit. Each
 * bucket's counter holds its occurrences in the window, so a bucket's weight is added once while
 * it is in the window (binary features) and the integer weight sum stays exact. A text that fits
 * in one window needs neither counters nor chunk copies: a bucket is first seen when its stamp is
 * not the text's generation (no clean-up pass); a longer text's last window is removed at the end.
 * The shipped configuration shape takes the one-pass {@link slidingWindowLogit} instead, which
 * computes the same logits.
 */
class MaxWindowLogit implements HashedFeatureSink {
  private readonly weights: Int8Array;
  /** Per bucket: its occurrences in the current window (sliding texts only; zero between texts). */
  private readonly counts: Uint16Array;
  /** Per bucket: the generation of the one-window text that last saw it. */
  private readonly stamps: Uint8Array;
  private generation = 0;
  private readonly chunks: Int32Array[] = [];
  private readonly lengths: number[] = [];
  private filled = 0;
  private sum = 0;
  private distinct = 0;
  private sliding = false;
  private best = Number.NEGATIVE_INFINITY;

  constructor(
    weights: Int8Array,
    private readonly scale: number,
    private readonly bias: number,
    private readonly windowChunks: number,
  ) {
    this.weights = weights;
    this.counts = new Uint16Array(weights.length);
    this.stamps = new Uint8Array(weights.length);
  }

  begin(chunks: number): void {
    this.filled = 0;
    this.sum = 0;
    this.distinct = 0;
    this.best = Number.NEGATIVE_INFINITY;
    this.sliding = chunks > this.windowChunks;
    if (!this.sliding) {
      let generation = this.generation + 1;
      if (generation > 255) {
        this.stamps.fill(0);
        generation = 1;
      }
      this.generation = generation;
    }
  }

  chunk(buckets: Int32Array, count: number): void {
    const weights = this.weights;
    let sum = this.sum;
    let distinct = this.distinct;
    if (!this.sliding) {
      const stamps = this.stamps;
      const generation = this.generation;
      // branch-free: whether a bucket is new is close to a coin flip, so a branch mispredicts
      for (let i = 0; i < count; i++) {
        const b = buckets[i] as number;
        const fresh = -((stamps[b] as number) ^ generation) >>> 31;
        stamps[b] = generation;
        sum += (weights[b] as number) & -fresh;
        distinct += fresh;
      }
      this.sum = sum;
      this.distinct = distinct;
      return;
    }
    const k = this.windowChunks;
    const slot = this.filled % k;
    if (this.filled >= k) {
      this.remove(slot);
      sum = this.sum;
      distinct = this.distinct;
    }
    let copy = this.chunks[slot];
    if (copy === undefined || copy.length < count) {
      copy = new Int32Array(Math.max(count, 1024));
      this.chunks[slot] = copy;
    }
    copy.set(buckets.subarray(0, count));
    this.lengths[slot] = count;
    const counts = this.counts;
    for (let i = 0; i < count; i++) {
      const b = buckets[i] as number;
      const c = counts[b] as number;
      const fresh = (c - 1) >>> 31;
      sum += (weights[b] as number) & -fresh;
      distinct += fresh;
      counts[b] = c + 1;
    }
    this.sum = sum;
    this.distinct = distinct;
    this.filled++;
    if (this.filled >= k) this.evaluate();
  }

  /** The best window logit of the text; also zeroes the counters for the next text. */
  finish(): number {
    if (!this.sliding) this.evaluate();
    else {
      const k = this.windowChunks;
      for (let n = Math.min(this.filled, k); n > 0; n--) this.remove((this.filled - n) % k);
    }
    return this.best;
  }

  private evaluate(): void {
    const logit = this.distinct === 0 ? this.bias : this.bias + (this.scale * this.sum) / Math.sqrt(this.distinct);
    if (logit > this.best) this.best = logit;
  }

  private remove(slot: number): void {
    const copy = this.chunks[slot] as Int32Array;
    const count = this.lengths[slot] as number;
    const counts = this.counts;
    const weights = this.weights;
    let sum = this.sum;
    let distinct = this.distinct;
    for (let i = 0; i < count; i++) {
      const b = copy[i] as number;
      const c = (counts[b] as number) - 1;
      counts[b] = c;
      const gone = (c - 1) >>> 31;
      sum -= (weights[b] as number) & -gone;
      distinct -= gone;
    }
    this.sum = sum;
    this.distinct = distinct;
    this.lengths[slot] = 0;
  }
}

/** The logistic function, written so that it neither overflows nor returns exactly 0 or 1 for finite input. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * A logistic-regression prompt-injection classifier over hashed character n-grams (4-grams in the
 * shipped model) and word uni/bigrams (see {@link scanHashedFeatures}). Each window of `windowChunks × chunkChars` code
 * units is scored as `bias + scale · Σ w[b] / √(distinct buckets)` over its distinct buckets, and
 * the text's score is the sigmoid of the highest window logit, so an instruction hidden in a long
 * document is not diluted. Time is linear in the text length.
 *
 * An instance reuses its scratch buffers; scoring is synchronous, so sharing one instance across
 * async code is safe.
 * @example
 * ```ts
 * const classifier = HashedLogisticClassifier.fromJson(JSON.parse(fileText), 'my-model.json');
 * if (classifier.score(message) >= classifier.threshold) flag();
 * ```
 * @category Prompt safety
 */
export class HashedLogisticClassifier implements InjectionClassifier {
  /** The model version from the data file. */
  readonly version: string;
  /** The operating threshold from the data file. */
  readonly threshold: number;
  /** The feature configuration the weights were trained with. */
  readonly features: HashedFeatureConfig;
  private readonly window: MaxWindowLogit;
  private readonly weights: Int8Array;
  private readonly bias: number;
  private readonly scale: number;
  /** Scratch state of the one-pass scorer for the shipped configuration shape. */
  private readonly sliding: SlidingWindowState;

  /**
   * @param model - a parsed, validated data file (use {@link HashedLogisticClassifier.fromJson} for untrusted input)
   * @throws {@link ClassifierDataError} `CLASSIFIER_DATA_INVALID` when the weights do not decode to one int8 per bucket
   */
  constructor(model: InjectionClassifierModel) {
    const weights = decodeInt8(model.weights);
    const buckets = 2 ** model.features.bucketBits;
    if (weights.length !== buckets) {
      throw new ClassifierDataError('CLASSIFIER_DATA_INVALID', `Classifier weights hold ${weights.length} entries but the feature configuration needs ${buckets}; retrain or restore the data file.`, {
        details: { field: 'weights', expected: buckets, actual: weights.length },
      });
    }
    this.version = model.version;
    this.threshold = model.threshold;
    this.features = model.features;
    this.window = new MaxWindowLogit(weights, model.weightScale, model.bias, model.features.windowChunks);
    this.weights = weights;
    this.bias = model.bias;
    this.scale = model.weightScale;
    this.sliding = { last: new Uint16Array(buckets), epoch: 0, lists: Array.from({ length: model.features.windowChunks }, () => new Int32Array(0)), lengths: new Int32Array(model.features.windowChunks) };
  }

  /**
   * Validates an untrusted value (a parsed JSON data file) and builds the classifier.
   * @param value - the parsed JSON
   * @param source - where it came from, for the error message (a path or a name)
   * @returns the classifier
   * @throws {@link ClassifierDataError} `CLASSIFIER_DATA_INVALID` when the value does not match {@link InjectionClassifierModelSchema}
   */
  static fromJson(value: unknown, source = '(inline)'): HashedLogisticClassifier {
    const parsed = InjectionClassifierModelSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(root)';
      throw new ClassifierDataError('CLASSIFIER_DATA_INVALID', `Classifier data ${source} is invalid at ${field}: ${issue?.message ?? 'invalid'}. Restore the shipped file or retrain it with scripts/train-classifier.mjs.`, {
        details: { source, field },
      });
    }
    return new HashedLogisticClassifier(parsed.data);
  }

  /**
   * The highest window logit (before the sigmoid); exposed for calibration and tests.
   * @param text - the text to score
   * @returns the logit
   */
  logit(text: string): number {
    return this.logitOfLower(text.toLowerCase());
  }

  /**
   * {@link HashedLogisticClassifier.logit} of text the caller lower-cased already.
   * @param lower - `text.toLowerCase()`
   * @returns the logit
   * @internal
   */
  logitOfLower(lower: string): number {
    if (fitsSlidingScan(lower.length, this.features)) return slidingWindowLogit(lower, this.features, this.weights, this.sliding, this.bias, this.scale);
    scanLowerHashedFeatures(lower, this.features, this.window);
    return this.window.finish();
  }

  /**
   * {@link HashedLogisticClassifier.score} of text the caller lower-cased already (the rule
   * engine shares its lower-cased copy).
   * @param lower - `text.toLowerCase()`
   * @returns the probability
   * @internal
   */
  scoreLower(lower: string): number {
    return sigmoid(this.logitOfLower(lower));
  }

  /**
   * Scores a text.
   * @param text - the text to screen
   * @returns the sigmoid of the highest window logit, in [0, 1]
   */
  score(text: string): number {
    return sigmoid(this.logit(text));
  }
}

/** Decodes base64 to signed bytes. */
function decodeInt8(base64: string): Int8Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}
