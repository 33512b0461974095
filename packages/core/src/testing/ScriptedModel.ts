import { ProviderError } from '../errors/AgentStudioError.js';
import type { ModelCallOptions, ModelClient } from '../runtime/ModelClient.js';
import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse, Usage } from '../schemas/response.js';

/**
 * One tool call a scripted step asks for.
 * @category Testing
 */
export interface ScriptedToolCall {
  /** The call id (default `call_<step>_<index>`). */
  readonly id?: string;
  /** The tool's name. */
  readonly name: string;
  /** The arguments, as an object (serialized for you) or as the raw string the model would send. */
  readonly arguments?: Readonly<Record<string, unknown>> | string;
}

/**
 * One scripted response: text, tool calls, a raw body, an error, or a function of the request.
 * @category Testing
 */
export type ScriptStep =
  | ScriptedReply
  | ScriptedToolCalls
  | ScriptedRaw
  | ScriptedError
  | ((request: ChatCompletionRequest, index: number) => ScriptStep | Promise<ScriptStep>);

/**
 * A scripted final answer.
 * @category Testing
 */
export interface ScriptedReply {
  /** The reply text. */
  readonly content: string;
  /** Token usage to report (estimated from sizes when absent). */
  readonly usage?: Usage;
}

/**
 * A scripted request for tool calls.
 * @category Testing
 */
export interface ScriptedToolCalls {
  /** The calls. */
  readonly toolCalls: readonly ScriptedToolCall[];
  /** Text sent with the calls. */
  readonly content?: string;
  /** Token usage to report (estimated from sizes when absent). */
  readonly usage?: Usage;
}

/**
 * A raw response body, returned as is (to test malformed responses).
 * @category Testing
 */
export interface ScriptedRaw {
  /** The body. */
  readonly raw: unknown;
}

/**
 * An error the model call throws.
 * @category Testing
 */
export interface ScriptedError {
  /** The error. */
  readonly error: Error;
}

/**
 * A model that answers from a script and records every request it was sent. It is a test double
 * and the default model of demos; it never pretends to be a real model (its name is `scripted`).
 *
 * @example
 * ```ts
 * const model = new ScriptedModel([
 *   { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'ORD-1' } }] },
 *   { content: 'Your order has shipped.' },
 * ]);
 * ```
 * @category Testing
 */
export class ScriptedModel implements ModelClient {
  /** Always `scripted`. */
  readonly name = 'scripted';
  /** Deep copies of the requests received, in order (not kept in `per-conversation` mode, which serves unbounded traffic). */
  readonly requests: ChatCompletionRequest[] = [];
  readonly #steps: readonly ScriptStep[];
  readonly #model: string;
  readonly #perConversation: boolean;
  #next = 0;

  /**
   * @param steps - the responses, in order
   * @param options - the model name reported in responses (default `scripted-model`), and the
   *   mode: `sequence` (the default) answers each call with the next step; `per-conversation`
   *   answers step _n_ where _n_ is the number of assistant messages in the request, so every run
   *   (and every concurrent run, as a server handles them) replays the script from its start
   */
  constructor(steps: readonly ScriptStep[], options: { readonly model?: string; readonly mode?: 'sequence' | 'per-conversation' } = {}) {
    this.#steps = steps;
    this.#model = options.model ?? 'scripted-model';
    this.#perConversation = options.mode === 'per-conversation';
  }

  /**
   * How many steps are left.
   * @returns the count
   */
  get remaining(): number {
    return this.#steps.length - this.#next;
  }

  /**
   * Answers with the next step of the script.
   * @param request - the request (recorded)
   * @param options - the abort signal
   * @returns the scripted response
   * @throws {@link @agent-studio/core!index.ProviderError} `MODEL_SCRIPT_EXHAUSTED` when no step is left
   */
  async complete(request: ChatCompletionRequest, options: ModelCallOptions): Promise<ChatCompletionResponse> {
    options.signal.throwIfAborted();
    if (!this.#perConversation) this.requests.push(structuredClone(request));
    const index = this.#perConversation ? request.messages.reduce((n, m) => (m.role === 'assistant' ? n + 1 : n), 0) : this.#next++;
    let step = this.#steps[index];
    if (step === undefined) {
      throw new ProviderError('MODEL_SCRIPT_EXHAUSTED', `The scripted model has ${this.#steps.length} step(s) and was asked for step ${index + 1}. Add a step to the script.`);
    }
    while (typeof step === 'function') step = await step(request, index);
    if ('error' in step) throw step.error;
    if ('raw' in step) return step.raw as ChatCompletionResponse;
    const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
    if ('toolCalls' in step) {
      const toolCalls = step.toolCalls.map((call, i) => ({
        id: call.id ?? `call_${index + 1}_${i + 1}`,
        type: 'function' as const,
        function: {
          name: call.name,
          arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
        },
      }));
      const completionTokens = Math.ceil(JSON.stringify(toolCalls).length / 4);
      return this.#response(
        { role: 'assistant', content: step.content ?? null, tool_calls: toolCalls },
        'tool_calls',
        step.usage ?? usage(promptTokens, completionTokens),
        index,
      );
    }
    return this.#response(
      { role: 'assistant', content: step.content },
      'stop',
      step.usage ?? usage(promptTokens, Math.ceil(step.content.length / 4)),
      index,
    );
  }

  #response(
    message: ChatCompletionResponse['choices'][number]['message'],
    finish: 'stop' | 'tool_calls',
    u: Usage,
    index: number,
  ): ChatCompletionResponse {
    return {
      id: `scripted-${index + 1}`,
      object: 'chat.completion',
      created: 0,
      model: this.#model,
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: u,
    };
  }
}

function usage(prompt: number, completion: number): Usage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
