import { defaultClassifier } from './defaultClassifier.js';
import { actionFor, normalizeThreshold } from './Assessment.js';
import type { ScorerName } from './catalog/JailbreakPattern.js';
import type { InjectionClassifier } from './InjectionClassifier.js';
import { PromptSafetyAnalyzer } from './PromptSafetyAnalyzer.js';

/**
 * One labelled row: 1 = injection or jailbreak, 0 = benign.
 * @category Plugins
 */
export interface EvaluationRow {
  /** The text. */
  readonly text: string;
  /** The label. */
  readonly label: 0 | 1;
  /** The row's category, for per-category counts. */
  readonly category: string;
}

/**
 * Options of {@link evaluatePromptSafety}.
 * @category Plugins
 */
export interface EvaluationOptions {
  /** The scorer. */
  readonly scorer: ScorerName;
  /** The threshold; default 0.6. */
  readonly threshold?: number;
  /**
   * The injection classifier of the `default` scorer: the shipped one when omitted (as in the
   * plugin), `false` for the rule layers alone.
   */
  readonly classifier?: InjectionClassifier | false;
  /** An analyzer of your own (its rule engine is used, its cache bypassed); overrides `classifier`. */
  readonly analyzer?: PromptSafetyAnalyzer;
  /**
   * How assessment time is measured. By default: the fastest of repeated timed passes over all
   * rows (about 1.5 s of passes, at least 5), after the untimed pass that gives the decisions.
   * `wall`: one pass, the elapsed time summed around each row's assessment; `cpu`: one pass, the
   * process's CPU time for the whole loop.
   */
  readonly clock?: 'fastest' | 'wall' | 'cpu';
  /** Untimed passes over the rows before the timed one, to let the JIT settle; default 0. */
  readonly warmupPasses?: number;
}

/**
 * Rows and flagged rows of one category.
 * @category Plugins
 */
export interface CategoryStats {
  /** Rows in the category. */
  readonly rows: number;
  /** Rows that block mode would not let through. */
  readonly flagged: number;
}

/**
 * The confusion matrix, rates, throughput and per-category counts of one evaluation.
 * @category Plugins
 */
export interface EvaluationReport {
  /** Rows evaluated. */
  readonly rows: number;
  /** Injections flagged. */
  readonly tp: number;
  /** Benign rows flagged. */
  readonly fp: number;
  /** Benign rows let through. */
  readonly tn: number;
  /** Injections let through. */
  readonly fn: number;
  /** tp / (tp + fn). */
  readonly tpr: number;
  /** fp / (fp + tn). */
  readonly fpr: number;
  /** The harmonic mean of precision and recall. */
  readonly f1: number;
  /** UTF-8 megabytes (10^6 bytes) screened per second of assessment time, on one thread (see `clock`). */
  readonly mbPerSecond: number;
  /** Per category: rows and flagged rows. */
  readonly perCategory: Readonly<Record<string, CategoryStats>>;
}

/**
 * Measures the detector on labelled rows: a row is flagged when block mode would not let it
 * through. Throughput counts only the time spent assessing (no cache), on the calling thread: by
 * default the fastest of repeated timed passes over all rows (see {@link EvaluationOptions.clock}).
 * @param rows - the labelled rows
 * @param options - the scorer, threshold and optional classifier
 * @returns the report
 * @example
 * ```ts
 * const rows = readFileSync('prompt-injection.dev.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
 * const report = evaluatePromptSafety(rows, { scorer: 'default' });
 * console.log(report.tpr, report.fpr, report.perCategory.benign_roleplay_gpteacher);
 * ```
 * @category Plugins
 */
export function evaluatePromptSafety(rows: Iterable<EvaluationRow>, options: EvaluationOptions): EvaluationReport {
  const classifier = options.classifier === false ? undefined : (options.classifier ?? defaultClassifier());
  const analyzer = options.analyzer ?? new PromptSafetyAnalyzer({ cache: false, ...(classifier ? { classifier } : {}) });
  const threshold = normalizeThreshold(options.threshold);
  const request = { scorer: options.scorer, categories: [], threshold } as const;
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const list = Array.isArray(rows) ? (rows as readonly EvaluationRow[]) : [...rows];
  let bytes = 0;
  for (const row of list) bytes += Buffer.byteLength(row.text, 'utf8');
  const flags: boolean[] = new Array(list.length);
  // what `assess(text, { mode: 'Block' })` decides, without its cache
  const blocked = (text: string): boolean =>
    actionFor(text.trim().length === 0 ? 0 : analyzer.rules.detect(text, request).score, 'Block', threshold) === 'BLOCK';
  for (let pass = 0; pass < (options.warmupPasses ?? 0); pass += 1) for (const row of list) blocked(row.text);
  let seconds = 0;
  if (options.clock === 'cpu') {
    const started = process.cpuUsage();
    for (const [i, row] of list.entries()) flags[i] = blocked(row.text);
    const used = process.cpuUsage(started);
    seconds = (used.user + used.system) / 1e6;
  } else if (options.clock === 'wall') {
    for (const [i, row] of list.entries()) {
      const started = performance.now();
      flags[i] = blocked(row.text);
      seconds += (performance.now() - started) / 1000;
    }
  } else {
    // the decisions come from one untimed pass; then whole passes are timed for about 1.5 seconds
    // (at least 5, at most 1000) and the fastest counts, so other load on the machine does not
    // understate the throughput (the same method as the PII evaluator)
    for (const [i, row] of list.entries()) flags[i] = blocked(row.text);
    seconds = Number.POSITIVE_INFINITY;
    const budget = performance.now() + 1_500;
    for (let pass = 0; pass < 1_000 && (pass < 5 || performance.now() < budget); pass += 1) {
      const started = performance.now();
      for (const row of list) blocked(row.text);
      seconds = Math.min(seconds, (performance.now() - started) / 1000);
    }
    if (list.length === 0) seconds = 0;
  }
  const perCategory: Record<string, { rows: number; flagged: number }> = {};
  for (const [i, row] of list.entries()) {
    const flagged = flags[i] === true;
    const stats = perCategory[row.category] ?? { rows: 0, flagged: 0 };
    perCategory[row.category] = stats;
    stats.rows += 1;
    if (flagged) stats.flagged += 1;
    if (row.label === 1) {
      if (flagged) tp += 1;
      else fn += 1;
    } else if (flagged) fp += 1;
    else tn += 1;
  }
  const total = tp + fp + tn + fn;
  const tpr = tp + fn === 0 ? 0 : tp / (tp + fn);
  const fpr = fp + tn === 0 ? 0 : fp / (fp + tn);
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const f1 = precision + tpr === 0 ? 0 : (2 * precision * tpr) / (precision + tpr);
  return { rows: total, tp, fp, tn, fn, tpr, fpr, f1, mbPerSecond: seconds === 0 ? 0 : bytes / 1e6 / seconds, perCategory };
}
