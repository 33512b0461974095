import { type EvaluationReport, evaluatePromptSafety } from '@agent-studio/plugin-prompt-safety';
import type { CommandOutput } from '../runCommand.js';
import { PromptSafetyEvalRowSchema } from './PromptSafetyEvalRowSchema.js';
import { readJsonl } from './readJsonl.js';

/**
 * Options of `agent-studio eval prompt-safety`.
 * @category CLI
 */
export interface EvalPromptSafetyCommandOptions {
  /** Print the evaluator's report as one JSON object instead of a table. */
  readonly json: boolean;
  /** The scorer: `default` (the SDK's) or `parity` (REF's weighted mean). */
  readonly scorer: 'default' | 'parity';
  /** The blocking threshold; the evaluator's default (0.6) when omitted. */
  readonly threshold?: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

/**
 * The readable report of a prompt-safety evaluation: the confusion matrix, TPR, FPR, F1, the
 * throughput, and the flagged share of each category.
 * @param file - the data file
 * @param options - the scorer and threshold used
 * @param report - the evaluator's report
 * @returns the text, ending with a newline
 * @category CLI
 */
export function formatPromptSafetyEvaluation(file: string, options: EvalPromptSafetyCommandOptions, report: EvaluationReport): string {
  const width = Math.max(8, ...Object.keys(report.perCategory).map((c) => c.length));
  const lines = [
    `Prompt-safety evaluation of ${file}: ${report.rows.toLocaleString('en-US')} rows, scorer ${options.scorer}${options.threshold === undefined ? '' : `, threshold ${options.threshold}`}`,
    `tp ${report.tp}  fp ${report.fp}  tn ${report.tn}  fn ${report.fn}`,
    `TPR ${pct(report.tpr)}  FPR ${pct(report.fpr)}  F1 ${report.f1.toFixed(4)}`,
    `throughput: ${report.mbPerSecond.toFixed(1)} MB/s`,
    `${'category'.padEnd(width)} ${'rows'.padStart(6)} ${'flagged'.padStart(8)} ${'share'.padStart(8)}`,
    ...Object.entries(report.perCategory)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, c]) => `${category.padEnd(width)} ${String(c.rows).padStart(6)} ${String(c.flagged).padStart(8)} ${pct(c.rows === 0 ? 0 : c.flagged / c.rows).padStart(8)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `agent-studio eval prompt-safety --data FILE [--scorer default|parity] [--threshold N]
 * [--json]`: reads the JSONL file line by line (each line validated), runs `evaluatePromptSafety`
 * and prints its report as one JSON object or as a table.
 * @param file - the JSONL file (`{ text, label: 0 | 1, category }` per line)
 * @param options - scorer, threshold and output format
 * @returns the output and exit code 0
 * @throws {@link EvalDataError} `EVAL_DATA_INVALID` for a missing file or a bad line (with its number)
 * @example
 * ```ts
 * const out = await evalPromptSafetyCommand('prompt-injection.dev.jsonl', { json: true, scorer: 'default' });
 * JSON.parse(out.stdout).tpr;
 * ```
 * @category CLI
 */
export async function evalPromptSafetyCommand(file: string, options: EvalPromptSafetyCommandOptions): Promise<CommandOutput> {
  const rows = await readJsonl(file, PromptSafetyEvalRowSchema);
  const report = evaluatePromptSafety(rows, { scorer: options.scorer, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) });
  if (options.json) return { stdout: `${JSON.stringify(report, null, 2)}\n`, exitCode: 0 };
  return { stdout: formatPromptSafetyEvaluation(file, options, report), exitCode: 0 };
}
