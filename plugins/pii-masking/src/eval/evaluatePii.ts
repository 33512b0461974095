import type { PiiCategory, PiiPattern, ScoredPiiEntityType } from '../catalog/PiiPattern.js';
import { SCORED_PII_ENTITY_TYPES } from '../catalog/PiiPattern.js';
import { MaskingSession } from '../MaskingSession.js';
import { PiiDetector, type PiiMatch } from '../PiiDetector.js';

/**
 * One labelled span of an evaluation row (offsets in UTF-16 code units, end exclusive).
 * @category Plugins
 */
export interface PiiEvalSpan {
  /** Start offset. */
  readonly start: number;
  /** End offset, exclusive. */
  readonly end: number;
  /** The entity type, e.g. `EMAIL`; types other than the six scored ones are ignored. */
  readonly type: string;
  /** The labelled text, when given. */
  readonly value?: string | undefined;
}

/**
 * One evaluation row, as in `pii.dev.jsonl`.
 * @category Plugins
 */
export interface PiiEvalRow {
  /** The text. */
  readonly text: string;
  /** The labelled spans. */
  readonly spans: readonly PiiEvalSpan[];
  /** The row's category; rows of a decoy category hold no PII. */
  readonly category: string;
}

/**
 * Options of {@link evaluatePii}.
 * @category Plugins
 */
export interface PiiEvalOptions {
  /** The catalog to evaluate; the default catalog when omitted. */
  readonly patterns?: readonly PiiPattern[];
  /** The pattern categories to enable; empty or omitted means all. */
  readonly categories?: readonly PiiCategory[];
  /** The row categories that hold decoys only (default `synthetic_decoy`). */
  readonly decoyCategories?: readonly string[];
}

/**
 * Counts and rates for one entity type.
 * @category Plugins
 */
export interface PiiTypeScore {
  /** Predicted spans matched to a labelled span (one to one). */
  readonly tp: number;
  /** Predicted spans matched to no labelled span. */
  readonly fp: number;
  /** Labelled spans matched to no predicted span. */
  readonly fn: number;
  /** tp / (tp + fp); 1 when nothing was predicted. */
  readonly precision: number;
  /** tp / (tp + fn); 1 when nothing was labelled. */
  readonly recall: number;
}

/**
 * Scores for each of the six scored entity types.
 * @category Plugins
 */
export type PiiTypeScores = Readonly<Record<ScoredPiiEntityType, PiiTypeScore>>;

/**
 * Scores under exact-boundary matching.
 * @category Plugins
 */
export interface PiiExactScores {
  /** Per type: a predicted span matches a labelled span of its type with the same start and end. */
  readonly perType: PiiTypeScores;
}

/**
 * What {@link evaluatePii} measured.
 * @category Plugins
 */
