import { ConfigurationError } from '@agent-studio/core';
import { z } from 'zod';

/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts.
 * @param ms - how long to wait
 * @param signal - the caller's signal
 * @returns a promise that settles after the delay
 * @category Model
 */
export type SleepFunction = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * Options of an {@link OpenAIModelClient}.
 * @category Model
 */
export interface OpenAIModelClientOptions {
  /**
   * The API root, such as `https://api.openai.com/v1` or `http://localhost:11434/v1`. The client
   * posts to `<baseUrl>/chat/completions`; a trailing slash is ignored and a query string is kept.
   */
  readonly baseUrl: string;
  /** The API key, sent as `Authorization: Bearer <apiKey>`. Never logged and never put in an error. */
  readonly apiKey?: string;
  /** An OpenAI organization id, sent as the `OpenAI-Organization` header. */
  readonly organization?: string;
  /** Extra request headers (for gateways and proxies). `Authorization` from `apiKey` wins over them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long one attempt may take, body included, in milliseconds. Defaults to 120 000. */
  readonly timeoutMs?: number;
  /** How many times a retryable failure is retried (so at most `maxRetries + 1` attempts). Defaults to 2. */
  readonly maxRetries?: number;
  /** The largest response body accepted, in bytes; a larger one is refused unread. Defaults to 16 MiB. */
  readonly maxResponseBytes?: number;
  /** The base of the exponential backoff, in milliseconds. Defaults to 500. */
  readonly retryBaseDelayMs?: number;
  /** The longest wait between two attempts, `Retry-After` included, in milliseconds. Defaults to 20 000. */
  readonly retryMaxDelayMs?: number;
  /** The client's name in timelines and traces. Defaults to `openai`. */
  readonly name?: string;
  /** The `fetch` to use; defaults to Node's global `fetch`. Meant for tests and custom agents. */
  readonly fetch?: typeof globalThis.fetch;
  /** How to wait between attempts; defaults to a timer that stops early on abort. Meant for tests. */
  readonly sleep?: SleepFunction;
  /** A source of numbers in `[0, 1)` for the backoff jitter; defaults to `Math.random`. Meant for tests. */
  readonly random?: () => number;
}

/** Printable ASCII without whitespace: what a token or an id may hold. */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** An HTTP header value: no control characters, so no CR or LF. */
const HEADER_VALUE_PATTERN = /^[\t\x20-\x7e\x80-\xff]*$/;

const isFunction = (value: unknown): boolean => typeof value === 'function';

/**
 * Validates {@link OpenAIModelClientOptions}. Messages never quote the input, so a bad `apiKey`
 * cannot leak through an error.
 * @internal
 */
export const OpenAIModelClientOptionsSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
      .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), {
        error: 'must not contain credentials; pass apiKey or headers instead',
      }),
    apiKey: z
      .string()
      .regex(TOKEN_PATTERN, { error: 'must be non-empty printable ASCII without spaces or line breaks' })
      .optional(),
    organization: z
      .string()
      .regex(TOKEN_PATTERN, { error: 'must be non-empty printable ASCII without spaces' })
      .optional(),
    headers: z
      .record(
        z.string().regex(HEADER_NAME_PATTERN, { error: 'is not a valid HTTP header name' }),
        z.string().regex(HEADER_VALUE_PATTERN, { error: 'must not contain control characters or line breaks' }),
      )
      .optional(),
    timeoutMs: z.number().int().positive().max(2_147_483_647).default(120_000),
    maxRetries: z.number().int().min(0).max(20).default(2),
    maxResponseBytes: z.number().int().min(1_024).max(1_073_741_824).default(16 * 1024 * 1024),
    retryBaseDelayMs: z.number().int().min(0).default(500),
    retryMaxDelayMs: z.number().int().min(0).max(2_147_483_647).default(20_000),
    name: z.string().min(1).default('openai'),
    fetch: z.custom<typeof globalThis.fetch>(isFunction, { error: 'must be a function' }).optional(),
    sleep: z.custom<SleepFunction>(isFunction, { error: 'must be a function' }).optional(),
    random: z.custom<() => number>(isFunction, { error: 'must be a function' }).optional(),
  })
  .strict()
  .refine((options) => options.retryMaxDelayMs >= options.retryBaseDelayMs, {
    path: ['retryMaxDelayMs'],
    error: 'must be greater than or equal to retryBaseDelayMs',
  });

/**
 * Options after validation, with every default applied.
 * @internal
 */
export type ResolvedOpenAIModelClientOptions = z.output<typeof OpenAIModelClientOptionsSchema>;

/**
 * Validates options and applies defaults.
 * @param options - the options as given
 * @returns the resolved options
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` naming the first bad field
 * @internal
 */
export function resolveOpenAIModelClientOptions(options: OpenAIModelClientOptions): ResolvedOpenAIModelClientOptions {
  // Prefilter `undefined` so that `{ apiKey: undefined }` (common when spreading env values) means "not set".
  const defined = Object.fromEntries(
    Object.entries((options ?? {}) as unknown as Record<string, unknown>).filter(([, value]) => value !== undefined),
  );
  const result = OpenAIModelClientOptionsSchema.safeParse(defined);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
    return { field: path.map(String).join('.') || '(root)', message: issue.message };
  });
  const first = issues[0] ?? { field: '(root)', message: 'is invalid' };
  throw new ConfigurationError(
    'CONFIG_INVALID',
    `Invalid OpenAIModelClient option "${first.field}": ${first.message}. Fix the options passed to new OpenAIModelClient() or OpenAIModelClient.fromEnv().`,
    { details: { field: first.field, issues } },
  );
}
