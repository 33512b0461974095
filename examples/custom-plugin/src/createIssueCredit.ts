import { defineAction, field } from '@agent-studio/core';
import { z } from 'zod';
import type { CreditLedger } from './CreditLedger.js';

/**
 * Builds `issue_credit`, which gives a customer account a goodwill credit. It knows nothing about
 * limits: the spend-limit plugin stops a call above its limit before this code runs.
 * @param ledger - where credits go
 * @returns the action
 */
export function createIssueCredit(ledger: CreditLedger) {
  return defineAction({
    name: 'issue_credit',
    description: 'Give a customer account a goodwill credit. Give the amount in cents and a short reason.',
    audience: 'employee',
    visibility: 'private',
    effect: 'write',
    confirmationWaiver: 'Goodwill credits are small, capped by the spend-limit plugin, and reversible by billing.',
    input: z.object({
      account: field(z.string().min(2).max(80), { kind: 'text' }),
      amountCents: field(z.number().int().positive(), { kind: 'number' }),
      reason: field(z.string().min(3).max(200), { kind: 'text' }),
    }),
    output: z.object({ account: z.string(), amountCents: z.number().int(), issued: z.literal(true) }),
    run: ({ account, amountCents, reason }, ctx) => {
      ledger.add({ account, amountCents, reason, issuedBy: ctx.access.userId });
      return { account, amountCents, issued: true as const };
    },
  });
}
