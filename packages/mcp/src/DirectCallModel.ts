import type { ChatCompletionRequest, ChatCompletionResponse, ChatMessage, ModelClient } from '@agent-studio/core';
import { z } from 'zod';

/** The reply when the conversation holds no call to make: the run completes without running anything. */
const NO_CALL = 'No MCP call to make.';
const ZERO_USAGE = Object.freeze({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

/**
 * The envelope an MCP server puts in the run's user message: the one call to make. The server
 * builds it from the validated MCP request; a client never supplies it.
 * @category MCP
 */
export const McpCallEnvelopeSchema = z.strictObject({
  /** The call. */
  mcpCall: z.strictObject({
    /** The tool call id the model answers with, chosen by the server. */
    id: z.string().regex(/^call_mcp_[A-Za-z0-9-]{1,64}$/),
    /** The action's name. */
    name: z.string().min(1).max(64),
    /** The arguments, as the MCP client sent them (user inputs only). */
    arguments: z.record(z.string(), z.unknown()),
  }),
});

/**
 * One call an MCP server asks the runtime to make.
 * @category MCP
 */
export type McpCallEnvelope = z.output<typeof McpCallEnvelopeSchema>;

/**
 * Writes the user message that asks a runtime built on a {@link DirectCallModel} to make one call.
 * @param call - the tool call id, the action and its arguments
 * @returns the JSON text of the envelope
 * @category MCP
 */
export function encodeMcpCall(call: McpCallEnvelope['mcpCall']): string {
  return JSON.stringify({ mcpCall: { id: call.id, name: call.name, arguments: call.arguments } });
}

/**
 * A {@link @agent-studio/core!index.ModelClient} that is no model at all: it makes exactly the call an MCP
 * server asked for, so that the call goes through the runtime and every plugin hook as an ordinary
 * tool call.
 *
 * @remarks
 * When the conversation ends with the server's user message (a {@link McpCallEnvelope}, read after
 * the `beforeModelCall` hooks), it answers with one tool call of that tool with those arguments,
 * and only if the tool is offered in the request. When the conversation ends with a tool result,
 * it answers with that result as its final content, which then goes through the `afterModelCall`
 * hooks (output guard, PII unmasking) like any reply. Anything else gets a fixed reply and no call.
 * It uses no network and reports zero tokens.
 *
 * @example
 * ```ts
 * const container = createContainer({ model: new DirectCallModel(), verifier, stateKey, agents: [agent], actions });
 * await serveAgentOverMcp({ runtime: container.get('core.Runtime'), access: authority, transport: { type: 'stdio', principal } });
 * ```
 * @category MCP
 */
export class DirectCallModel implements ModelClient {
  /** Shown in timelines and traces. */
  readonly name = 'mcp-direct';

  /**
   * Answers one model request.
   * @param request - the request, after the `beforeModelCall` hooks
   * @returns a tool call, or the last tool result as the final reply
   */
  async complete(request: ChatCompletionRequest): Promise<ChatCompletionResponse> {
    const last = request.messages.at(-1);
    if (last?.role === 'tool') return reply(request.model, textOf(last));
    if (last?.role === 'user') {
      const call = decode(textOf(last));
      const offered = call !== undefined && (request.tools ?? []).some((t) => t.function.name === call.name);
      if (call !== undefined && offered) {
        return {
          id: `mcp-${call.id}`,
          object: 'chat.completion',
          created: 0,
          model: request.model,
          choices: [
            {
              index: 0,
              finish_reason: 'tool_calls',
              message: { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] },
            },
          ],
          usage: ZERO_USAGE,
        };
      }
    }
    return reply(request.model, NO_CALL);
  }
}

function decode(text: string): McpCallEnvelope['mcpCall'] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = McpCallEnvelopeSchema.safeParse(json);
  return parsed.success ? parsed.data.mcpCall : undefined;
}

function textOf(message: ChatMessage): string {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return '';
}

function reply(model: string, content: string): ChatCompletionResponse {
  return {
    id: 'mcp-reply',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    usage: ZERO_USAGE,
  };
}
