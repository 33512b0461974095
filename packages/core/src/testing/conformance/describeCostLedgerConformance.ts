import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CostLedger, CostLedgerEntry } from '../../stores/CostLedger.js';
import { rejectsWithCode } from './rejectsWithCode.js';

/**
 * Declares a mocha suite that checks a {@link CostLedger} keeps its contract: entries are validated,
 * totals are exact to 6 decimals and count unpriced calls apart, every filter field narrows the
 * sums (models case-insensitively), reports group and order by key, and concurrent appends all
 * land. Call it at the top level of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh ledger for each test
 * @param cleanup - runs after each test (close connections, drop tables)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeCostLedgerConformance('SqlCostLedger', () => stores.costLedger);
 * ```
 * @category Testing
 */
export function describeCostLedgerConformance(
  name: string,
  factory: () => Promise<CostLedger> | CostLedger,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (CostLedger conformance)`, () => {
    let ledger: CostLedger;
    let tenantId: string;

    beforeEach(async () => {
      ledger = await factory();
      // a tenant per test keeps the sums apart when the store is shared
      tenantId = `tenant-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const anEntry = (overrides: Partial<CostLedgerEntry> = {}): CostLedgerEntry => ({
      runId: 'run-1',
      turn: 1,
      tenantId,
      userId: 'u-1',
      agent: 'support',
      model: 'gpt-4o-mini',
      day: '2026-11-20',
      at: 1_763_600_000_000,
      promptTokens: 100,
      completionTokens: 20,
      cachedTokens: 10,
      reasoningTokens: 5,
      totalTokens: 120,
      costUsd: 0.000123,
      ...overrides,
    });

    it('sums tokens and cost exactly, and counts unpriced calls apart (R-COST-1, R-COST-2)', async () => {
      await ledger.append(anEntry());
      await ledger.append(anEntry({ turn: 2, costUsd: 0.000001 }));
      await ledger.append(anEntry({ turn: 3, model: 'mystery-model', costUsd: null }));
      const t = await ledger.totals({ tenantId });
      assert.deepEqual(t, {
        calls: 3,
        promptTokens: 300,
        completionTokens: 60,
        cachedTokens: 30,
        reasoningTokens: 15,
        totalTokens: 360,
        costUsd: 0.000124,
        unpricedCalls: 1,
      });
    });

    it('returns zero totals when nothing matches', async () => {
      const t = await ledger.totals({ tenantId });
      assert.equal(t.calls, 0);
      assert.equal(t.costUsd, 0);
    });

    it('narrows by run, agent, model (case-insensitive), day and day range (R-COST-4)', async () => {
      await ledger.append(anEntry({ runId: 'r-a', agent: 'a', model: 'GPT-4o', day: '2026-11-19' }));
      await ledger.append(anEntry({ runId: 'r-b', agent: 'b', model: 'gpt-4o', day: '2026-11-20' }));
      await ledger.append(anEntry({ runId: 'r-b', agent: 'b', model: 'other', day: '2026-11-21' }));
      assert.equal((await ledger.totals({ tenantId, runId: 'r-b' })).calls, 2);
      assert.equal((await ledger.totals({ tenantId, agent: 'a' })).calls, 1);
      assert.equal((await ledger.totals({ tenantId, model: 'gpt-4O' })).calls, 2);
      assert.equal((await ledger.totals({ tenantId, day: '2026-11-21' })).calls, 1);
      assert.equal((await ledger.totals({ tenantId, fromDay: '2026-11-20' })).calls, 2);
      assert.equal((await ledger.totals({ tenantId, toDay: '2026-11-20' })).calls, 2);
      assert.equal((await ledger.totals({ tenantId: `${tenantId}-other` })).calls, 0);
    });

    it('reports per tenant, agent, model, day and run, ordered by key', async () => {
      await ledger.append(anEntry({ agent: 'zeta', model: 'M-1', day: '2026-11-21', costUsd: 0.5 }));
      await ledger.append(anEntry({ agent: 'alpha', model: 'm-1', day: '2026-11-20', costUsd: 0.25 }));
      await ledger.append(anEntry({ agent: 'alpha', model: 'm-2', day: '2026-11-20', costUsd: null }));
      const byAgent = await ledger.report('agent', { tenantId });
      assert.deepEqual(
        byAgent.map((g) => [g.key, g.calls, g.costUsd, g.unpricedCalls]),
        [
          ['alpha', 2, 0.25, 1],
          ['zeta', 1, 0.5, 0],
        ],
      );
      const byModel = await ledger.report('model', { tenantId });
      assert.deepEqual(
        byModel.map((g) => [g.key, g.calls]),
        [
          ['m-1', 2],
          ['m-2', 1],
        ],
      );
      assert.deepEqual(
        (await ledger.report('day', { tenantId })).map((g) => g.key),
        ['2026-11-20', '2026-11-21'],
      );
      assert.deepEqual(
        (await ledger.report('tenant', { tenantId })).map((g) => [g.key, g.calls]),
        [[tenantId, 3]],
      );
      assert.deepEqual(
        (await ledger.report('run', { tenantId })).map((g) => [g.key, g.calls]),
        [['run-1', 3]],
      );
    });

    it('keeps every one of 50 concurrent appends', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.append(anEntry({ turn: i + 1, costUsd: 0.000002 }))));
      const t = await ledger.totals({ tenantId });
      assert.equal(t.calls, 50);
      assert.equal(t.costUsd, 0.0001);
    });

    it('refuses an invalid entry, filter or grouping with CONFIG_INVALID and stores nothing', async () => {
      await rejectsWithCode(() => ledger.append(anEntry({ promptTokens: -1 })), 'CONFIG_INVALID', 'negative tokens');
      await rejectsWithCode(() => ledger.append(anEntry({ day: '21/11/2026' })), 'CONFIG_INVALID', 'bad day');
      await rejectsWithCode(() => ledger.append({ ...anEntry(), extra: 1 } as CostLedgerEntry), 'CONFIG_INVALID', 'unknown field');
      await rejectsWithCode(() => ledger.totals({ day: 'yesterday' }), 'CONFIG_INVALID', 'bad filter');
      await rejectsWithCode(() => ledger.report('user' as never, { tenantId }), 'CONFIG_INVALID', 'bad grouping');
      assert.equal((await ledger.totals({ tenantId })).calls, 0);
    });
  });
}
