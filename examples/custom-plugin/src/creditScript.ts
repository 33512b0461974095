import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

type Outcome = { isSuccess?: boolean; data?: { account?: string; amountCents?: number }; errorCode?: string; messageForUser?: string };

function firstUserText(request: ChatCompletionRequest): string {
  const m = request.messages.find((x) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
}

/**
 * Reads the request the way a model would: the account ("the ACME Corp account") and the amounts
 * it offers, in order ("80.00, or 40.00 if that is too much").
 * @param text - the user's message
 * @returns the account and the amounts in cents
 */
export function creditRequestOf(text: string): { account: string; amounts: number[] } {
  const account = /\bthe (.+?) account\b/i.exec(text)?.[1] ?? 'the customer';
  const amounts = [...text.matchAll(/\b(\d{1,6})(?:\.(\d{2}))?\b(?!\s*(?:hour|minute|day))/g)].map((m) => Number(m[1]) * 100 + Number(m[2] ?? 0));
  return { account, amounts };
}

function nextStep(request: ChatCompletionRequest): ScriptStep {
  const { account, amounts } = creditRequestOf(firstUserText(request));
  const results = request.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as Outcome);
  const last = results.at(-1);
  const next = amounts[results.length];
  // first call, or the previous amount was over the limit and the user offered a smaller one
  if (next !== undefined && (last === undefined || last.errorCode === 'SPEND_LIMIT_EXCEEDED')) {
    return {
      toolCalls: [{ name: 'issue_credit', arguments: { account, amountCents: next, reason: 'goodwill for a service outage' } }],
      usage: { prompt_tokens: 190, completion_tokens: 26, total_tokens: 216 },
    };
  }
  if (!last) return { content: 'How much credit should I give, and to which account?' };
  const refused = results.filter((r) => r.errorCode === 'SPEND_LIMIT_EXCEEDED').length;
  const note = refused > 0 && last.isSuccess ? ` (${refused === 1 ? 'the first amount was' : 'the larger amounts were'} above my limit)` : '';
  const content = last.isSuccess
    ? `Done: ${String(last.data?.account)} got a goodwill credit of ${((last.data?.amountCents ?? 0) / 100).toFixed(2)}${note}.`
    : `I could not issue the credit: ${last.messageForUser ?? last.errorCode ?? 'unknown reason'}`;
  return { content, usage: { prompt_tokens: 260, completion_tokens: 24, total_tokens: 284 } };
}

/** The scripted model's part: offer each amount in turn while the spend limit refuses, then report. */
export const creditScript: readonly ScriptStep[] = Array.from({ length: 6 }, () => (request: ChatCompletionRequest) => nextStep(request));
