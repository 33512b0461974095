import type { z } from 'zod';
import type { AgentStudioError } from '../errors/AgentStudioError.js';
import { SchemaValidationError } from '../errors/AgentStudioError.js';

/**
 * Formats a zod issue path the way a developer would write it: `choices[0].message.tool_calls`.
 * @param path - the issue's path
 * @returns the dotted path, or `(root)` for an empty path
 * @category Schemas
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Parses a payload that crossed a boundary. On failure it throws a typed error that names the
 * first path that failed (and lists every issue in `details.issues`); it never returns a partial value.
 *
 * @param schema - the zod schema
 * @param value - the payload
 * @param what - what the payload is, for the message ("chat completion response")
 * @param makeError - builds the error to throw; defaults to a {@link SchemaValidationError}
 * @returns the parsed value
 * @throws {@link SchemaValidationError} (or the error `makeError` builds) when the payload does not match
 * @example
 * ```ts
 * const response = parseWire(ChatCompletionResponseSchema, json, 'chat completion response');
 * ```
 * @category Schemas
 */
export function parseWire<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  what: string,
  makeError?: (message: string, details: Record<string, unknown>) => AgentStudioError,
): z.output<TSchema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  const first = issues[0] ?? { path: '(root)', message: 'invalid' };
  const message = `Invalid ${what} at ${first.path}: ${first.message}`;
  const details = { path: first.path, issues };
  throw makeError ? makeError(message, details) : new SchemaValidationError('SCHEMA_INVALID', message, { details });
}
