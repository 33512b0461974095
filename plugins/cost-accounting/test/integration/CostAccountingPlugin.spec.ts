import { expect } from 'chai';
import { MemoryCostLedger } from '@agent-studio/core';
import { type AgentDefinition, type ChatCompletionRequest, type CostLedgerEntry, defineAction, defineAgent, type Usage } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { z } from 'zod';
import {
  type CostAccountingOptionsInput,
  type CostUnknownModelEvent,
  costAccountingModule,
} from '../../src/index.js';

const agentNamed = (name: string): AgentDefinition =>
  defineAgent({ name, audience: 'employee', model: { name: 'test-model' }, instructions: 'Help with orders.', capabilities: [{ action: 'find_order' }] });

const findOrder = defineAction({
  name: 'find_order',
  description: 'Find an order by number.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ number: z.string() }),
  run: () => ({ status: 'shipped' }),
});

const usage = (prompt: number, completion: number, cached = 0, reasoning = 0): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: cached },
  completion_tokens_details: { reasoning_tokens: reasoning },
});

/** The scripted model reports `scripted-model`; priced here with different case (R-COST-2). */
const PRICED: CostAccountingOptionsInput = { pricing: { 'Scripted-Model': { input: 1, cachedInput: 0.5, output: 2 } } };

async function setup(script: ScriptStep[], options: CostAccountingOptionsInput = PRICED) {
  const ledger = new MemoryCostLedger();
  const seen: ChatCompletionRequest[] = [];
  const wrapped = script.map(
    (step): ScriptStep =>
      (request, index) => {
        seen.push(request);
        return typeof step === 'function' ? step(request, index) : step;
      },
  );
  const t = await createTestContainer({
    agents: [agentNamed('support'), agentNamed('billing')],
    actions: [findOrder],
    modules: [costAccountingModule({ ...options, ledger })],
    script: wrapped,
  });
  const recorded: CostLedgerEntry[] = [];
  const unknown: CostUnknownModelEvent[] = [];
  t.runtime.events.on('cost:recorded', (e) => recorded.push(e));
  t.runtime.events.on('cost:unknown-model', (e) => unknown.push(e));
  const run = async (agent = 'support', tenantId = 't-1') =>
    t.runtime.run({ agent, accessToken: await t.token({ agent, tenantId }), input: 'Where are orders 42 and 43?' });
  return { t, ledger, seen, recorded, unknown, run };
}

const twoCalls: ScriptStep = {
  toolCalls: [
    { name: 'find_order', arguments: { number: '42' } },
    { name: 'find_order', arguments: { number: '43' } },
  ],
  usage: usage(1_000, 200, 400, 50),
};
const done = (prompt = 500, completion = 100): ScriptStep => ({ content: 'Both have shipped.', usage: usage(prompt, completion) });

