import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import type { z } from 'zod';

/**
 * Parses a module's options, turning the first zod issue into a configuration error.
 * @param schema - the options schema
 * @param options - what the caller passed
 * @param where - the factory's name, for the message
 * @returns the parsed options
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @internal
 */
export function parseModuleOptions<TSchema extends z.ZodType>(schema: TSchema, options: unknown, where: string): z.output<TSchema> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `${where}: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}
