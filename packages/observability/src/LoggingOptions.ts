import { z } from 'zod';

/** A level for one kind of line, or `off`. */
const LevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'off']);

/**
 * The options of `loggingModule`: the level of each kind of line.
 * @category Observability
 */
export const LoggingOptionsSchema = z.strictObject({
  /** The level of `run started` lines (default `info`). */
  runStarted: LevelSchema.default('info'),
  /** The level of `model call` lines (default `debug`). */
  modelCall: LevelSchema.default('debug'),
  /** The level of `tool call` lines (default `debug`). */
  toolCall: LevelSchema.default('debug'),
  /** The level of `hook decision` lines, for decisions other than `continue` (default `info`). */
  decision: LevelSchema.default('info'),
  /** The level of `run finished` lines (default `info`). */
  runFinished: LevelSchema.default('info'),
  /** The most runs tracked at once (for counts carried from request to response); beyond it the oldest is dropped (default 10,000). */
  maxOpenRuns: z.number().int().positive().default(10_000),
});

/**
 * The options of `loggingModule`, as passed.
 * @category Observability
 */
export type LoggingOptionsInput = z.input<typeof LoggingOptionsSchema>;

/**
 * The options of `loggingModule`, parsed.
 * @category Observability
 */
export type LoggingOptions = z.output<typeof LoggingOptionsSchema>;
