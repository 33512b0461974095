import {
  type AgentStudioError,
  type ChatCompletionRequest,
  ChatCompletionRequestSchema,
  type ChatCompletionResponse,
  ChatCompletionResponseSchema,
  ConfigurationError,
  ErrorBodySchema,
  ModelBehaviorError,
  type ModelCallOptions,
  type ModelClient,
  ProviderError,
  parseWire,
} from '@agent-studio/core';
import { normalizeResponse } from './internal/normalizeResponse.js';
import { abortableSleep, backoffDelay, parseRetryAfter, raceAbort } from './internal/retry.js';
import {
  type OpenAIModelClientOptions,
  type ResolvedOpenAIModelClientOptions,
  resolveOpenAIModelClientOptions,
} from './OpenAIModelClientOptions.js';

/**
 * The base URL {@link OpenAIModelClient.fromEnv} uses when `OPENAI_BASE_URL` is not set.
 * @category Model
 */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The host of the public OpenAI API, which always needs an API key. */
const PUBLIC_OPENAI_HOST = 'api.openai.com';

/** The reason the per-attempt timer aborts with; never surfaces to callers. */
class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout';
}

/** One attempt's outcome when it may be retried; non-retryable failures are thrown instead. */
type AttemptResult =
  | { readonly ok: true; readonly response: ChatCompletionResponse }
  | { readonly ok: false; readonly error: AgentStudioError; readonly retryAfterMs: number | undefined };

/** What an error body tells us that is safe to keep: never the provider's message, which may echo input. */
interface ProviderErrorFacts {
  readonly providerErrorType?: string;
  readonly providerErrorCode?: string | number;
  readonly providerErrorParam?: string;
}

/**
 * Reads the type, code and parameter of an OpenAI-style error body, ignoring its message.
 * @param text - the response body
 * @returns the facts found, possibly none
 */
