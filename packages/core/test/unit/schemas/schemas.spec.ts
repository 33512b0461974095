import { expect } from 'chai';
import {
  AgentStudioError,
  ChatCompletionChunkSchema,
  ChatCompletionRequestSchema,
  ChatCompletionResponseSchema,
  ErrorBodySchema,
  parseWire,
} from '../../../src/index.js';

describe('wire schemas (OpenAI chat completions)', () => {
  it('parses a request with every message role, tools, tool_choice and response_format', () => {
    const request = parseWire(ChatCompletionRequestSchema, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
        { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      max_completion_tokens: 100,
      temperature: 0.2,
    }, 'request');
    expect(request.messages).to.have.length(5);
  });

  it('parses a response with usage details', () => {
    const response = parseWire(ChatCompletionResponseSchema, {
      id: 'r', object: 'chat.completion', created: 1, model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] } }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 1 } },
    }, 'response');
    expect(response.usage?.prompt_tokens_details?.cached_tokens).to.equal(1);
  });

  it('names the path that failed', () => {
    try {
      parseWire(ChatCompletionResponseSchema, { id: 'r', model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'user' } }] }, 'response');
      expect.fail('should throw');
    } catch (e) {
      expect(AgentStudioError.hasCode(e, 'SCHEMA_INVALID')).to.equal(true);
      expect((e as AgentStudioError).details?.path).to.equal('choices[0].message.role');
      expect((e as Error).message).to.match(/^Invalid response at choices\[0\]\.message\.role/);
    }
  });

  it('refuses a response without choices', () => {
    expect(() => parseWire(ChatCompletionResponseSchema, { id: 'r', model: 'm', choices: [] }, 'response')).to.throw(/choices/);
  });

  it('parses streaming chunks with tool-call fragments and a usage-only chunk', () => {
    expect(ChatCompletionChunkSchema.safeParse({ id: 'x', model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a' } }] }, finish_reason: null }] }).success).to.equal(true);
    expect(ChatCompletionChunkSchema.safeParse({ id: 'x', model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }).success).to.equal(true);
  });

  it('parses the error body', () => {
    expect(ErrorBodySchema.parse({ error: { message: 'slow down', type: 'rate_limit', code: 'rate_limit_exceeded' } }).error.type).to.equal('rate_limit');
  });
});
