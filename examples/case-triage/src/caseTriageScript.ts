import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

type Outcome = { isSuccess?: boolean; data?: Record<string, unknown>; errorCode?: string; messageForUser?: string };
type Intent = { tool: 'list_my_open_cases' | 'update_case_priority' | 'close_case' | 'delete_case'; args: Record<string, unknown> };

function firstUserText(request: ChatCompletionRequest): string {
  const m = request.messages.find((x) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
}

/**
 * Reads the employee's request the way a model would: delete, close (with the resolution after
 * "resolution:" or "because"), a priority change, or else a list of their open cases.
 * @param text - the user's message
 * @returns the tool to call and its arguments
 */
export function intentOf(text: string): Intent {
  if (/\bdelete\b/i.test(text)) return { tool: 'delete_case', args: {} };
  if (/\bclose\b/i.test(text)) {
    const resolution = /(?:resolution:|because)\s*(.+?)\s*\.?$/i.exec(text)?.[1] ?? 'Resolved with the customer.';
    return { tool: 'close_case', args: { resolution } };
  }
  const priority = /\b(low|medium|high|urgent)\b/i.exec(text)?.[1];
  if (/priority/i.test(text) && priority) return { tool: 'update_case_priority', args: { Priority: priority.toLowerCase() } };
  return { tool: 'list_my_open_cases', args: {} };
}

function answer(tool: Intent['tool'], outcome: Outcome): string {
  if (!outcome.isSuccess) return `That did not go through: ${outcome.messageForUser ?? 'unknown reason'}${outcome.errorCode ? ` (${outcome.errorCode})` : ''}`;
  const d = outcome.data ?? {};
  switch (tool) {
    case 'list_my_open_cases': {
      const cases = (d.cases ?? []) as { caseNumber: string; subject: string; status: string; priority: string }[];
      if (cases.length === 0) return 'You have no open cases.';
      return `You have ${cases.length} open case(s): ${cases.map((c) => `${c.caseNumber} (${c.priority}, ${c.status}) ${c.subject}`).join('; ')}.`;
    }
    case 'update_case_priority':
      return `${String(d.caseNumber)} is now ${String(d.priority)} priority.`;
    case 'close_case':
      return `${String(d.caseNumber)} is closed (approved by ${String(d.approvedBy)}).`;
    case 'delete_case':
      return `${String(d.caseNumber)} is deleted.`;
  }
}

/**
 * The scripted model's behaviour, read from the conversation rather than from a position, so a run
 * resumed in another process after an approval continues correctly: call the tool the request asks
 * for, then report its result.
 * @param request - the request the model gets
 * @returns the step
 */
function nextStep(request: ChatCompletionRequest): ScriptStep {
  const intent = intentOf(firstUserText(request));
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'tool') {
    return {
      toolCalls: [{ id: `call-${intent.tool}-1`, name: intent.tool, arguments: intent.args }],
      usage: { prompt_tokens: 210, completion_tokens: 22, total_tokens: 232 },
    };
  }
  const content = answer(intent.tool, JSON.parse(String(last.content)) as Outcome);
  return { content, usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 } };
}

/** Enough steps for a run and its resumes; each reads the conversation. */
export const caseTriageScript: readonly ScriptStep[] = Array.from({ length: 6 }, () => (request: ChatCompletionRequest) => nextStep(request));
