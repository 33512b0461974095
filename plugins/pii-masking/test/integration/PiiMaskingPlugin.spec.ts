import { expect } from 'chai';
import sinon from 'sinon';
import { AgentStudioError, type ChatCompletionRequest, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { z } from 'zod';
import { type PiiMaskingOptionsInput, piiMaskingModule } from '../../src/index.js';

const SSN = '123-45-6789';
const EMAIL = 'jane@acme.com';

const agent = defineAgent({
  name: 'support',
  audience: 'employee',
  model: { name: 'test-model' },
  instructions: 'Help customers.',
  capabilities: [{ action: 'find_customer' }],
});

function textOf(request: ChatCompletionRequest): string {
  return JSON.stringify(request.messages);
}

async function run(script: ScriptStep[], options: PiiMaskingOptionsInput = {}) {
  const received = sinon.spy();
  const findCustomer = defineAction({
    name: 'find_customer',
    description: 'Find a customer by e-mail and SSN.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ email: z.string(), ssn: z.string() }),
    run: (args) => {
      received(args);
      return { found: true, email: args.email, name: 'Jane Doe' };
    },
  });
  const t = await createTestContainer({ agents: [agent], actions: [findCustomer], modules: [piiMaskingModule(options)], script });
  const notes: string[] = [];
  t.runtime.events.on('hook:decision', (e) => e.plugin === 'pii-masking' && notes.push(`${e.decision}:${e.reason ?? ''}`));
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: `Please check my SSN ${SSN} and email ${EMAIL}` });
  return { result, received, notes };
}

describe('PiiMaskingPlugin with the runtime (R-PII-13, R-PII-14)', () => {
  it('R-PII-13/14: the model sees tokens, the tool gets real values, the user gets the unmasked reply', async () => {
    const seen: ChatCompletionRequest[] = [];
    const { result, received } = await run([
      (request) => {
        seen.push(request);
        return { toolCalls: [{ name: 'find_customer', arguments: { email: '[EMAIL:002]', ssn: '[SSN:001]' } }] };
      },
      (request) => {
        seen.push(request);
        return { content: 'Customer [EMAIL:002] is verified; SSN on file is [SSN:001]. [SSN:999] is unknown.' };
      },
    ]);
    expect(result.status).to.equal('completed');
    const [first, second] = seen;
    // R-PII-13: the user message is masked before the provider call
    const user = first?.messages.find((m) => m.role === 'user');
    expect(user?.content).to.equal('Please check my SSN [SSN:001] and email [EMAIL:002]');
    expect(textOf(first as ChatCompletionRequest)).to.not.include(SSN).and.not.include(EMAIL);
    // R-PII-14: the tool ran with the real values
    expect(received).to.have.been.calledOnceWith({ email: EMAIL, ssn: SSN });
    // R-PII-13: on the next call, history (tool-call arguments, tool result) is masked again with the same tokens
    const text = textOf(second as ChatCompletionRequest);
    expect(text).to.not.include(SSN).and.not.include(EMAIL);
    const assistant = second?.messages.find((m) => m.role === 'assistant');
    expect(assistant?.role === 'assistant' && assistant.tool_calls?.[0]?.function.arguments).to.include('[EMAIL:002]').and.include('[SSN:001]');
    const tool = second?.messages.find((m) => m.role === 'tool');
    expect(tool?.content).to.include('[EMAIL:002]').and.include('Jane Doe');
    // the reply is unmasked; unknown token-shaped text stays
    expect(result.reply).to.equal(`Customer ${EMAIL} is verified; SSN on file is ${SSN}. [SSN:999] is unknown.`);
  });

  it('R-PII-11: records replace decisions without values in their notes', async () => {
    const { notes } = await run([{ content: 'Thanks, [EMAIL:002].' }]);
    expect(notes.some((n) => n.startsWith('replace'))).to.equal(true);
    expect(notes.join(' ')).to.not.include(SSN).and.not.include(EMAIL);
  });

  it('R-PII-1: mode schema leaves pattern masking off', async () => {
    const seen: ChatCompletionRequest[] = [];
    await run(
      [
        (request) => {
          seen.push(request);
          return { content: 'ok' };
        },
      ],
      { mode: 'schema' },
    );
    expect(textOf(seen[0] as ChatCompletionRequest)).to.include(SSN);
  });

  it('R-PII-1: categories restrict what is masked', async () => {
    const seen: ChatCompletionRequest[] = [];
    await run(
      [
        (request) => {
          seen.push(request);
          return { content: 'ok' };
        },
      ],
      { categories: ['Contact'] },
    );
    const text = textOf(seen[0] as ChatCompletionRequest);
    expect(text).to.include(SSN).and.include('[EMAIL:001]').and.not.include(EMAIL);
  });

  it('R-PII-1: rejects invalid options with CONFIG_INVALID', () => {
    for (const bad of [{ mode: 'everything' }, { categories: ['Secrets'] }, { sensitiveClassifications: ['TopSecret'] }, { extra: true }]) {
      let code: string | undefined;
      try {
        piiMaskingModule(bad as unknown as PiiMaskingOptionsInput);
      } catch (e) {
        code = AgentStudioError.is(e) ? e.code : String(e);
      }
      expect(code, JSON.stringify(bad)).to.equal('CONFIG_INVALID');
    }
  });
});
