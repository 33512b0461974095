import { z } from 'zod';
import { ToolCallSchema } from './messages.js';

/**
 * Token counts of one model call, with cached and reasoning details.
 * @category Schemas
 */
export const UsageSchema = z.object({
  /** Tokens in the prompt. */
  prompt_tokens: z.number().int().min(0),
  /** Tokens generated. */
  completion_tokens: z.number().int().min(0),
  /** The sum. */
  total_tokens: z.number().int().min(0),
  /** Prompt breakdown. */
  prompt_tokens_details: z
    .object({
      /** Prompt tokens served from the provider's cache. */
      cached_tokens: z.number().int().min(0).optional(),
      /** Audio prompt tokens. */
      audio_tokens: z.number().int().min(0).optional(),
    })
    .nullable()
    .optional(),
  /** Completion breakdown. */
  completion_tokens_details: z
    .object({
      /** Tokens spent on hidden reasoning. */
      reasoning_tokens: z.number().int().min(0).optional(),
      /** Audio completion tokens. */
      audio_tokens: z.number().int().min(0).optional(),
      /** Predicted tokens that were used. */
      accepted_prediction_tokens: z.number().int().min(0).optional(),
      /** Predicted tokens that were not. */
      rejected_prediction_tokens: z.number().int().min(0).optional(),
    })
    .nullable()
    .optional(),
});
/** @category Schemas */
export type Usage = z.infer<typeof UsageSchema>;

/**
 * Why the model stopped.
 * @category Schemas
 */
export const FinishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);
/** @category Schemas */
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/**
 * The assistant message inside a response choice.
 * @category Schemas
 */
export const ResponseMessageSchema = z.object({
  /** Always `assistant`. */
  role: z.literal('assistant'),
  /** The text, or null when the model only calls tools. */
  content: z.string().nullable().optional(),
  /** A refusal, when the model declined. */
  refusal: z.string().nullable().optional(),
  /** The tool calls the model asks for. */
  tool_calls: z.array(ToolCallSchema).nullable().optional(),
});
/** @category Schemas */
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>;

/**
 * One choice of a response.
 * @category Schemas
 */
export const ChoiceSchema = z.object({
  /** The choice's index. */
  index: z.number().int().min(0),
  /** The assistant's message. */
  message: ResponseMessageSchema,
  /** Why the model stopped. */
  finish_reason: FinishReasonSchema.nullable(),
  /** Log probabilities, when asked for. */
  logprobs: z.unknown().optional(),
});
/** @category Schemas */
export type Choice = z.infer<typeof ChoiceSchema>;

/**
 * A chat-completions response.
 * @category Schemas
 */
export const ChatCompletionResponseSchema = z.object({
  /** The completion's id. */
  id: z.string(),
  /** Always `chat.completion` (some compatible servers omit it). */
  object: z.literal('chat.completion').optional(),
  /** Unix seconds. */
  created: z.number().int().optional(),
  /** The model that answered. */
  model: z.string(),
  /** The choices; Agent Studio reads the first. */
  choices: z.array(ChoiceSchema).min(1),
  /** Token counts. */
  usage: UsageSchema.optional(),
  /** The backend configuration fingerprint. */
  system_fingerprint: z.string().nullable().optional(),
  /** The service tier used. */
  service_tier: z.string().nullable().optional(),
});
/** @category Schemas */
export type ChatCompletionResponse = z.infer<typeof ChatCompletionResponseSchema>;
