import { z } from 'zod';

/**
 * A text part of a message's content.
 * @category Schemas
 */
export const TextContentPartSchema = z.object({
  /** Always `text`. */
  type: z.literal('text'),
  /** The text. */
  text: z.string(),
});
/** @category Schemas */
export type TextContentPart = z.infer<typeof TextContentPartSchema>;

/**
 * An image part of a user message.
 * @category Schemas
 */
export const ImageContentPartSchema = z.object({
  /** Always `image_url`. */
  type: z.literal('image_url'),
  /** The image, as a URL or a data URL. */
  image_url: z.object({
    /** The URL or base64 data URL. */
    url: z.string(),
    /** How closely the model should look. */
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
/** @category Schemas */
export type ImageContentPart = z.infer<typeof ImageContentPartSchema>;

/**
 * An audio part of a user message.
 * @category Schemas
 */
export const AudioContentPartSchema = z.object({
  /** Always `input_audio`. */
  type: z.literal('input_audio'),
  /** The audio. */
  input_audio: z.object({
    /** Base64 audio bytes. */
    data: z.string(),
    /** The encoding. */
    format: z.enum(['wav', 'mp3']),
  }),
});
/** @category Schemas */
export type AudioContentPart = z.infer<typeof AudioContentPartSchema>;

/**
 * A file part of a user message.
 * @category Schemas
 */
export const FileContentPartSchema = z.object({
  /** Always `file`. */
  type: z.literal('file'),
  /** The file, by id or inline. */
  file: z.object({
    /** Base64 file bytes. */
    file_data: z.string().optional(),
    /** An uploaded file's id. */
    file_id: z.string().optional(),
    /** The file name. */
    filename: z.string().optional(),
  }),
});
/** @category Schemas */
export type FileContentPart = z.infer<typeof FileContentPartSchema>;

/**
 * A refusal part of an assistant message.
 * @category Schemas
 */
export const RefusalContentPartSchema = z.object({
  /** Always `refusal`. */
  type: z.literal('refusal'),
  /** The refusal text. */
  refusal: z.string(),
});
/** @category Schemas */
export type RefusalContentPart = z.infer<typeof RefusalContentPartSchema>;

/**
 * A function tool call the assistant asks for.
 * @category Schemas
 */
export const ToolCallSchema = z.object({
  /** The call id, echoed by the tool message that answers it. */
  id: z.string().min(1),
  /** Always `function`. */
  type: z.literal('function'),
  /** The function and its arguments. */
  function: z.object({
    /** The tool's name. */
    name: z.string().min(1),
    /** The arguments, a JSON string written by the model (not yet validated). */
    arguments: z.string(),
  }),
});
/** @category Schemas */
export type ToolCall = z.infer<typeof ToolCallSchema>;

/**
 * A system message.
 * @category Schemas
 */
export const SystemMessageSchema = z.object({
  /** Always `system`. */
  role: z.literal('system'),
  /** The instructions. */
  content: z.union([z.string(), z.array(TextContentPartSchema)]),
  /** An optional participant name. */
  name: z.string().optional(),
});
/** @category Schemas */
export type SystemMessage = z.infer<typeof SystemMessageSchema>;

/**
 * A developer message (the newer name for system instructions).
 * @category Schemas
 */
export const DeveloperMessageSchema = z.object({
  /** Always `developer`. */
  role: z.literal('developer'),
  /** The instructions. */
  content: z.union([z.string(), z.array(TextContentPartSchema)]),
  /** An optional participant name. */
  name: z.string().optional(),
});
/** @category Schemas */
export type DeveloperMessage = z.infer<typeof DeveloperMessageSchema>;

/**
 * A user message.
 * @category Schemas
 */
export const UserMessageSchema = z.object({
  /** Always `user`. */
  role: z.literal('user'),
  /** Text, or parts (text, image, audio, file). */
  content: z.union([
    z.string(),
    z.array(
      z.discriminatedUnion('type', [
        TextContentPartSchema,
        ImageContentPartSchema,
        AudioContentPartSchema,
        FileContentPartSchema,
      ]),
    ),
  ]),
  /** An optional participant name. */
  name: z.string().optional(),
});
/** @category Schemas */
export type UserMessage = z.infer<typeof UserMessageSchema>;

/**
 * An assistant message, as sent back in the history or received in a response.
 * @category Schemas
 */
export const AssistantMessageSchema = z.object({
  /** Always `assistant`. */
  role: z.literal('assistant'),
  /** The text, or null when the assistant only calls tools. */
  content: z
    .union([z.string(), z.array(z.discriminatedUnion('type', [TextContentPartSchema, RefusalContentPartSchema]))])
    .nullable()
    .optional(),
  /** A refusal, when the model declined. */
  refusal: z.string().nullable().optional(),
  /** An optional participant name. */
  name: z.string().optional(),
  /** The tool calls the assistant asks for. */
  tool_calls: z.array(ToolCallSchema).optional(),
  /** A reference to earlier audio output. */
  audio: z
    .object({
      /** The audio id. */
      id: z.string(),
    })
    .nullable()
    .optional(),
});
/** @category Schemas */
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;

/**
 * A tool message: the result of one tool call.
 * @category Schemas
 */
export const ToolMessageSchema = z.object({
  /** Always `tool`. */
  role: z.literal('tool'),
  /** The result, usually JSON text. */
  content: z.union([z.string(), z.array(TextContentPartSchema)]),
  /** The id of the call this answers. */
  tool_call_id: z.string().min(1),
});
/** @category Schemas */
export type ToolMessage = z.infer<typeof ToolMessageSchema>;

/**
 * A function message (deprecated by the API, accepted for old histories).
 * @category Schemas
 */
export const FunctionMessageSchema = z.object({
  /** Always `function`. */
  role: z.literal('function'),
  /** The function's result. */
  content: z.string().nullable(),
  /** The function's name. */
  name: z.string(),
});
/** @category Schemas */
export type FunctionMessage = z.infer<typeof FunctionMessageSchema>;

/**
 * Any chat message, discriminated by `role`.
 * @category Schemas
 */
export const ChatMessageSchema = z.discriminatedUnion('role', [
  SystemMessageSchema,
  DeveloperMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
  FunctionMessageSchema,
]);
/** @category Schemas */
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
