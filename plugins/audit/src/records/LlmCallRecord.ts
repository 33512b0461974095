import { z } from 'zod';

/**
 * One provider call, recorded once with its usage and cost (R-COST-1): tool-call steps of the
 * same response reference it by `id` instead of copying its tokens.
 * @category Plugins
 */
export const LlmCallRecordSchema = z.strictObject({
  /** `<runId>:<turn>`: what steps reference. */
  id: z.string().min(1),
  /** The model that answered. */
  model: z.string(),
  /** The model client (provider). */
  provider: z.string(),
  /** Prompt tokens. */
  promptTokens: z.number().int().min(0),
  /** Completion tokens. */
  completionTokens: z.number().int().min(0),
  /** Total tokens. */
  totalTokens: z.number().int().min(0),
  /** How long the call took. */
  durationMs: z.number().min(0),
  /** Its cost in USD, or null when it is not priced (R-COST-2). */
  costUsd: z.number().min(0).nullable(),
  /** Why the model stopped. */
  finishReason: z.string().nullable(),
});

/**
 * See {@link LlmCallRecordSchema}.
 * @category Plugins
 */
export type LlmCallRecord = z.infer<typeof LlmCallRecordSchema>;
