import type { z } from 'zod';
import { ConfigurationError } from '../errors/AgentStudioError.js';

/**
 * Parses a store input with its schema, turning every failure into a typed error. The error's
 * details hold the paths and zod messages of the problems, never the input's values.
 *
 * @param schema - the zod schema of the input
 * @param value - what the caller passed
 * @param what - a name for the input, used in the message (e.g. `"session input"`)
 * @returns the parsed value (a new object; nested `unknown` values are still shared)
 * @throws {@link ConfigurationError} `CONFIG_INVALID` when the value does not match the schema
 * @category Stores
 */
export function parseStoreInput<TSchema extends z.ZodType>(schema: TSchema, value: unknown, what: string): z.output<TSchema> {
  let result: z.ZodSafeParseResult<z.output<TSchema>>;
  try {
    result = schema.safeParse(value);
  } catch (cause) {
    throw new ConfigurationError('CONFIG_INVALID', `The ${what} could not be read as plain data. Pass plain JSON-able values.`, { cause });
  }
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  throw new ConfigurationError('CONFIG_INVALID', `The ${what} is not valid (${summary}). Fix the listed fields.`, { details: { issues } });
}
