import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

/**
 * The scripted model's behaviour, read from the conversation rather than from a position, so a run
 * resumed in another process (after an approval) continues correctly: ask for the refund, then
 * report the tool's result.
 * @param request - the request the model gets
 * @returns the step
 */
function nextStep(request: ChatCompletionRequest): ScriptStep {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'tool') {
    return {
      toolCalls: [{ id: 'call-refund-1', name: 'refund_order', arguments: { amountCents: 2500, _rationale: 'the customer asked for 25.00 back for a damaged item' } }],
      usage: { prompt_tokens: 180, completion_tokens: 24, total_tokens: 204 },
    };
  }
  const outcome = JSON.parse(String(last.content)) as { isSuccess?: boolean; data?: { refundedCents?: number }; messageForUser?: string };
  const content = outcome.isSuccess
    ? `The refund is done: ${((outcome.data?.refundedCents ?? 0) / 100).toFixed(2)} refunded on this order so far.`
    : `The refund did not go through: ${outcome.messageForUser ?? 'unknown reason'}`;
  return { content, usage: { prompt_tokens: 260, completion_tokens: 20, total_tokens: 280 } };
}

/** Enough steps for a run and its resumes; each reads the conversation. */
export const refundScript: readonly ScriptStep[] = Array.from({ length: 6 }, () => (request: ChatCompletionRequest) => nextStep(request));
