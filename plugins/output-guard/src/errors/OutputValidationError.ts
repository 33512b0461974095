import { type AgentStudioErrorOptions, ModelBehaviorError } from '@agent-studio/core';
import type { z } from 'zod';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A model-generated value or reply did not match its expected format, schema or value constraints (R-ACT-OUT-1). */
    OUTPUT_INVALID: true;
    /** A model-generated reply or JSON document was larger (or nested deeper) than allowed (R-ACT-OUT-1). */
    OUTPUT_TOO_LARGE: true;
  }
}

/**
 * The codes an {@link OutputValidationError} carries.
 * @category Errors
 */
export type OutputErrorCode = 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE';

/**
 * What an {@link OutputValidationError} says about the failure: where and what kind, never the
 * content itself.
 * @category Errors
 */
export interface OutputValidationFacts {
  /** Where validation failed, such as `items[2].id`, or `(root)`. */
  readonly path: string;
  /**
   * The kind of failure: a zod issue code (`invalid_type`, `too_big`, `custom`, …), or one of
   * `not_json`, `ambiguous`, `unclosed_fence`, `proto_key`, `too_deep`, `too_large`.
   */
  readonly issue: string;
  /** What is wrong, in words the developer wrote or zod generated (never the model's text). */
  readonly problem: string;
}

/**
 * A model-generated value or reply was refused (R-ACT-OUT-1): it is not JSON, matches no schema,
 * or breaks a value constraint. The message names the failing path and the kind of failure but
 * never repeats the content, so the error is safe to log (R-ACT-LOG-1).
 *
 * @example
 * ```ts
 * try { parseStructuredOutput(reply, OrderSchema); }
 * catch (e) { if (OutputValidationError.isOutputError(e)) audit(e.code, e.path); }
 * ```
 * @category Errors
 */
export class OutputValidationError extends ModelBehaviorError {
  /** Where validation failed, such as `items[2].id`, or `(root)`. */
  readonly path: string;
  /** The kind of failure (see {@link OutputValidationFacts.issue}). */
  readonly issue: string;

  /**
   * @param code - `OUTPUT_INVALID` or `OUTPUT_TOO_LARGE`
   * @param facts - the path, the kind of failure and what is wrong
   * @param options - the cause, if any
   */
  constructor(code: OutputErrorCode, facts: OutputValidationFacts, options: Pick<AgentStudioErrorOptions, 'cause'> = {}) {
    super(code, `Model output refused at ${facts.path}: ${facts.problem}.`, {
      ...options,
      details: { path: facts.path, issue: facts.issue },
    });
    this.path = facts.path;
    this.issue = facts.issue;
  }

  /**
   * Whether a value is an output error (`OUTPUT_INVALID` or `OUTPUT_TOO_LARGE`) from any copy of
   * the package.
   * @param value - anything caught
   * @returns true for an Agent Studio error with one of the two codes
   */
  static isOutputError(value: unknown): value is OutputValidationError {
    return ModelBehaviorError.hasCode(value, 'OUTPUT_INVALID') || ModelBehaviorError.hasCode(value, 'OUTPUT_TOO_LARGE');
  }

  /**
   * Builds the error for the first issue of a failed zod parse.
   * @param error - the zod error
   * @returns an `OUTPUT_INVALID` error naming the first failing path
   */
  static fromZod(error: z.ZodError): OutputValidationError {
    const issue = error.issues[0];
    if (!issue) return new OutputValidationError('OUTPUT_INVALID', { path: '(root)', issue: 'invalid', problem: 'is not valid' });
    return new OutputValidationError('OUTPUT_INVALID', { path: safePath(issue.path), issue: issue.code, problem: describeIssue(issue) });
  }
}

/** The longest description copied from a zod issue. */
const MAX_EXPECTED = 200;
/** Path keys shown as they are; any other key (it may be model-generated text) is shortened. */
const PLAIN_KEY = /^[A-Za-z_$][\w$-]{0,63}$/;

/**
 * Formats an issue path as `items[2].id`; keys that are not plain identifiers (they may be
 * model-generated text) are shortened and quoted.
 * @param path - the issue's path
 * @returns the path, or `(root)` for an empty one
 * @internal
 */
export function safePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(printable(String(key)).slice(0, 24))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Describes a zod issue without copying any input: unrecognized keys are counted, not named. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `has ${issue.keys.length} unrecognized key(s) and the schema is strict`;
  if (issue.code === 'invalid_union') return 'matches none of the allowed shapes';
  const message = printable(issue.message);
  return message.length > MAX_EXPECTED ? `${message.slice(0, MAX_EXPECTED)}…` : message;
}

/** Drops control and format characters. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, '');
}