export interface PiiEvalResult {
  /** Per type: a predicted span matches a labelled span of its type when the two overlap. */
  readonly perType: PiiTypeScores;
  /** How many decoy rows there were. */
  readonly decoyRows: number;
  /** How many decoy rows had at least one predicted span of a scored type. */
  readonly decoyRowsHit: number;
  /** UTF-8 megabytes (10^6 bytes) of text per second of detection and masking (fastest timed pass). */
  readonly mbPerSecond: number;
  /** The matching rule of `perType`. */
  readonly match: 'overlap';
  /** The same scores with exact boundaries. */
  readonly exact: PiiExactScores;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const emptyCounts = (): Record<ScoredPiiEntityType, Counts> =>
  Object.fromEntries(SCORED_PII_ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<ScoredPiiEntityType, Counts>;

const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

function scores(counts: Record<ScoredPiiEntityType, Counts>): PiiTypeScores {
  return Object.fromEntries(
    SCORED_PII_ENTITY_TYPES.map((t) => {
      const { tp, fp, fn } = counts[t];
      return [t, { tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) }];
    }),
  ) as unknown as PiiTypeScores;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** One-to-one greedy matching, both lists sorted by start; returns the number of matched pairs. */
function matchCount(gold: readonly Span[], predicted: readonly Span[], exact: boolean): number {
  const used = new Array<boolean>(predicted.length).fill(false);
  let tp = 0;
  for (const g of gold) {
    for (let i = 0; i < predicted.length; i++) {
      const p = predicted[i];
      if (!p || used[i]) continue;
      if (p.start >= g.end) break;
      const hit = exact ? p.start === g.start && p.end === g.end : p.start < g.end && p.end > g.start;
      if (hit) {
        used[i] = true;
        tp++;
        break;
      }
    }
  }
  return tp;
}

const isScored = (type: string | undefined): type is ScoredPiiEntityType => (SCORED_PII_ENTITY_TYPES as readonly (string | undefined)[]).includes(type);

/**
 * Measures the pattern masker on labelled rows: for each of the six scored types (EMAIL, PHONE, SSN,
 * CREDIT_CARD, IBAN, IP_ADDRESS) true positives, false positives and false negatives, under overlap
 * matching (a predicted span of type T matches a labelled span of type T that it overlaps) and under
 * exact matching (same start and end); each labelled span and each predicted span is matched at most
 * once. Predicted types come from the catalog entries' `entityType`; entries of other types are run
 * (they take part in overlap resolution, as when masking) but not scored. Also counts the decoy
 * rows hit by any scored type, and the throughput of detection plus masking (tokens from one
 * session) over all rows: after an untimed pass, passes are timed for about 1.5 seconds (at least
 * five) and the fastest one counts, so that other load on the machine does not understate it.
 * @param rows - the labelled rows
 * @param options - catalog, pattern categories and decoy row categories
 * @returns the scores
 * @example
 * ```ts
 * const result = evaluatePii([{ text: 'mail jane@acme.com', spans: [{ start: 5, end: 18, type: 'EMAIL' }], category: 'demo' }]);
 * result.perType.EMAIL.recall; // 1
 * ```
 * @category Plugins
 */
export function evaluatePii(rows: Iterable<PiiEvalRow>, options: PiiEvalOptions = {}): PiiEvalResult {
  const all = [...rows];
  const detector = new PiiDetector({
    ...(options.patterns ? { patterns: options.patterns } : {}),
    ...(options.categories ? { categories: options.categories } : {}),
  });
  // only its tokens are used: the detector above finds the values
  const session = new MaskingSession({ patterns: [] });
  const maskWith = (text: string, matches: readonly PiiMatch[]): string => {
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += text.slice(last, m.start) + session.tokenFor(text.slice(m.start, m.end), m.prefix);
      last = m.end;
    }
    return out + text.slice(last);
  };

  // one untimed pass (it also gives the matches that are scored), then timed passes of detection
  // and masking over all rows until about 1.5 seconds have gone by (at least 5, at most 1000);
  // the throughput is that of the fastest pass, so that a busy machine does not understate it
  const found = all.map((row) => {
    const matches = detector.detect(row.text);
    maskWith(row.text, matches);
    return matches;
  });
  let bytes = 0;
  for (const row of all) bytes += Buffer.byteLength(row.text, 'utf8');
  let best = Number.POSITIVE_INFINITY;
  const budget = process.hrtime.bigint() + 1_500_000_000n;
  for (let pass = 0; pass < 1000 && (pass < 5 || process.hrtime.bigint() < budget); pass++) {
    const t0 = process.hrtime.bigint();
    for (const row of all) maskWith(row.text, detector.detect(row.text));
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const seconds = all.length === 0 ? 0 : best;

  const overlap = emptyCounts();
  const exact = emptyCounts();
  const decoys = new Set(options.decoyCategories ?? ['synthetic_decoy']);
  let decoyRows = 0;
  let decoyRowsHit = 0;
  all.forEach((row, index) => {
    const predicted = (found[index] ?? []).filter((m) => isScored(m.entityType));
    if (decoys.has(row.category)) {
      decoyRows++;
      if (predicted.length > 0) decoyRowsHit++;
    }
    for (const type of SCORED_PII_ENTITY_TYPES) {
      const gold = row.spans.filter((s) => s.type === type).sort((a, b) => a.start - b.start);
      const pred = predicted.filter((m) => m.entityType === type);
      for (const [counts, isExact] of [
        [overlap, false],
        [exact, true],
      ] as const) {
        const tp = matchCount(gold, pred, isExact);
        counts[type].tp += tp;
        counts[type].fp += pred.length - tp;
        counts[type].fn += gold.length - tp;
      }
    }
  });

  return {
    perType: scores(overlap),
    decoyRows,
    decoyRowsHit,
    mbPerSecond: seconds > 0 ? bytes / 1e6 / seconds : 0,
    match: 'overlap',
    exact: { perType: scores(exact) },
  };
}
