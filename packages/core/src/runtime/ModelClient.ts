import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse } from '../schemas/response.js';

/**
 * Options of one model call.
 * @category Runtime
 */
export interface ModelCallOptions {
  /** Aborts the call (run cancellation). */
  readonly signal: AbortSignal;
}

/**
 * A chat-completions model. The runtime parses whatever `complete` returns against
 * `ChatCompletionResponseSchema`, so a client may return the provider's JSON as it came.
 *
 * @example
 * ```ts
 * const model: ModelClient = { name: 'echo', complete: async (req) => ({ id: '1', model: req.model,
 *   choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }] }) };
 * ```
 * @category Runtime
 */
export interface ModelClient {
  /** A name for timelines and traces, such as `openai` or `scripted`. */
  readonly name: string;
  /**
   * Sends one request.
   * @param request - the request, after the `beforeModelCall` hooks
   * @param options - the abort signal
   * @returns the response
   * @throws {@link ProviderError} on transport or HTTP failures
   */
  complete(request: ChatCompletionRequest, options: ModelCallOptions): Promise<ChatCompletionResponse>;
}
