import type { Logger as CoreLogger } from '@agent-studio/core';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { z } from 'zod';
import { DEFAULT_REDACT_PATHS } from './DEFAULT_REDACT_PATHS.js';
import { parseModuleOptions } from './parseModuleOptions.js';
import { serializeError } from './serializeError.js';

/**
 * The options of {@link createLogger}.
 * @category Observability
 */
export const CreateLoggerOptionsSchema = z.strictObject({
  /** The lowest level written (default `info`). */
  level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Where lines go (default: standard output). */
  destination: z
    .custom<DestinationStream>((v) => typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function', {
      message: 'expected a stream with write()',
    })
    .optional(),
  /** More paths to censor, in pino's redaction syntax, added to {@link DEFAULT_REDACT_PATHS}. */
  redactPaths: z.array(z.string().min(1)).default([]),
  /** Fields on every line (default: pino's `pid` and `hostname`); `null` for none. */
  base: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * The options of {@link createLogger}, as passed.
 * @category Observability
 */
export type CreateLoggerOptions = z.input<typeof CreateLoggerOptionsSchema>;

/**
 * Creates a pino logger that writes one JSON object per line, censors content-bearing and secret
 * keys (see {@link DEFAULT_REDACT_PATHS}) as `[REDACTED]`, and reduces errors to `{ type, code }`
 * (see {@link serializeError}). It satisfies core's `Logger`, so it can be passed as
 * `createContainer({ logger })`. An `Error` passed as the first argument is logged under `err`
 * with the given message only, never the error's own message.
 * @param options - level, destination, extra redaction paths and base fields
 * @returns the logger
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * const logger = createLogger({ level: 'debug' });
 * const container = createContainer({ model, verifier, stateKey, agents, logger, modules: [loggingModule()] });
 * ```
 * @category Observability
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger & CoreLogger {
  const data = parseModuleOptions(CreateLoggerOptionsSchema, options, 'createLogger');
  const config: LoggerOptions = {
    level: data.level,
    redact: { paths: [...DEFAULT_REDACT_PATHS, ...data.redactPaths], censor: '[REDACTED]' },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (first instanceof Error) {
          const message = typeof rest[0] === 'string' ? rest[0] : 'error';
          return (method as (...a: unknown[]) => void).apply(this, [{ err: first }, message, ...rest.slice(1)]);
        }
        return (method as (...a: unknown[]) => void).apply(this, args as unknown[]);
      },
    },
    ...(data.base === undefined ? {} : { base: data.base }),
  };
  return data.destination === undefined ? pino(config) : pino(config, data.destination);
}
