import { type ActionDefinition, defineAction, field } from '@agent-studio/core';
import { z } from 'zod';
import type { CustomerVerification } from './CustomerVerification.js';

/** The context variable a successful verification sets. */
export const VERIFIED_CUSTOMER_ID = 'VerifiedCustomerId';

/**
 * The built-in verification actions of service agents: send a one-time code to the customer's
 * address on file, then check it. Only `verify_customer_code` can set VerifiedCustomerId, and only
 * from a code that matched.
 * @param verification - the code service
 * @returns the two actions
 * @category Plugins
 */
export function verificationActions(verification: CustomerVerification): ActionDefinition[] {
  const send = defineAction({
    name: 'send_verification_code',
    description: 'Send a one-time verification code to the customer\'s e-mail address on file. Ask the customer for their e-mail address first.',
    audience: 'service',
    visibility: 'public',
    effect: 'external',
    confirmationWaiver: 'Sends a one-time code only to an address already on file; changes no data and reveals nothing.',
    input: z.object({ email: field(z.email().max(254), { pii: true, kind: 'email' }) }),
    run: async ({ email }, ctx) => {
      await verification.send(`${ctx.access.tenantId}:${ctx.access.sessionId}`, email);
      return { sent: true, message: 'If the address is on file, a code was sent to it.' };
    },
  });
  const check = defineAction({
    name: 'verify_customer_code',
    description: 'Check the one-time code the customer received. On success the customer is verified for this conversation.',
    audience: 'service',
    visibility: 'public',
    effect: 'read',
    providesContext: [VERIFIED_CUSTOMER_ID],
    input: z.object({ code: field(z.string().regex(/^\d{6,10}$/, 'the digits of the code'), { pii: true, kind: 'text' }) }),
    run: ({ code }, ctx) => {
      const result = verification.check(`${ctx.access.tenantId}:${ctx.access.sessionId}`, code);
      if (!result.ok) return { verified: false, reason: result.reason };
      ctx.setVariable(VERIFIED_CUSTOMER_ID, result.customerId);
      return { verified: true };
    },
  });
  return [send as ActionDefinition, check as ActionDefinition];
}
