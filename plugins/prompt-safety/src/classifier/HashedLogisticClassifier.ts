import { ClassifierDataError } from './ClassifierDataError.js';
import type { HashedFeatureConfig } from './HashedFeatureConfig.js';
import type { InjectionClassifier } from './InjectionClassifier.js';
import { type InjectionClassifierModel, InjectionClassifierModelSchema } from './InjectionClassifierModelSchema.js';
import { type HashedFeatureSink, scanHashedFeatures } from './scanHashedFeatures.js';

/**
 * Slides a window of `windowChunks` chunks over the text and keeps the highest window logit. Each
 * bucket's counter holds its occurrences in the window, so a bucket's weight is added once while
 * it is in the window (binary features) and the integer weight sum stays exact. A text that fits
 * in one window needs no chunk copies: its first-seen buckets are listed and their counters
 * zeroed at the end; a longer text's last window is removed at the end instead.
 */
class MaxWindowLogit implements HashedFeatureSink {
  /** Per bucket: the int8 weight in the high 16 bits, the occurrence count in the low 16 (one memory access per occurrence). */
  private readonly cells: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
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
    this.cells = new Int32Array(weights.length);
    for (let b = 0; b < weights.length; b++) this.cells[b] = (weights[b] as number) << 16;
    this.touched = new Int32Array(weights.length);
  }

  begin(chunks: number): void {
    this.filled = 0;
    this.sum = 0;
    this.distinct = 0;
    this.touchedCount = 0;
    this.best = Number.NEGATIVE_INFINITY;
    this.sliding = chunks > this.windowChunks;
  }

  chunk(buckets: Int32Array, count: number): void {
    const cells = this.cells;
    let sum = this.sum;
    let distinct = this.distinct;
    if (!this.sliding) {
      const touched = this.touched;
      let t = this.touchedCount;
      for (let i = 0; i < count; i++) {
        const b = buckets[i] as number;
        const cell = cells[b] as number;
        if ((cell & 0xffff) === 0) {
          sum += cell >> 16;
          distinct++;
          touched[t++] = b;
        }
        cells[b] = cell + 1;
      }
      this.touchedCount = t;
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
    for (let i = 0; i < count; i++) {
      const b = buckets[i] as number;
      const cell = cells[b] as number;
      if ((cell & 0xffff) === 0) {
        sum += cell >> 16;
        distinct++;
      }
      cells[b] = cell + 1;
    }
    this.sum = sum;
    this.distinct = distinct;
    this.filled++;
    if (this.filled >= k) this.evaluate();
  }

  /** The best window logit of the text; also zeroes the counters for the next text. */
  finish(): number {
    if (!this.sliding) {
      this.evaluate();
      const cells = this.cells;
      const touched = this.touched;
      for (let t = 0; t < this.touchedCount; t++) {
        const b = touched[t] as number;
        cells[b] = (cells[b] as number) & ~0xffff;
      }
      this.touchedCount = 0;
    } else {
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
    const cells = this.cells;
    let sum = this.sum;
    let distinct = this.distinct;
    for (let i = 0; i < count; i++) {
      const b = copy[i] as number;
      const cell = (cells[b] as number) - 1;
      cells[b] = cell;
      if ((cell & 0xffff) === 0) {
        sum -= cell >> 16;
        distinct--;
      }
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
    scanHashedFeatures(text, this.features, this.window);
    return this.window.finish();
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
