import type { ChatCompletionRequest, ChatCompletionResponse, ModelClient } from '@agent-studio/core';

/**
 * The health canary's model: a stub that needs no network and no key. On a user message it asks
 * for the canary's tool; once the tool answered, it replies `ok`. Every probe thus exercises two
 * model turns and one tool call through the whole pipeline (R-HEALTH-1).
 * @category Gateway
 */
export class CanaryModel implements ModelClient {
  /** Labelled as a stub in traces. */
  readonly name = 'canary-stub';
  #calls = 0;

  /**
   * Answers one request.
   * @param request - the request
   * @returns a tool call, or `ok` after the tool answered
   */
  async complete(request: ChatCompletionRequest): Promise<ChatCompletionResponse> {
    const last = request.messages[request.messages.length - 1];
    const id = `canary-${++this.#calls}`;
    const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    if (last?.role === 'tool') {
      return { id, object: 'chat.completion', created: 0, model: request.model, usage, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }] };
    }
    return {
      id,
      object: 'chat.completion',
      created: 0,
      model: request.model,
      usage,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: { role: 'assistant', content: null, tool_calls: [{ id: `${id}-call`, type: 'function', function: { name: CANARY_ACTION, arguments: '{}' } }] },
        },
      ],
    };
  }
}

/**
 * The name of the canary's agent; reserved (an app agent of that name is refused).
 * @category Gateway
 */
export const CANARY_AGENT = 'agent-studio-canary';

/**
 * The name of the canary's one action.
 * @category Gateway
 */
export const CANARY_ACTION = 'canary_ping';
