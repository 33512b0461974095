import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AgentStudioError } from '@agent-studio/core';
import type { z } from 'zod';
import { EvalDataError } from './EvalDataError.js';

/**
 * Reads a JSONL file line by line and validates each non-blank line with a zod schema.
 * @param file - the path
 * @param schema - the row schema
 * @returns the parsed rows, in file order
 * @throws {@link EvalDataError} `EVAL_DATA_INVALID` when the file is missing or unreadable, or a line
 * is not JSON or does not match the schema (the message names the line number and the first problem)
 * @example
 * ```ts
 * const rows = await readJsonl('pii.dev.jsonl', PiiEvalRowSchema);
 * ```
 * @category CLI
 */
export async function readJsonl<TSchema extends z.ZodType>(file: string, schema: TSchema): Promise<z.output<TSchema>[]> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new EvalDataError('EVAL_DATA_INVALID', `Data file ${file} does not exist.`, { details: { file } });
  const rows: z.output<TSchema>[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new EvalDataError('EVAL_DATA_INVALID', `${file} line ${line}: not JSON (${(error as Error).message}).`, { details: { file, line }, cause: error });
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        throw new EvalDataError('EVAL_DATA_INVALID', `${file} line ${line}: not a valid row (${where}${issue?.message ?? 'invalid'}).`, {
          details: { file, line, path: issue?.path.join('.') ?? '' },
        });
      }
      rows.push(parsed.data);
    }
  } catch (error) {
    if (AgentStudioError.hasCode(error, 'EVAL_DATA_INVALID')) throw error;
    throw new EvalDataError('EVAL_DATA_INVALID', `${file}: cannot be read (${(error as Error).message}).`, { details: { file, line }, cause: error });
  } finally {
    lines.close();
  }
  return rows;
}
