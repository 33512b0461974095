import { expect } from 'chai';
import sinon from 'sinon';
import { randomBytes } from 'node:crypto';
import { type ActionDefinition, type AgentPlugin, type ChatCompletionRequest, createContainer, createLocalAccessAuthority, decide, defineAction, type ToolCall } from '../../../src/index.js';
import { createTestContainer, ScriptedModel } from '../../../src/testing/index.js';
import { lookupAction, manifest, recordingPlugin, shopAgent, stockAction } from '../../helpers/fixtures.js';

/** A runtime with a short hook timeout (createTestContainer keeps the default). */
async function withHookTimeout(hookTimeoutMs: number, actions: readonly ActionDefinition[], plugins: readonly AgentPlugin[]) {
  const authority = await createLocalAccessAuthority();
  const runtime = createContainer({
    model: new ScriptedModel(oneToolThenReply),
    verifier: authority.verifier,
    stateKey: randomBytes(32),
    hookTimeoutMs,
    agents: [shopAgent],
    actions,
    plugins,
  }).get('core.Runtime');
  const token = () => authority.issuer.mint({ tenantId: 't', userId: 'u', agent: 'shop', sessionId: 's', surface: 'runtime', audience: 'employee' });
  return { runtime, token };
}

const oneToolThenReply = [{ toolCalls: [{ id: 'c1', name: 'lookup', arguments: { sku: 'A1' } }] }, { content: 'done' }];

