import { z } from 'zod';

/**
 * The error body an OpenAI-compatible endpoint sends with a non-2xx status.
 * @category Schemas
 */
export const ErrorBodySchema = z.object({
  /** The error. */
  error: z.object({
    /** A human-readable message. */
    message: z.string(),
    /** The error's type, such as `invalid_request_error`. */
    type: z.string().nullable().optional(),
    /** The parameter at fault. */
    param: z.string().nullable().optional(),
    /** A provider code. */
    code: z.union([z.string(), z.number()]).nullable().optional(),
  }),
});
/** @category Schemas */
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
