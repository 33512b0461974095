/**
 * A structured logger (pino-compatible). Log ids, sizes, hashes, scores and codes only; never
 * prompts, responses, tool arguments or results (R-ACT-LOG-1).
 * @category Runtime
 */
export interface Logger {
  /** Debug detail. */
  debug(fields: Record<string, unknown>, message: string): void;
  /** Normal operation. */
  info(fields: Record<string, unknown>, message: string): void;
  /** Something worth a look. */
  warn(fields: Record<string, unknown>, message: string): void;
  /** A failure. */
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * A logger that discards everything; the default until the app binds its own.
 * @category Runtime
 */
export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
