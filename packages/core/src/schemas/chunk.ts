import { z } from 'zod';
import { FinishReasonSchema, UsageSchema } from './response.js';

/**
 * A fragment of a tool call in a streamed chunk.
 * @category Schemas
 */
export const ToolCallDeltaSchema = z.object({
  /** Which tool call this fragment belongs to. */
  index: z.number().int().min(0),
  /** The call id, in the first fragment. */
  id: z.string().optional(),
  /** Always `function`, in the first fragment. */
  type: z.literal('function').optional(),
  /** Name and argument fragments. */
  function: z
    .object({
      /** The name, in the first fragment. */
      name: z.string().optional(),
      /** A piece of the arguments string. */
      arguments: z.string().optional(),
    })
    .optional(),
});
/** @category Schemas */
export type ToolCallDelta = z.infer<typeof ToolCallDeltaSchema>;

/**
 * One streamed chunk (`stream: true`).
 * @category Schemas
 */
export const ChatCompletionChunkSchema = z.object({
  /** The completion's id, the same in every chunk. */
  id: z.string(),
  /** Always `chat.completion.chunk`. */
  object: z.literal('chat.completion.chunk').optional(),
  /** Unix seconds. */
  created: z.number().int().optional(),
  /** The model. */
  model: z.string(),
  /** The choice deltas; empty in a usage-only chunk. */
  choices: z.array(
    z.object({
      /** The choice's index. */
      index: z.number().int().min(0),
      /** What this chunk adds. */
      delta: z.object({
        /** `assistant`, in the first chunk. */
        role: z.literal('assistant').optional(),
        /** A piece of text. */
        content: z.string().nullable().optional(),
        /** A piece of a refusal. */
        refusal: z.string().nullable().optional(),
        /** Tool-call fragments. */
        tool_calls: z.array(ToolCallDeltaSchema).optional(),
      }),
      /** Set in the choice's last chunk. */
      finish_reason: FinishReasonSchema.nullable().optional(),
    }),
  ),
  /** Token counts, in the last chunk when `stream_options.include_usage` is set. */
  usage: UsageSchema.nullable().optional(),
});
/** @category Schemas */
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;
