import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

function lastUserText(request: ChatCompletionRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return '';
}

function lastToolResult(request: ChatCompletionRequest): { isSuccess?: boolean; data?: Record<string, unknown>; errorCode?: string } {
  const last = request.messages[request.messages.length - 1];
  if (last?.role !== 'tool' || typeof last.content !== 'string') return {};
  return JSON.parse(last.content) as { isSuccess?: boolean; data?: Record<string, unknown> };
}

/**
 * The scripted model's part for the demo: it reads the customer's message the way a model would
 * (e-mail, passcode and order number), calls `verify_customer`, then `get_order`, then answers
 * from the tool results. It is deterministic and labelled `scripted`; it is not an LLM.
 */
export const orderStatusScript: readonly ScriptStep[] = [
  (request) => {
    const text = lastUserText(request);
    const email = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(text)?.[0];
    const passcode = /\b\d{6}\b/.exec(text)?.[0];
    if (!email || !passcode) {
      return { content: 'To look up an order I first need to verify you: please give me your e-mail address and the 6-digit passcode we sent you.' };
    }
    return { toolCalls: [{ name: 'verify_customer', arguments: { email, passcode, _rationale: 'Orders are private; the customer must be verified first.' } }] };
  },
  (request) => {
    const verified = lastToolResult(request).data?.verified === true;
    const orderNumber = /ORD-\d{4}/i.exec(lastUserText(request))?.[0]?.toUpperCase();
    if (!verified) return { content: "I'm sorry, I couldn't verify you with that e-mail address and passcode." };
    if (!orderNumber) return { content: "You're verified. Which order number (such as ORD-1002) would you like me to check?" };
    return { toolCalls: [{ name: 'get_order', arguments: { orderNumber, _rationale: 'The customer is verified and asked about this order.' } }] };
  },
  (request) => {
    const result = lastToolResult(request);
    const data = result.data ?? {};
    if (!result.isSuccess) return { content: "I'm sorry, I couldn't look that order up right now." };
    if (data.found !== true) return { content: "I couldn't find that order on your account." };
    const tracking = data.tracking ? ` Tracking number: ${String(data.tracking)}.` : '';
    return { content: `Order ${String(data.orderNumber)} is ${String(data.status)} (total ${String(data.total)}).${tracking}` };
  },
];
