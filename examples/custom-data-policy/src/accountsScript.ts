import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

type Outcome = { isSuccess?: boolean; data?: Record<string, unknown>; errorCode?: string; messageForUser?: string };

function firstUserText(request: ChatCompletionRequest): string {
  const m = request.messages.find((x) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
}

/**
 * Reads the request the way a model would: "note: …" replaces the open account's notes; anything
 * else lists accounts, in one region if the message names one.
 * @param text - the user's message
 * @returns the tool and its arguments
 */
export function accountIntentOf(text: string): { tool: 'list_accounts' | 'update_account_notes'; args: Record<string, unknown> } {
  const notes = /\bnotes?:\s*(.+?)\s*$/i.exec(text)?.[1];
  if (notes) return { tool: 'update_account_notes', args: { Notes: notes } };
  const region = /\b(EMEA|AMER|APAC)\b/.exec(text)?.[1];
  return { tool: 'list_accounts', args: region ? { region } : {} };
}

function answer(outcome: Outcome): string {
  if (!outcome.isSuccess) return `I could not do that: ${outcome.messageForUser ?? 'unknown reason'}${outcome.errorCode ? ` (${outcome.errorCode})` : ''}`;
  const d = outcome.data ?? {};
  if (Array.isArray(d.accounts)) {
    const accounts = d.accounts as { name: string; region: string; legalHold: boolean }[];
    if (accounts.length === 0) return 'You have no accounts to show.';
    return `You can see ${accounts.length} account(s): ${accounts.map((a) => `${a.name} (${a.region}${a.legalHold ? ', on legal hold' : ''})`).join(', ')}.`;
  }
  return `The notes on ${String(d.name)} are updated.`;
}

function nextStep(request: ChatCompletionRequest): ScriptStep {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'tool') {
    const intent = accountIntentOf(firstUserText(request));
    return { toolCalls: [{ name: intent.tool, arguments: intent.args }], usage: { prompt_tokens: 200, completion_tokens: 20, total_tokens: 220 } };
  }
  return { content: answer(JSON.parse(String(last.content)) as Outcome), usage: { prompt_tokens: 280, completion_tokens: 30, total_tokens: 310 } };
}

/** The scripted model's part: call the tool the request asks for, then report its result. */
export const accountsScript: readonly ScriptStep[] = Array.from({ length: 4 }, () => (request: ChatCompletionRequest) => nextStep(request));
