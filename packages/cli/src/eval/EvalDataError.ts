import { SchemaValidationError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** An evaluation data file is missing, unreadable, or has a line that is not a valid row. */
    EVAL_DATA_INVALID: true;
  }
}

/**
 * An evaluation data file could not be used: it is missing or unreadable, or one of its lines is
 * not JSON or not a valid row. Code `EVAL_DATA_INVALID`; the message names the file and the line
 * number, and the details hold `file` and `line` (never the line's text, which may hold PII).
 * @category CLI
 */
export class EvalDataError extends SchemaValidationError {}
