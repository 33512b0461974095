import { ConfigurationError } from '@agent-studio/core';
import type { z } from 'zod';

/**
 * Parses a developer's options, turning a failure into a `CONFIG_INVALID` error that names the
 * function and the first failing option.
 * @param schema - the options' schema
 * @param input - the options as given
 * @param where - the function, such as `guard.string`
 * @returns the parsed options
 * @throws {@link ConfigurationError} `CONFIG_INVALID`
 */
export function parseOptions<TSchema extends z.ZodType>(schema: TSchema, input: unknown, where: string): z.output<TSchema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ConfigurationError('CONFIG_INVALID', `${where}: invalid option ${path}: ${issue?.message ?? 'invalid'}.`, { details: { where, path } });
}
