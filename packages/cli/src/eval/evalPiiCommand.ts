import { evaluatePii, type PiiEvalResult, type PiiTypeScore, SCORED_PII_ENTITY_TYPES } from '@agent-studio/plugin-pii-masking';
import type { CommandOutput } from '../runCommand.js';
import { PiiEvalRowSchema } from './PiiEvalRowSchema.js';
import { readJsonl } from './readJsonl.js';

/**
 * Options of `agent-studio eval pii`.
 * @category CLI
 */
export interface EvalPiiCommandOptions {
  /** Print the evaluator's result as one JSON object instead of a table. */
  readonly json: boolean;
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const num = (x: number): string => x.toLocaleString('en-US');

function formatRow(type: string, overlap: PiiTypeScore, exact: PiiTypeScore): string {
  const cells = [
    type.padEnd(12),
    pct(overlap.precision).padStart(8),
    pct(overlap.recall).padStart(8),
    String(overlap.tp).padStart(6),
    String(overlap.fp).padStart(5),
    String(overlap.fn).padStart(5),
    '  |',
    pct(exact.precision).padStart(8),
    pct(exact.recall).padStart(8),
  ];
  return cells.join(' ');
}

/**
 * The readable report of a PII evaluation: one line per type (overlap precision, recall, tp, fp, fn,
 * then exact precision and recall), the decoy rows hit and the throughput.
 * @param file - the data file
 * @param rows - how many rows were read
 * @param bytes - their UTF-8 bytes
 * @param result - the evaluator's result
 * @returns the text, ending with a newline
 * @category CLI
 */
export function formatPiiEvaluation(file: string, rows: number, bytes: number, result: PiiEvalResult): string {
  const lines = [
    `PII evaluation of ${file}: ${num(rows)} rows, ${(bytes / 1e6).toFixed(2)} MB`,
    `${'type'.padEnd(12)} ${'P'.padStart(8)} ${'R'.padStart(8)} ${'tp'.padStart(6)} ${'fp'.padStart(5)} ${'fn'.padStart(5)}   | ${'exact P'.padStart(8)} ${'exact R'.padStart(8)}`,
    ...SCORED_PII_ENTITY_TYPES.map((t) => formatRow(t, result.perType[t], result.exact.perType[t])),
    `decoy rows hit: ${result.decoyRowsHit} of ${result.decoyRows}${result.decoyRows > 0 ? ` (${pct(result.decoyRowsHit / result.decoyRows)})` : ''}`,
    `throughput: ${result.mbPerSecond.toFixed(1)} MB/s (detection and masking, one core)`,
    `match: ${result.match} (a predicted span counts when it overlaps a labelled span of its type; exact: same boundaries)`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `agent-studio eval pii --data FILE [--json]`: reads the JSONL file line by line (each line
 * validated), runs `evaluatePii` with the default catalog, and prints its result as one JSON object
 * or as a table.
 * @param file - the JSONL file (`{ text, spans: [{ start, end, type, value? }], category }` per line)
 * @param options - output format
 * @returns the output and exit code 0
 * @throws {@link EvalDataError} `EVAL_DATA_INVALID` for a missing file or a bad line (with its number)
 * @example
 * ```ts
 * const out = await evalPiiCommand('pii.dev.jsonl', { json: true });
 * JSON.parse(out.stdout).perType.EMAIL.recall;
 * ```
 * @category CLI
 */
export async function evalPiiCommand(file: string, options: EvalPiiCommandOptions): Promise<CommandOutput> {
  const rows = await readJsonl(file, PiiEvalRowSchema);
  const result = evaluatePii(rows);
  if (options.json) return { stdout: `${JSON.stringify(result, null, 2)}\n`, exitCode: 0 };
  let bytes = 0;
  for (const row of rows) bytes += Buffer.byteLength(row.text, 'utf8');
  return { stdout: formatPiiEvaluation(file, rows.length, bytes, result), exitCode: 0 };
}
