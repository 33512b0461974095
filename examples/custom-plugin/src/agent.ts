/**
 * The custom-plugin example: a plugin author's own enforcement plugin (`spend-limit`), loaded
 * through an inversify ContainerModule next to the built-in ones, guarding an agent that issues
 * goodwill credits. `agent-studio run` shows one call blocked (above the per-call limit, so the
 * action never runs) and the smaller one going through.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { CreditLedger } from './CreditLedger.js';
import { createIssueCredit } from './createIssueCredit.js';
import { creditScript } from './creditScript.js';
import { spendLimitModule } from './spendLimitModule.js';

/** The agent: it issues goodwill credits; the spend-limit plugin caps them. */
export const creditAgent = defineAgent({
  name: 'goodwill-credits',
  description: 'Issues goodwill credits to customer accounts, within the spend limit.',
  type: 'conversational',
  audience: 'employee',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions: 'You issue goodwill credits to customer accounts with issue_credit. Amounts are in cents. If a credit is refused, explain why.',
  capabilities: [{ action: 'issue_credit' }],
});

/** The demo's limits: 50.00 per credit, 75.00 per conversation. */
export const CREDIT_LIMITS = { issue_credit: { argument: 'amountCents', maxPerCall: 5_000, maxPerRun: 7_500 } } as const;

/**
 * Builds the app.
 * @param options - where credits go (default: a new in-memory ledger)
 * @returns the app and its ledger
 */
export function createCreditApp(options: { readonly ledger?: CreditLedger } = {}) {
  const ledger = options.ledger ?? new CreditLedger();
  const app = defineAgentApp({
    agent: creditAgent,
    actions: [createIssueCredit(ledger)],
    modules: [spendLimitModule({ limits: CREDIT_LIMITS })],
    script: creditScript,
    sampleMessage: 'Please give the ACME Corp account a goodwill credit of 80.00 for the outage, or 40.00 if that is too much.',
  });
  return { app, ledger };
}

/** The app `agent-studio run` loads. */
export default createCreditApp().app;

export { CreditLedger, type IssuedCredit } from './CreditLedger.js';
export { createIssueCredit } from './createIssueCredit.js';
export { creditRequestOf, creditScript } from './creditScript.js';
export { type SpendLimit, type SpendLimitOptions, type SpendLimitOptionsInput, SpendLimitOptionsSchema, SpendLimitSchema } from './SpendLimitOptions.js';
export { SpendLimitPlugin } from './SpendLimitPlugin.js';
export { spendLimitModule } from './spendLimitModule.js';