function providerErrorFacts(text: string): ProviderErrorFacts {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = ErrorBodySchema.safeParse(decoded);
  if (!parsed.success) return {};
  const { type, code, param } = parsed.data.error;
  return {
    ...(typeof type === 'string' ? { providerErrorType: type } : {}),
    ...(code !== null && code !== undefined ? { providerErrorCode: code } : {}),
    ...(typeof param === 'string' ? { providerErrorParam: param } : {}),
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Thrown by {@link readCapped} when a body is larger than allowed. */
class BodyTooLarge extends Error {}

/**
 * Reads a response body as text, refusing one larger than `max` bytes (by header or as it streams).
 * @param response - the response
 * @param max - the most bytes accepted
 * @returns the body text
 */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A hint that helps the developer fix an HTTP failure.
 * @param status - the HTTP status
 * @returns one sentence
 */
function hintFor(status: number): string {
  if (status === 401 || status === 403) return 'Check the API key (OPENAI_API_KEY) and its permissions.';
  if (status === 404) return 'Check baseUrl and the model name.';
  if (status === 429) return 'Lower the request rate or concurrency, or raise maxRetries.';
  if (status >= 500) return 'The provider failed; retry later.';
  return 'The endpoint rejected the request; see details.providerErrorType and details.providerErrorParam.';
}

/**
 * A {@link ModelClient} for any OpenAI-compatible chat-completions endpoint (OpenAI, Azure-style
 * gateways, vLLM, Ollama, LM Studio…), over Node's global `fetch`, with per-attempt timeouts,
 * retries with backoff and `Retry-After`, and typed errors.
 *
 * @remarks
 * Each call validates the request, posts it to `<baseUrl>/chat/completions`, and parses the
 * response against `ChatCompletionResponseSchema` after mapping `input_tokens`/`output_tokens`
 * usage (R-LLM-2). Timeouts, network failures, HTTP 429 and HTTP 5xx are retried up to
 * `maxRetries` times; other HTTP errors are not. The caller's signal cancels the request and any
 * backoff at once, and the call then rejects with the signal's own `AbortError`. The API key is
 * kept in a private field and never appears in messages, details or logs; errors never carry
 * request or response text.
 *
 * @example
 * ```ts
 * const model = new OpenAIModelClient({ baseUrl: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY });
 * const response = await model.complete(
 *   { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] },
 *   { signal: AbortSignal.timeout(60_000) },
 * );
 * console.log(response.choices[0]?.message.content);
 * ```
 * @category Model
 */
export class OpenAIModelClient implements ModelClient {
  /** The client's name in timelines and traces (`openai` unless configured). */
  readonly name: string;
  readonly #options: ResolvedOpenAIModelClientOptions;
  /** The full URL requests are posted to. */
  readonly #url: string;
  /** The URL without credentials, query or fragment: safe for error details. */
  readonly #endpoint: string;
  /** Request headers, the bearer token included; never exposed. */
  readonly #headers: Readonly<Record<string, string>>;

  /**
   * Creates a client; nothing is sent until {@link OpenAIModelClient.complete} is called.
   * @param options - the endpoint, credentials, timeout and retry policy
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` naming the first invalid option (never its value)
   */
  constructor(options: OpenAIModelClientOptions) {
    this.#options = resolveOpenAIModelClientOptions(options);
    this.name = this.#options.name;
    const url = new URL(this.#options.baseUrl);
    if (this.#options.apiKey !== undefined && url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      throw new ConfigurationError(
        'CONFIG_INVALID',
        `Refusing to send the API key over plain HTTP to ${url.hostname}: use https, or a loopback address for a local server.`,
        { details: { field: 'baseUrl' } },
      );
    }
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
    url.hash = '';
    this.#url = url.toString();
    this.#endpoint = `${url.origin}${url.pathname}`;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.#options.headers ?? {})) headers[key.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    if (this.#options.organization !== undefined) headers['openai-organization'] = this.#options.organization;
    if (this.#options.apiKey !== undefined) headers.authorization = `Bearer ${this.#options.apiKey}`;
    this.#headers = headers;
  }

  /**
   * Creates a client from environment variables: `OPENAI_BASE_URL` (default
   * {@link OPENAI_DEFAULT_BASE_URL}), `OPENAI_API_KEY` and `OPENAI_ORG_ID`. Empty values count as unset.
   *
   * @param env - the variables to read; defaults to `process.env`
   * @param overrides - options that win over the environment (timeouts, retries, test doubles…)
   * @returns the client
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when `OPENAI_BASE_URL` is not a URL, when the
   * base URL is the public OpenAI API and no API key is set, or when an override is invalid
   * @example
   * ```ts
   * // OPENAI_BASE_URL=http://localhost:11434/v1 for a local Ollama; no key needed.
   * const model = OpenAIModelClient.fromEnv(process.env, { timeoutMs: 30_000 });
   * ```
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    overrides: Partial<OpenAIModelClientOptions> = {},
  ): OpenAIModelClient {
    const read = (key: string): string | undefined => {
      const value = env[key]?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    const envBaseUrl = read('OPENAI_BASE_URL');
    const baseUrl = overrides.baseUrl ?? envBaseUrl ?? OPENAI_DEFAULT_BASE_URL;
    const apiKey = overrides.apiKey ?? read('OPENAI_API_KEY');
    const organization = overrides.organization ?? read('OPENAI_ORG_ID');
    const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      const field = overrides.baseUrl === undefined ? 'OPENAI_BASE_URL' : 'baseUrl';
      throw new ConfigurationError(
        'CONFIG_INVALID',
        `${field} is not an absolute http(s) URL. Set it to the API root, such as ${OPENAI_DEFAULT_BASE_URL} or http://localhost:11434/v1.`,
        { details: { field } },
      );
    }
    if (url.hostname === PUBLIC_OPENAI_HOST && apiKey === undefined) {
      throw new ConfigurationError(
        'CONFIG_INVALID',
        `OPENAI_API_KEY is not set, and the base URL is the public OpenAI API, which needs a key. Set OPENAI_API_KEY, pass { apiKey }, or point OPENAI_BASE_URL at an OpenAI-compatible server that needs none.`,
        { details: { field: 'OPENAI_API_KEY' } },
      );
    }
    return new OpenAIModelClient({
      ...overrides,
      baseUrl,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(organization === undefined ? {} : { organization }),
    });
  }

  /**
   * Sends one chat-completions request and returns the parsed response, retrying transient failures.
   *
   * @param request - the request; validated before it is sent, and sent as validated
   * @param options - the caller's abort signal
   * @returns the response, with usage normalized and unusable tool calls skipped (R-LLM-2)
   * @throws the signal's `AbortError` (its `reason`), unwrapped, when `options.signal` aborts
   * @throws {@link @agent-studio/core!index.ProviderError} `MODEL_TIMEOUT` when the last attempt ran past `timeoutMs`
   * @throws {@link @agent-studio/core!index.ProviderError} `MODEL_NETWORK_ERROR` when the last attempt could not reach the endpoint
   * @throws {@link @agent-studio/core!index.ProviderError} `RATE_LIMITED` when the endpoint still answered HTTP 429 on the last attempt
   * @throws {@link @agent-studio/core!index.ProviderError} `MODEL_HTTP_ERROR` on any other non-2xx status (`details.status`)
   * @throws {@link @agent-studio/core!index.ModelBehaviorError} `MODEL_RESPONSE_INVALID` when a 2xx body is not JSON or does not
   * match the response schema (`details.path` names the first bad field)
   * @throws `SchemaValidationError` `SCHEMA_INVALID` when the request does not match `ChatCompletionRequestSchema`
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the request asks for `stream: true`
   */
  async complete(request: ChatCompletionRequest, options: ModelCallOptions): Promise<ChatCompletionResponse> {
    const { signal } = options;
    signal.throwIfAborted();
    const body = parseWire(ChatCompletionRequestSchema, request, 'chat completion request');
    if (body.stream === true) {
      throw new ConfigurationError(
        'CONFIG_INVALID',
        'OpenAIModelClient.complete() does not stream, but the request sets stream: true. Remove stream and stream_options from the request.',
        { details: { field: 'stream' } },
      );
    }
    const payload = JSON.stringify(body);
    const maxAttempts = this.#options.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(payload, signal, attempt, maxAttempts);
      if (result.ok) return result.response;
      if (attempt >= maxAttempts) throw result.error;
      const backoff = backoffDelay(
        attempt - 1,
        this.#options.retryBaseDelayMs,
        this.#options.retryMaxDelayMs,
        this.#options.random ?? Math.random,
      );
      const delay = Math.min(result.retryAfterMs ?? backoff, this.#options.retryMaxDelayMs);
      const sleep = this.#options.sleep ?? abortableSleep;
      await raceAbort(sleep(delay, signal), signal);
    }
  }

  /**
   * Makes one HTTP attempt under its own timeout.
   * @param payload - the JSON request body
   * @param signal - the caller's signal
   * @param attempt - this attempt's number, from 1
   * @param maxAttempts - how many attempts are allowed
   * @returns the response, or a retryable failure
   */
  async #attempt(payload: string, signal: AbortSignal, attempt: number, maxAttempts: number): Promise<AttemptResult> {
    const { timeoutMs } = this.#options;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new AttemptTimeout(`Attempt timed out after ${timeoutMs} ms`)), timeoutMs);
    const combined = AbortSignal.any([signal, timeout.signal]);
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const where = `(attempt ${attempt} of ${maxAttempts})`;
    const base = { endpoint: this.#endpoint, attempts: attempt };
    try {
      let response: Response;
      let text: string;
      try {
        response = await raceAbort(
          fetchImpl(this.#url, { method: 'POST', headers: this.#headers, body: payload, signal: combined }),
          combined,
        );
        text = await raceAbort(readCapped(response, this.#options.maxResponseBytes), combined);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof BodyTooLarge) {
          throw new ModelBehaviorError(
            'MODEL_RESPONSE_INVALID',
            `The model endpoint ${this.#endpoint} sent a response larger than maxResponseBytes (${this.#options.maxResponseBytes} bytes) ${where}; it was not read.`,
            { details: { ...base, maxResponseBytes: this.#options.maxResponseBytes } },
          );
        }
        if (timeout.signal.aborted) {
          return {
            ok: false,
            retryAfterMs: undefined,
            error: new ProviderError(
              'MODEL_TIMEOUT',
              `The model endpoint ${this.#endpoint} did not answer within ${timeoutMs} ms ${where}. Raise timeoutMs or check the endpoint.`,
              { retryable: true, details: { ...base, timeoutMs } },
            ),
          };
        }
        const reason = networkReason(error);
        return {
          ok: false,
          retryAfterMs: undefined,
          error: new ProviderError(
            'MODEL_NETWORK_ERROR',
            `Could not reach the model endpoint ${this.#endpoint}${reason ? ` (${reason})` : ''} ${where}. Check baseUrl and the network.`,
            { cause: error, retryable: true, details: { ...base, ...(reason ? { reason } : {}) } },
          ),
        };
      }

      const { status } = response;
      const requestId = response.headers.get('x-request-id') ?? undefined;
      const httpFacts = { ...base, status, ...(requestId === undefined ? {} : { requestId }) };
      if (status < 200 || status > 299) {
        const facts = providerErrorFacts(text);
        const type = facts.providerErrorType === undefined ? '' : ` (${facts.providerErrorType})`;
        const message = `The model endpoint ${this.#endpoint} answered HTTP ${status}${type} ${where}. ${hintFor(status)}`;
        if (status === 429 || status >= 500) {
          const retryAfterMs = parseRetryAfter(response.headers);
          const details = { ...httpFacts, ...facts, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
          const code = status === 429 ? 'RATE_LIMITED' : 'MODEL_HTTP_ERROR';
          return { ok: false, retryAfterMs, error: new ProviderError(code, message, { retryable: true, details }) };
        }
        throw new ProviderError('MODEL_HTTP_ERROR', message, { retryable: false, details: { ...httpFacts, ...facts } });
      }

      let decoded: unknown;
      try {
        decoded = JSON.parse(text);
      } catch {
        // No `cause`: a SyntaxError quotes the body, which may hold prompt or response text.
        throw new ModelBehaviorError(
          'MODEL_RESPONSE_INVALID',
          `The model endpoint ${this.#endpoint} answered HTTP ${status} with a body that is not JSON. Check that baseUrl points at an OpenAI-compatible API root.`,
          { details: { ...httpFacts, path: '(root)' } },
        );
      }
      const parsed = parseWire(
        ChatCompletionResponseSchema,
        normalizeResponse(decoded),
        'chat completion response',
        (message, details) =>
          new ModelBehaviorError('MODEL_RESPONSE_INVALID', message, { details: { ...httpFacts, ...details } }),
      );
      return { ok: true, response: parsed };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * A short, content-free reason for a transport failure, such as `ECONNREFUSED`.
 * @param error - what `fetch` rejected with
 * @returns the system error code, if any
 */
function networkReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
