import type { ChatCompletionResponse, ModelCallContext, ModelResultContext } from '@agent-studio/core';
import { expect } from 'chai';
import { z } from 'zod';
import { guard, OutputGuardPlugin, resolveOutputGuardOptions } from '../../src/index.js';

const Answer = z.strictObject({ id: guard.recordId({ objects: ['Account'] }) });
const plugin = new OutputGuardPlugin(resolveOutputGuardOptions({ agents: { crm: { output: Answer } } }));

function response(message: Record<string, unknown>, extraChoices = 0): ChatCompletionResponse {
  const choice = (index: number) => ({ index, finish_reason: 'stop', message: { role: 'assistant', content: null, ...message } });
  return {
    id: 'r',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [choice(0), ...Array.from({ length: extraChoices }, (_, i) => choice(i + 1))],
  } as unknown as ChatCompletionResponse;
}

function resultContext(agent: string, res: ChatCompletionResponse): ModelResultContext {
  return { agent: { name: agent }, response: res, request: { model: 'm', messages: [] } } as unknown as ModelResultContext;
}

describe(OutputGuardPlugin.name, () => {
  describe('.beforeModelCall()', () => {
    it('R-ACT-OUT-1: adds a json_schema response_format for an agent with an output schema', () => {
      const decision = plugin.beforeModelCall({ agent: { name: 'crm' }, request: { model: 'm', messages: [] } } as unknown as ModelCallContext);
      expect(decision.type).to.equal('replace');
      expect(decision.type === 'replace' && decision.value.response_format?.type).to.equal('json_schema');
    });

    it('leaves a format another plugin set, and agents without a schema', () => {
      const set = plugin.beforeModelCall({ agent: { name: 'crm' }, request: { model: 'm', messages: [], response_format: { type: 'json_object' } } } as unknown as ModelCallContext);
      expect(set.type).to.equal('continue');
      const other = plugin.beforeModelCall({ agent: { name: 'chat' }, request: { model: 'm', messages: [] } } as unknown as ModelCallContext);
      expect(other.type).to.equal('continue');
    });
  });

  describe('.afterModelCall()', () => {
    it('continues on a tool-call turn, whatever its content', () => {
      const decision = plugin.afterModelCall(resultContext('crm', response({ content: 'not json', tool_calls: [{ id: 'c', type: 'function', function: { name: 'x', arguments: '{}' } }] })));
      expect(decision.type).to.equal('continue');
    });

    it('R-ACT-OUT-1: continues on a reply that is already the validated JSON', () => {
      expect(plugin.afterModelCall(resultContext('crm', response({ content: '{"id":"001000000000001"}' }))).type).to.equal('continue');
    });

    it('R-ACT-OUT-1: blocks with OUTPUT_INVALID and a reason without the content', () => {
      const decision = plugin.afterModelCall(resultContext('crm', response({ content: '{"id":"003000000000001"}' })));
      expect(decision.type).to.equal('block');
      expect(decision.type === 'block' && decision.code).to.equal('OUTPUT_INVALID');
      expect(decision.type === 'block' && decision.reason).to.include('id').and.not.include('003000000000001');
    });

    it('rewrites only the first choice and keeps the others', () => {
      const decision = plugin.afterModelCall(resultContext('chat', response({ content: 'a\u0007b' }, 1)));
      expect(decision.type).to.equal('replace');
      if (decision.type !== 'replace') return;
      expect(decision.value.choices).to.have.length(2);
      expect(decision.value.choices[0]?.message.content).to.equal('ab');
      expect(decision.note).to.equal('removed control characters');
    });

    it('cleans a refusal when there is no schema', () => {
      const decision = plugin.afterModelCall(resultContext('chat', response({ refusal: 'no\u202E' })));
      expect(decision.type === 'replace' && decision.value.choices[0]?.message.refusal).to.equal('no');
    });
  });
});