describe('CostAccountingPlugin with the runtime (SPEC §11)', () => {
  it('R-COST-1: one ledger entry per model call, even with several tool calls in the turn', async () => {
    const { ledger, recorded, run } = await setup([twoCalls, done()]);
    const result = await run();
    expect(result.status).to.equal('completed');
    expect(result.modelCalls).to.have.length(2);
    const entries = ledger.entries({ runId: result.runId });
    expect(entries).to.have.length(2);
    expect(entries.map((e) => e.turn)).to.deep.equal([1, 2]);
    expect(entries[0]).to.include({
      agent: 'support',
      tenantId: 't-1',
      model: 'scripted-model',
      promptTokens: 1_000,
      completionTokens: 200,
      cachedTokens: 400,
      reasoningTokens: 50,
      totalTokens: 1_200,
    });
    expect(recorded).to.have.length(2);
    const totals = await ledger.totals({ runId: result.runId });
    expect(totals.totalTokens).to.equal(result.usage.total_tokens);
  });

  it('R-COST-2: cost = uncached × input + cached × cachedInput + completion × output, per 1M, 6 decimals', async () => {
    const { ledger, run } = await setup([twoCalls, done()]);
    const result = await run();
    const [first, second] = ledger.entries({ runId: result.runId });
    expect(first?.costUsd).to.equal((600 * 1 + 400 * 0.5 + 200 * 2) / 1e6);
    expect(second?.costUsd).to.equal((500 * 1 + 100 * 2) / 1e6);
  });

  it('R-COST-4: totals by run, agent, tenant and model', async () => {
    const { ledger, run } = await setup([done(100, 10), done(200, 20), done(400, 40)]);
    const a = await run('support', 't-1');
    await run('billing', 't-1');
    await run('support', 't-2');
    expect((await ledger.totals({ runId: a.runId })).totalTokens).to.equal(110);
    expect((await ledger.totals({ agent: 'support' })).totalTokens).to.equal(110 + 440);
    expect((await ledger.totals({ tenantId: 't-1' })).totalTokens).to.equal(110 + 220);
    expect((await ledger.totals({ tenantId: 't-1', agent: 'billing' })).calls).to.equal(1);
    const byModel = await ledger.totals({ model: 'SCRIPTED-MODEL' });
    expect(byModel).to.include({ calls: 3, totalTokens: 770, unpricedCalls: 0 });
    expect(byModel.costUsd).to.equal((700 * 1 + 70 * 2) / 1e6);
    expect((await ledger.totals({ model: 'gpt-4o-mini' })).calls).to.equal(0);
  });

  it('R-COST-2: an unknown model gets cost null (not 0) and a cost:unknown-model event', async () => {
    const { ledger, unknown, run } = await setup([done()], {});
    const result = await run();
    expect(ledger.entries({ runId: result.runId })[0]?.costUsd).to.equal(null);
    expect(unknown).to.deep.equal([{ runId: result.runId, turn: 1, agent: 'support', tenantId: 't-1', model: 'scripted-model' }]);
    expect(await ledger.totals({})).to.include({ calls: 1, costUsd: 0, unpricedCalls: 1 });
  });

  it('run budget (tokens): blocks with BUDGET_EXCEEDED before the next model call', async () => {
    const { seen, ledger, run } = await setup([twoCalls, done()], { ...PRICED, budgets: { run: { maxTokens: 1_000 } } });
    const result = await run();
    expect(result.status).to.equal('blocked');
    expect(result.block).to.include({ code: 'BUDGET_EXCEEDED', plugin: 'cost-accounting', hook: 'beforeModelCall' });
    expect(seen).to.have.length(1);
    expect(ledger.entries()).to.have.length(1);
  });

  it('run budget (USD): blocks before the next model call', async () => {
    const { seen, run } = await setup([twoCalls, done()], { ...PRICED, budgets: { run: { maxUsd: 0.001 } } });
    const result = await run();
    expect(result.status).to.equal('blocked');
    expect(result.block?.code).to.equal('BUDGET_EXCEEDED');
    expect(seen).to.have.length(1);
  });

  it('agent budget: a spent agent is blocked in its tenant; other agents and tenants are not', async () => {
    const { seen, run } = await setup([done(1_000, 100), done(), done()], { ...PRICED, budgets: { agent: { maxUsd: 0.0012 } } });
    expect((await run('support')).status).to.equal('completed');
    const blocked = await run('support');
    expect(blocked.status).to.equal('blocked');
    expect(blocked.block?.code).to.equal('BUDGET_EXCEEDED');
    expect(seen).to.have.length(1);
    expect((await run('billing')).status).to.equal('completed');
    expect((await run('support', 't-2')).status).to.equal('completed');
    expect(seen).to.have.length(3);
  });

  it('tenant budget: a spent tenant is blocked for every agent; other tenants are not', async () => {
    const { seen, run } = await setup([done(1_000, 100), done()], { ...PRICED, budgets: { tenant: { maxTokens: 1_100 } } });
    expect((await run('support')).status).to.equal('completed');
    const blocked = await run('billing');
    expect(blocked.status).to.equal('blocked');
    expect(blocked.block?.code).to.equal('BUDGET_EXCEEDED');
    expect(seen).to.have.length(1);
    expect((await run('billing', 't-2')).status).to.equal('completed');
    expect(seen).to.have.length(2);
  });
});
