import { expect } from 'chai';
import { AgentStudioError } from '@agent-studio/core';
import {
  computeCost,
  costAccountingModule,
  DEFAULT_PRICING,
  PricingCatalog,
  tokenCounts,
} from '../../src/index.js';

describe('cost-accounting options', () => {
  const invalid: [string, unknown][] = [
    ['a negative price', { pricing: { m: { input: -1, output: 1 } } }],
    ['a price without output', { pricing: { m: { input: 1 } } }],
    ['an empty budget', { budgets: { run: {} } }],
    ['a non-positive token budget', { budgets: { tenant: { maxTokens: 0 } } }],
    ['an unknown budget scope', { budgets: { user: { maxUsd: 1 } } }],
    ['a ledger without totals', { ledger: { append: () => Promise.resolve() } }],
    ['an unknown option', { currency: 'EUR' }],
  ];
  for (const [name, options] of invalid) {
    it(`rejects ${name} with ConfigurationError CONFIG_INVALID`, () => {
      expect(() => costAccountingModule(options as never))
        .to.throw(AgentStudioError)
        .with.property('code', 'CONFIG_INVALID');
    });
  }

  it('accepts no options', () => {
    expect(() => costAccountingModule()).to.not.throw();
  });
});

describe('pricing (R-COST-2, R-COST-3)', () => {
  it('ships the SPEC defaults and matches model ids exactly, case-insensitively', () => {
    const catalog = new PricingCatalog(DEFAULT_PRICING);
    expect(catalog.price('GPT-4o-mini')).to.deep.equal({ input: 0.15, output: 0.6 });
    expect(catalog.price('claude-sonnet-4-20250514')).to.deep.equal({ input: 3, output: 15 });
    expect(catalog.price('gpt-4o-mini-2024')).to.equal(undefined);
  });

  it('computes cost with 6 decimals and null for an unknown price', () => {
    const counts = tokenCounts({ prompt_tokens: 1_234, completion_tokens: 567, total_tokens: 1_801 });
    expect(computeCost(counts, { input: 0.15, output: 0.6 })).to.equal(0.000525);
    expect(computeCost(counts, undefined)).to.equal(null);
  });
});

