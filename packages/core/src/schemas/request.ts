import { z } from 'zod';
import { ChatMessageSchema } from './messages.js';

/**
 * A function tool offered to the model.
 * @category Schemas
 */
export const ToolDefinitionSchema = z.object({
  /** Always `function`. */
  type: z.literal('function'),
  /** The function's description. */
  function: z.object({
    /** The name the model calls it by: letters, digits, `_` and `-`, at most 64. */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    /** What it does and when to use it. */
    description: z.string().optional(),
    /** Its JSON Schema. */
    parameters: z.record(z.string(), z.unknown()).optional(),
    /** Whether the model must follow the schema exactly. */
    strict: z.boolean().nullable().optional(),
  }),
});
/** @category Schemas */
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;

/**
 * Which tool the model may or must call.
 * @category Schemas
 */
export const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({
    /** Always `function`. */
    type: z.literal('function'),
    /** The function that must be called. */
    function: z.object({
      /** Its name. */
      name: z.string(),
    }),
  }),
]);
/** @category Schemas */
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/**
 * The shape the model's reply must take.
 * @category Schemas
 */
export const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({
    /** Plain text. */
    type: z.literal('text'),
  }),
  z.object({
    /** Any JSON object. */
    type: z.literal('json_object'),
  }),
  z.object({
    /** JSON that follows a schema. */
    type: z.literal('json_schema'),
    /** The schema. */
    json_schema: z.object({
      /** The schema's name. */
      name: z.string(),
      /** What the output is for. */
      description: z.string().optional(),
      /** The JSON Schema. */
      schema: z.record(z.string(), z.unknown()).optional(),
      /** Whether to follow it exactly. */
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);
/** @category Schemas */
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/**
 * A chat-completions request (`POST /v1/chat/completions`).
 * @category Schemas
 */
export const ChatCompletionRequestSchema = z.object({
  /** The model's name. */
  model: z.string().min(1),
  /** The conversation so far. */
  messages: z.array(ChatMessageSchema).min(1),
  /** Tools the model may call. */
  tools: z.array(ToolDefinitionSchema).optional(),
  /** Which tool the model may or must call. */
  tool_choice: ToolChoiceSchema.optional(),
  /** Whether the model may ask for several tool calls at once. */
  parallel_tool_calls: z.boolean().optional(),
  /** The reply's shape. */
  response_format: ResponseFormatSchema.optional(),
  /** The most tokens to generate (legacy name). */
  max_tokens: z.number().int().positive().nullable().optional(),
  /** The most tokens to generate, reasoning included. */
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  /** Sampling temperature, 0 to 2. */
  temperature: z.number().min(0).max(2).nullable().optional(),
  /** Nucleus sampling. */
  top_p: z.number().min(0).max(1).nullable().optional(),
  /** How many choices to generate. */
  n: z.number().int().positive().nullable().optional(),
  /** Sequences that stop generation. */
  stop: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  /** A seed for best-effort determinism. */
  seed: z.number().int().nullable().optional(),
  /** Penalty for tokens already present. */
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  /** Penalty for frequent tokens. */
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  /** Token biases. */
  logit_bias: z.record(z.string(), z.number()).nullable().optional(),
  /** Whether to return log probabilities. */
  logprobs: z.boolean().nullable().optional(),
  /** How many top log probabilities to return. */
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  /** Reasoning effort for reasoning models. */
  reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).nullable().optional(),
  /** Whether to stream chunks. */
  stream: z.boolean().nullable().optional(),
  /** Streaming options. */
  stream_options: z
    .object({
      /** Whether the last chunk carries usage. */
      include_usage: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  /** An opaque end-user id for abuse monitoring (never a name or e-mail). */
  user: z.string().optional(),
  /** Key-value tags. */
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  /** Whether the provider may store the completion. */
  store: z.boolean().nullable().optional(),
});
/** @category Schemas */
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
