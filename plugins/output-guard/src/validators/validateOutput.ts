import type { z } from 'zod';
import { OutputValidationError } from '../errors/OutputValidationError.js';

/**
 * Validates one model-generated value against a schema, usually built with {@link guard}
 * (R-ACT-OUT-1), before other code uses it.
 *
 * @param value - the value the model produced (a tool argument, a field of its reply)
 * @param schema - the expected format and constraints
 * @returns the parsed value, typed
 * @throws {@link OutputValidationError} `OUTPUT_INVALID` naming the failing path; the message never
 *   repeats the value
 * @example
 * ```ts
 * const accountId = validateOutput(args.accountId, guard.recordId({ objects: ['Account'] }));
 * ```
 * @category Validation
 */
export function validateOutput<TSchema extends z.ZodType>(value: unknown, schema: TSchema): z.output<TSchema> {
  const result = schema.safeParse(value);
  if (!result.success) throw OutputValidationError.fromZod(result.error);
  return result.data;
}
