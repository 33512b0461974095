import type { ChatCompletionRequest, ScriptStep } from '@agent-studio/core';

function lastUserText(request: ChatCompletionRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return '';
}

type Outcome = { isSuccess?: boolean; data?: Record<string, unknown>; errorCode?: string; messageForUser?: string };

function toolResults(request: ChatCompletionRequest): Outcome[] {
  return request.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as Outcome);
}

/**
 * The scripted model's part for the demo: it reads the customer's message the way a model would
 * (e-mail, postal code, order number, whether they ask for their phone number), calls
 * `verify_customer`, `get_order` and, if asked, `get_contact_details`, then answers from the tool
 * results. It is deterministic and labelled `scripted`; it is not an LLM.
 */
export const orderStatusScript: readonly ScriptStep[] = [
  (request) => {
    const text = lastUserText(request);
    // with PII masking on, the model sees `[EMAIL:001]` and sends the token back; the runtime unmasks it
    const email = /\[EMAIL:\d{3,}\]|[\w.+-]+@[\w-]+\.[\w.]+/.exec(text)?.[0];
    const postalCode = /postal code\s*:?\s*([A-Za-z0-9 -]{3,12}?)(?=[.,;!?]|\s*$)/i.exec(text)?.[1];
    if (!email || !postalCode) {
      return { content: 'To look up an order I first need to verify you: please give me your e-mail address and your postal code.' };
    }
    return { toolCalls: [{ name: 'verify_customer', arguments: { email, postalCode, _rationale: 'Orders are private; the customer must be verified first.' } }] };
  },
  (request) => {
    const verified = toolResults(request).at(-1)?.data?.verified === true;
    const orderNumber = /ORD-\d{4}/i.exec(lastUserText(request))?.[0]?.toUpperCase();
    if (!verified) return { content: "I'm sorry, I couldn't verify you with that e-mail address and postal code." };
    if (!orderNumber) return { content: "You're verified. Which order number (such as ORD-1002) would you like me to check?" };
    return { toolCalls: [{ name: 'get_order', arguments: { orderNumber, _rationale: 'The customer is verified and asked about this order.' } }] };
  },
  (request) => {
    if (/phone/i.test(lastUserText(request))) {
      return { toolCalls: [{ name: 'get_contact_details', arguments: { _rationale: 'The customer asked which phone number is on file.' } }] };
    }
    return answer(request);
  },
  (request) => answer(request),
];

function answer(request: ChatCompletionRequest): { content: string } {
  const results = toolResults(request);
  const order = results[1];
  const parts: string[] = [];
  if (!order?.isSuccess) parts.push("I'm sorry, I couldn't look that order up right now.");
  else if (order.data?.found !== true) parts.push("I couldn't find that order on your account.");
  else {
    const d = order.data;
    const tracking = d.tracking ? ` Tracking number: ${String(d.tracking)}.` : '';
    parts.push(`Order ${String(d.orderNumber)} is ${String(d.status)} (total ${String(d.total)}).${tracking}`);
  }
  const contact = results[2];
  if (contact && !contact.isSuccess) parts.push("I'm not able to see the phone number on your account; please check it in your profile.");
  else if (contact?.isSuccess) parts.push(`The phone number on file is ${String(contact.data?.Phone)}.`);
  return { content: parts.join(' ') };
}
