import { AgentStudioError, type RunResult } from '@agent-studio/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * Maps the result of the run that made one served call to the MCP tool result: the action's result
 * as text (and as structured content when it is a JSON object) when the run completed; `isError`
 * with the code and a short reason when the call was refused, blocked, suspended or failed. No
 * stack trace and no internal detail ever leaves.
 * @param result - the run's result
 * @param callId - the tool call id the server chose for the call
 * @returns the MCP tool result
 * @category MCP
 */
export function toCallToolResult(result: RunResult, callId: string): CallToolResult {
  switch (result.status) {
    case 'completed':
      return completed(result, callId);
    case 'blocked': {
      const block = result.block;
      const code = block?.code ?? 'POLICY_BLOCKED';
      const why = result.reply ?? block?.reason ?? 'the call was blocked';
      return failure(code, `Blocked by ${block?.plugin ?? 'a plugin'} (${code}): ${why}`);
    }
    case 'suspended':
      return suspended(result);
    case 'failed':
      return errorResult(result.error);
  }
}

/**
 * The MCP tool result of an error thrown around a run (an access refusal, a bad request): the code
 * and the message of an Agent Studio error, a generic message for anything else.
 * @param error - what was thrown
 * @returns the `isError` result
 * @category MCP
 */
export function errorResult(error: unknown): CallToolResult {
  if (AgentStudioError.is(error) && error.code !== 'INTERNAL_INVARIANT') return failure(error.code, `${error.code}: ${error.message}`);
  return failure('INTERNAL_INVARIANT', 'INTERNAL_INVARIANT: the call failed inside the server.');
}

/**
 * An `isError` result with the code in its structured content.
 * @param code - the error code
 * @param text - what the client is told
 * @param extra - more structured facts
 * @returns the result
 * @internal
 */
export function failure(code: string, text: string, extra: Record<string, unknown> = {}): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], structuredContent: { errorCode: code, message: text, ...extra } };
}

function completed(result: RunResult, callId: string): CallToolResult {
  const ran = result.messages.some((m) => m.role === 'tool' && m.tool_call_id === callId);
  if (!ran) {
    // the runtime is not on a DirectCallModel, or the call never reached the tool stage
    return failure('INTERNAL_INVARIANT', 'INTERNAL_INVARIANT: the call was not made; serve the agent with a runtime built on DirectCallModel.');
  }
  const reply = result.reply ?? '';
  let envelope: unknown;
  try {
    envelope = JSON.parse(reply);
  } catch {
    // a plugin rewrote the reply (a truncated or redacted result): pass the text on as it is
    return { content: [{ type: 'text', text: reply }] };
  }
  const e = envelope as { isSuccess?: unknown; data?: unknown; errorCode?: unknown; messageForUser?: unknown; correctionGuidance?: unknown };
  if (e !== null && typeof e === 'object' && e.isSuccess === true) {
    const data = e.data;
    const text = typeof data === 'string' ? data : JSON.stringify(data ?? null);
    const structured = data !== null && typeof data === 'object' && !Array.isArray(data);
    return structured ? { content: [{ type: 'text', text }], structuredContent: data as Record<string, unknown> } : { content: [{ type: 'text', text }] };
  }
  if (e !== null && typeof e === 'object' && e.isSuccess === false && typeof e.errorCode === 'string') {
    const message = typeof e.messageForUser === 'string' ? e.messageForUser : 'The call failed.';
    const guidance = typeof e.correctionGuidance === 'string' ? { guidance: e.correctionGuidance } : {};
    return failure(e.errorCode, `${e.errorCode}: ${message}`, guidance);
  }
  return { content: [{ type: 'text', text: reply }] };
}

function suspended(result: RunResult): CallToolResult {
  const pending = result.pendingApprovals?.[0];
  const approval = pending?.approval;
  const details = (approval?.details ?? {}) as Record<string, unknown>;
  const id = typeof details.pendingActionId === 'string' ? details.pendingActionId : undefined;
  const action = pending?.action ?? 'the action';
  const ref = id === undefined ? '' : ` Pending action: ${id}.`;
  const facts = { runId: result.runId, ...(id === undefined ? {} : { pendingActionId: id }) };
  switch (approval?.kind) {
    case 'confirmation':
      return failure('CONFIRMATION_REQUIRED', `"${action}" needs confirmation: the user must confirm this call before it runs; it did not run.${ref}`, facts);
    case 'approval':
      return failure('APPROVAL_REQUIRED', `"${action}" needs approval: an approver must approve this call before it runs; it did not run.${ref}`, facts);
    default:
      return failure('ASYNC_QUEUED', `"${action}" runs on a worker and cannot be answered over MCP; it did not run here.${ref}`, facts);
  }
}