describe('HookPipeline', () => {
  describe('order (STYLE §2.4)', () => {
    it('runs before-hooks by priority, highest first, and after-hooks in reverse', async () => {
      const log: string[] = [];
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        // registered low, high, mid: order must come from priority, not registration
        plugins: [recordingPlugin('low', 100, log), recordingPlugin('high', 900, log), recordingPlugin('mid', 500, log)],
        script: oneToolThenReply,
      });
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'price of A1?' });
      expect(log.slice(0, 12)).to.deep.equal([
        'high.beforeModelCall',
        'mid.beforeModelCall',
        'low.beforeModelCall',
        'low.afterModelCall',
        'mid.afterModelCall',
        'high.afterModelCall',
        'high.beforeToolCall',
        'mid.beforeToolCall',
        'low.beforeToolCall',
        'low.afterToolCall',
        'mid.afterToolCall',
        'high.afterToolCall',
      ]);
    });

    it('keeps registration order for equal priorities (stable sort)', async () => {
      const log: string[] = [];
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [recordingPlugin('first', 300, log), recordingPlugin('second', 300, log)],
        script: [{ content: 'hi' }],
      });
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'hi' });
      expect(log.filter((l) => l.endsWith('beforeModelCall'))).to.deep.equal(['first.beforeModelCall', 'second.beforeModelCall']);
    });

    it('never calls a hook a plugin does not implement', async () => {
      const partial: AgentPlugin = { manifest: manifest('partial', 10), beforeModelCall: sinon.fake.returns(decide.continue()) };
      const t = await createTestContainer({ agents: [shopAgent], actions: [lookupAction, stockAction], plugins: [partial], script: oneToolThenReply });
      const decisions: string[] = [];
      t.runtime.events.on('hook:decision', (e) => decisions.push(`${e.plugin}.${e.hook}`));
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(decisions).to.deep.equal(['partial.beforeModelCall', 'partial.beforeModelCall']);
    });
  });

  describe('replace', () => {
    it('feeds each replaced value to the next hook and to the call', async () => {
      const seen: string[] = [];
      const rewrite = (name: string, priority: number, from: string, to: string): AgentPlugin => ({
        manifest: manifest(name, priority),
        beforeToolCall: (ctx) => {
          seen.push(`${name}:${String(ctx.args.sku)}`);
          const args = JSON.parse(ctx.call.function.arguments) as { sku: string };
          if (args.sku !== from) return decide.continue();
          const call: ToolCall = { ...ctx.call, function: { ...ctx.call.function, arguments: JSON.stringify({ sku: to }) } };
          return decide.replace(call, `${from}->${to}`);
        },
      });
      const run = sinon.spy(({ sku }: { sku: string }) => ({ sku }));
      const action = defineAction({ ...lookupAction, run });
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [action, stockAction],
        plugins: [rewrite('a', 900, 'A1', 'B2'), rewrite('b', 800, 'B2', 'C3')],
        script: oneToolThenReply,
      });
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(seen).to.deep.equal(['a:A1', 'b:B2']);
      expect(run).to.have.been.calledOnce;
      expect(run.firstCall.args[0]).to.deep.equal({ sku: 'C3' });
    });
  });

  describe('replace of the model request', () => {
    const replaceRequest = (name: string, edit: (request: ChatCompletionRequest) => unknown): AgentPlugin => ({
      manifest: manifest(name, 500),
      beforeModelCall: (ctx) => decide.replace(edit(ctx.request) as ChatCompletionRequest),
    });
    const runWith = async (plugin: AgentPlugin) => {
      const t = await createTestContainer({ agents: [shopAgent], actions: [lookupAction, stockAction], plugins: [plugin], script: [{ content: 'done' }] });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'hello' });
      return { result, requests: (t.model as ScriptedModel).requests };
    };

    it('sends a request with a new valid message, and strips keys the schema does not know', async () => {
      const { result, requests } = await runWith(
        replaceRequest('add', (r) => ({ ...r, messages: [...r.messages, { role: 'user', content: 'added', sneaky: true }], temperature: 0.5 })),
      );
      expect(result.status).to.equal('completed');
      expect(requests[0]?.messages.at(-1)).to.deep.equal({ role: 'user', content: 'added' });
      expect(requests[0]?.temperature).to.equal(0.5);
      expect(requests[0]?.tools?.map((tool) => tool.function.name)).to.deep.equal(['lookup', 'stock']);
    });

    it('checks a replaced tool list on every turn unless it is deep-frozen (a list that changes is caught)', async () => {
      const valid = { type: 'function', function: { name: 'lookup', description: 'x', parameters: { type: 'object', properties: {} } } };
      const mutable: unknown[] = [valid];
      let turn = 0;
      const plugin: AgentPlugin = {
        manifest: manifest('tools', 500),
        beforeModelCall: (ctx) => {
          turn++;
          // the second turn hands back the same array, now holding a malformed tool
          if (turn === 2) mutable[0] = { type: 'function', function: { name: 'bad name!' } };
          return decide.replace({ ...ctx.request, tools: mutable as ChatCompletionRequest['tools'] } as ChatCompletionRequest);
        },
      };
      const t = await createTestContainer({ agents: [shopAgent], actions: [lookupAction, stockAction], plugins: [plugin], script: oneToolThenReply });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(result.status).to.equal('failed');
      expect(result.error?.code).to.equal('SCHEMA_INVALID');
      expect((t.model as ScriptedModel).requests).to.have.length(1);
    });

    it('sends a deep-frozen replaced tool list on every turn, and strips unknown keys from it', async () => {
      const frozen = Object.freeze([Object.freeze({ type: 'function', function: Object.freeze({ name: 'lookup', extra: 1 }) })]);
      const plugin: AgentPlugin = {
        manifest: manifest('tools', 500),
        beforeModelCall: (ctx) => decide.replace({ ...ctx.request, tools: frozen } as unknown as ChatCompletionRequest),
      };
      const t = await createTestContainer({ agents: [shopAgent], actions: [lookupAction, stockAction], plugins: [plugin], script: oneToolThenReply });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(result.status).to.equal('completed');
      const requests = (t.model as ScriptedModel).requests;
      expect(requests).to.have.length(2);
      for (const r of requests) expect(r.tools).to.deep.equal([{ type: 'function', function: { name: 'lookup' } }]);
    });

    for (const [label, edit] of [
      ['a malformed new message', (r: ChatCompletionRequest) => ({ ...r, messages: [...r.messages, { role: 'robot', content: 1 }] })],
      ['no messages', (r: ChatCompletionRequest) => ({ ...r, messages: [] })],
      ['a hole in the messages', (r: ChatCompletionRequest) => ({ ...r, messages: Object.assign(new Array(3), { 0: r.messages[0], 2: r.messages[1] }) })],
      ['a malformed tool', (r: ChatCompletionRequest) => ({ ...r, tools: [{ type: 'function', function: { name: 'bad name!' } }] })],
      ['a malformed field', (r: ChatCompletionRequest) => ({ ...r, temperature: 7 })],
      ['no model', (r: ChatCompletionRequest) => ({ ...r, model: '' })],
      ['something that is not an object', () => 'a string'],
    ] as const) {
      it(`fails the run with SCHEMA_INVALID, without calling the model, for ${label}`, async () => {
        const { result, requests } = await runWith(replaceRequest('bad', edit as (r: ChatCompletionRequest) => unknown));
        expect(result.status).to.equal('failed');
        expect(result.error?.code).to.equal('SCHEMA_INVALID');
        expect(result.error?.message).to.include('model request (after hooks)');
        expect(requests).to.have.length(0);
      });
    }
  });

  describe('block', () => {
    it('stops the chain and the tool never runs', async () => {
      const run = sinon.spy(() => ({}));
      const later = sinon.fake.returns(decide.continue());
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [defineAction({ ...lookupAction, run }), stockAction],
        plugins: [
          { manifest: manifest('guard', 900), beforeToolCall: () => decide.block('POLICY_BLOCKED', 'not allowed', 'You may not look that up.') },
          { manifest: manifest('later', 100), beforeToolCall: later },
        ],
        script: oneToolThenReply,
      });
      const model = t.model as import('../../../src/testing/index.js').ScriptedModel;
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(run).to.not.have.been.called;
      expect(later).to.not.have.been.called;
      expect(result.status).to.equal('completed');
      const toolMessage = model.requests[1]?.messages.find((m) => m.role === 'tool');
      expect(JSON.parse(String(toolMessage?.content))).to.deep.include({ isSuccess: false, errorCode: 'POLICY_BLOCKED', messageForUser: 'You may not look that up.' });
    });

    it('blocks the run when a beforeModelCall hook blocks, and the model is never called', async () => {
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [{ manifest: manifest('stop', 900), beforeModelCall: () => decide.block('POLICY_BLOCKED', 'unsafe prompt') }],
        script: [{ content: 'never' }],
      });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(result.status).to.equal('blocked');
      expect(result.block).to.include({ plugin: 'stop', code: 'POLICY_BLOCKED' });
      expect((t.model as import('../../../src/testing/index.js').ScriptedModel).requests).to.have.length(0);
    });

    it('ends the run with the reply of a beforeModelCall block, with no model call and zero tokens (R-SAFE-6)', async () => {
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [{ manifest: manifest('stop', 900), beforeModelCall: () => ({ type: 'block', code: 'POLICY_BLOCKED', reason: 'unsafe prompt', reply: 'Please rephrase.' }) }],
        script: [{ content: 'never' }],
      });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(result.status).to.equal('blocked');
      expect(result.reply).to.equal('Please rephrase.');
      expect(result.block).to.include({ plugin: 'stop', hook: 'beforeModelCall', code: 'POLICY_BLOCKED' });
      expect(result.messages.at(-1)).to.deep.equal({ role: 'assistant', content: 'Please rephrase.' });
      expect(result.modelCalls).to.have.length(0);
      expect(result.usage.total_tokens).to.equal(0);
      expect((t.model as import('../../../src/testing/index.js').ScriptedModel).requests).to.have.length(0);
    });

    it('treats a block whose reply is not a string as an invalid decision', async () => {
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [{ manifest: manifest('stop', 900), beforeModelCall: () => ({ type: 'block', code: 'POLICY_BLOCKED', reason: 'x', reply: 42 }) as never }],
        script: [{ content: 'never' }],
      });
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(result.status).to.equal('blocked');
      expect(result.block).to.include({ code: 'PLUGIN_HOOK_FAILED' });
      expect(result.reply).to.equal(undefined);
    });
  });

  describe('failure mode', () => {
    it('turns a throwing hook of a closed plugin into a PLUGIN_HOOK_FAILED block', async () => {
      const run = sinon.spy(() => ({}));
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [defineAction({ ...lookupAction, run }), stockAction],
        plugins: [{ manifest: manifest('broken', 500), beforeToolCall: () => { throw new Error('boom'); } }],
        script: oneToolThenReply,
      });
      const decisions: { decision: string; code?: string }[] = [];
      t.runtime.events.on('hook:decision', (e) => decisions.push(e));
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(run).to.not.have.been.called;
      expect(decisions.find((d) => d.decision === 'block')).to.include({ code: 'PLUGIN_HOOK_FAILED' });
    });

    it('skips a throwing hook of an open plugin and runs the tool', async () => {
      const run = sinon.spy(() => ({}));
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [defineAction({ ...lookupAction, run }), stockAction],
        plugins: [{ manifest: manifest('flaky', 500, { failureMode: 'open' }), beforeToolCall: () => Promise.reject(new Error('boom')) }],
        script: oneToolThenReply,
      });
      const decisions: string[] = [];
      t.runtime.events.on('hook:decision', (e) => decisions.push(e.decision));
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(run).to.have.been.calledOnce;
      expect(result.status).to.equal('completed');
      expect(decisions).to.include('skipped');
    });

    it('skips a never-settling hook of an open plugin after the hook timeout, and runs the tool', async () => {
      const run = sinon.spy(() => ({}));
      const t = await withHookTimeout(30, [defineAction({ ...lookupAction, run }), stockAction], [
        { manifest: manifest('slow', 500, { failureMode: 'open' }), beforeToolCall: () => new Promise(() => undefined) },
      ]);
      const decisions: { decision: string; durationMs: number }[] = [];
      t.runtime.events.on('hook:decision', (e) => decisions.push(e));
      const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(run).to.have.been.calledOnce;
      expect(result.status).to.equal('completed');
      const skipped = decisions.find((d) => d.decision === 'skipped');
      expect(skipped?.durationMs).to.be.at.least(25);
    });

    it('rejects the run with the signal reason when it is cancelled during a pending hook, without waiting for the hook timeout', async () => {
      const run = sinon.spy(() => ({}));
      const controller = new AbortController();
      const reason = new Error('user went away');
      const t = await withHookTimeout(10_000, [defineAction({ ...lookupAction, run }), stockAction], [
        {
          manifest: manifest('waiting', 500),
          beforeToolCall: () => {
            setTimeout(() => controller.abort(reason), 5);
            return new Promise(() => undefined);
          },
        },
      ]);
      const started = Date.now();
      let error: unknown;
      try {
        await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x', signal: controller.signal });
      } catch (e) {
        error = e;
      }
      expect(error).to.equal(reason);
      expect(Date.now() - started).to.be.below(2_000);
      expect(run).to.not.have.been.called;
    });

    it('treats a hook that returns a non-decision as a failure (closed: block)', async () => {
      const run = sinon.spy(() => ({}));
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [defineAction({ ...lookupAction, run }), stockAction],
        plugins: [{ manifest: manifest('sloppy', 500), beforeToolCall: () => ({ type: 'allow' }) as never }],
        script: oneToolThenReply,
      });
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(run).to.not.have.been.called;
    });
  });

  describe('context', () => {
    it('gives hooks a frozen context they cannot mutate', async () => {
      let frozen = false;
      let threw = false;
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [
          {
            manifest: manifest('mutator', 500),
            beforeModelCall: (ctx) => {
              frozen = Object.isFrozen(ctx);
              try {
                (ctx as { turn: number }).turn = 99;
              } catch {
                threw = true;
              }
              return decide.continue();
            },
          },
        ],
        script: [{ content: 'ok' }],
      });
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(frozen).to.equal(true);
      expect(threw).to.equal(true);
    });

    it('emits every decision with its duration', async () => {
      const t = await createTestContainer({
        agents: [shopAgent],
        actions: [lookupAction, stockAction],
        plugins: [recordingPlugin('p', 1, [])],
        script: oneToolThenReply,
      });
      const durations: number[] = [];
      t.runtime.events.on('hook:decision', (e) => durations.push(e.durationMs));
      await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
      expect(durations).to.have.length(6);
      for (const d of durations) expect(d).to.be.a('number').and.at.least(0);
    });
  });
});
