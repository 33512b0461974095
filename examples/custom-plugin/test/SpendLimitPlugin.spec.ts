import { expect } from 'chai';
import { AgentStudioError, type ToolCallContext } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { createCreditApp, CreditLedger, creditAgent, createIssueCredit, SpendLimitPlugin, spendLimitModule } from '../src/agent.js';
import { describePluginContract, type PluginContractFixture } from '@agent-studio/core/testing';

const LIMITS = { issue_credit: { argument: 'amountCents', maxPerCall: 5_000, maxPerRun: 7_500 } };

function creditFixture(name: string, amounts: readonly number[]): () => PluginContractFixture {
  return () => {
    const ledger = new CreditLedger();
    return {
      name,
      agent: creditAgent,
      actions: [createIssueCredit(ledger)],
      script: [...amounts.map((amountCents) => ({ toolCalls: [{ name: 'issue_credit', arguments: { account: 'ACME Corp', amountCents, reason: 'outage' } }] })), { content: 'done' }],
      input: 'Credit ACME Corp.',
      executed: () => ledger.credits.length,
    };
  };
}

describePluginContract(() => new SpendLimitPlugin({ limits: LIMITS }), {
  module: () => spendLimitModule({ limits: LIMITS }),
  fixtures: [creditFixture('a call above the per-call limit', [8_000]), creditFixture('calls within, then above, the per-run limit', [4_000, 3_000, 1_000])],
});

async function runCredits(message: string, script?: readonly ScriptStep[]) {
  const { app, ledger } = createCreditApp();
  const t = await createTestContainer({ agents: [app.agent], actions: app.actions ?? [], modules: app.modules ?? [], script: script ?? app.script ?? [] });
  const blocks: string[] = [];
  t.runtime.events.on('hook:decision', (e) => e.decision === 'block' && blocks.push(`${e.plugin}:${e.code}`));
  const result = await t.runtime.run({ agent: app.agent.name, accessToken: await t.token({ userId: 'u-sam' }), input: message });
  const tools = result.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as { isSuccess: boolean; errorCode?: string; messageForUser?: string });
  await t.runtime.stop();
  return { result, ledger, blocks, tools };
}

describe(SpendLimitPlugin.name, () => {
  describe('.beforeToolCall()', () => {
    it('blocks a call above the per-call limit: the action never runs, and the model is told the limit', async () => {
      const { result, ledger, blocks, tools } = await runCredits('Please give the ACME Corp account a goodwill credit of 80.00.');
      expect(blocks).to.deep.equal(['spend-limit:SPEND_LIMIT_EXCEEDED']);
      expect(ledger.credits).to.deep.equal([]);
      expect(tools[0]).to.include({ isSuccess: false, errorCode: 'SPEND_LIMIT_EXCEEDED' });
      expect(result.reply).to.match(/^I could not issue the credit: .*50\.00/);
    });

    it('lets a call within the limit through, as the user who asked', async () => {
      const { result, ledger, blocks } = await runCredits('Please give the ACME Corp account a goodwill credit of 40.00.');
      expect(blocks).to.deep.equal([]);
      expect(ledger.credits).to.deep.equal([{ account: 'ACME Corp', amountCents: 4_000, reason: 'goodwill for a service outage', issuedBy: 'u-sam' }]);
      expect(result.reply).to.equal('Done: ACME Corp got a goodwill credit of 40.00.');
    });

    it('runs the sample conversation: 80.00 is refused, 40.00 goes through', async () => {
      const { app } = createCreditApp();
      const { result, ledger } = await runCredits(app.sampleMessage ?? '');
      expect(ledger.credits.map((c) => c.amountCents)).to.deep.equal([4_000]);
      expect(result.reply).to.equal('Done: ACME Corp got a goodwill credit of 40.00 (the first amount was above my limit).');
    });

    it('blocks the call that would take the run above its per-run limit, counting only calls that ran', async () => {
      const { ledger, blocks } = await runCredits('Credit ACME Corp.', creditFixture('', [4_000, 9_000, 3_000, 1_000])().script);
      // 40.00 runs; 90.00 is above the per-call limit (not counted); 30.00 runs (70.00 in all); 10.00 would make 80.00
      expect(ledger.credits.map((c) => c.amountCents)).to.deep.equal([4_000, 3_000]);
      expect(blocks).to.deep.equal(['spend-limit:SPEND_LIMIT_EXCEEDED', 'spend-limit:SPEND_LIMIT_EXCEEDED']);
    });

    it('fails closed on a limited call without a numeric amount', () => {
      const plugin = new SpendLimitPlugin({ limits: LIMITS });
      const decision = plugin.beforeToolCall({ action: { name: 'issue_credit' }, args: { amountCents: '80' } } as unknown as ToolCallContext);
      expect(decision).to.include({ type: 'block', code: 'SPEND_LIMIT_EXCEEDED' });
    });
  });

  describe('spendLimitModule()', () => {
    it('refuses invalid options at startup with CONFIG_INVALID', () => {
      let caught: unknown;
      try {
        spendLimitModule({ limits: { issue_credit: { argument: 'amountCents', maxPerCall: -1 } } });
      } catch (e) {
        caught = e;
      }
      expect(AgentStudioError.hasCode(caught, 'CONFIG_INVALID')).to.equal(true);
    });
  });
});
