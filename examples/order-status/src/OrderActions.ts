import { timingSafeEqual } from 'node:crypto';
import { Action, type ActionContext, contextInput, field } from '@agent-studio/core';
import type { DataRecord } from '@agent-studio/data';
import { injectable } from 'inversify';
import { z } from 'zod';

const VerifyInput = z.object({
  email: field(z.email().max(254), { pii: true, kind: 'email' }),
  postalCode: field(z.string().regex(/^[A-Za-z0-9 -]{3,12}$/, 'a postal code'), { pii: true, kind: 'text' }),
});

const GetOrderInput = z.object({
  orderNumber: field(z.string().regex(/^ORD-\d{4}$/, 'an order number such as ORD-1002'), { kind: 'text' }),
  customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }),
});

const ContactDetailsInput = z.object({
  customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }),
});

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a.trim().toUpperCase());
  const y = Buffer.from(b.trim().toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The order-status actions (SPEC §12 worked example). Every read goes through `ctx.data` as the
 * agent's own least-privilege user, so CRUD, FLS and sharing apply; each action also scopes the
 * records to the verified customer (R-ACT-VER-3).
 */
@injectable()
export class OrderActions {
  /**
   * Verifies a customer by e-mail and postal code (the "private attribute" check of R-ACT-VER-1
   * for non-sensitive actions) and, on success, sets the run's `VerifiedCustomerId`. A wrong
   * address and a wrong code answer the same way.
   * @param input - e-mail and postal code
   * @param ctx - the action context
   * @returns whether the customer is verified
   */
  @Action({
    name: 'verify_customer',
    description: 'Verify the customer with their e-mail address and postal code. Call this before looking up any order.',
    audience: 'service',
    visibility: 'public',
    effect: 'read',
    providesContext: ['VerifiedCustomerId'],
    input: VerifyInput,
  })
  async verifyCustomer(input: z.output<typeof VerifyInput>, ctx: ActionContext): Promise<{ verified: boolean }> {
    const [contact] = await ctx.data.query({
      object: 'Contact',
      fields: ['PostalCode'],
      where: [{ field: 'Email', op: 'eq', value: input.email.toLowerCase() }],
      limit: 1,
    });
    if (!contact || typeof contact.PostalCode !== 'string' || !sameText(contact.PostalCode, input.postalCode)) return { verified: false };
    ctx.setVariable('VerifiedCustomerId', contact.Id);
    return { verified: true };
  }

  /**
   * Returns one order of the verified customer: an unknown customer is refused (R-ACT-VER-2);
   * another customer's order, or one the agent user may not see, is "not found" (R-ACT-VER-3).
   * @param input - the order number, and the verified customer id bound from context
   * @param ctx - the action context
   * @returns the order's status, or `found: false`
   */
  @Action({
    name: 'get_order',
    description: "Get the status of one of the verified customer's orders by its order number.",
    audience: 'service',
    visibility: 'private',
    effect: 'read',
    input: GetOrderInput,
  })
  async getOrder(input: z.output<typeof GetOrderInput>, ctx: ActionContext) {
    await requireCustomer(ctx, input.customerId);
    const [order] = await ctx.data.query({
      object: 'Order',
      fields: ['OrderNumber', 'Status', 'TrackingNumber', 'TotalCents'],
      where: [
        { field: 'OrderNumber', op: 'eq', value: input.orderNumber },
        { field: 'ContactId', op: 'eq', value: input.customerId },
      ],
      limit: 1,
    });
    if (!order) return { found: false as const };
    return {
      found: true as const,
      orderNumber: order.OrderNumber,
      status: order.Status,
      tracking: order.TrackingNumber ?? null,
      total: `$${(Number(order.TotalCents) / 100).toFixed(2)}`,
    };
  }

  /**
   * Returns the verified customer's contact details. The agent user may not read `Phone`, so the
   * data layer refuses the query (FLS) and the model is told so.
   * @param input - the verified customer id bound from context
   * @param ctx - the action context
   * @returns the first name and phone number
   */
  @Action({
    name: 'get_contact_details',
    description: "Get the verified customer's first name and phone number on file.",
    audience: 'service',
    visibility: 'private',
    effect: 'read',
    input: ContactDetailsInput,
  })
  async getContactDetails(input: z.output<typeof ContactDetailsInput>, ctx: ActionContext): Promise<DataRecord | { found: false }> {
    const contact = await ctx.data.get('Contact', input.customerId, ['FirstName', 'Phone']);
    return contact ?? { found: false };
  }
}

async function requireCustomer(ctx: ActionContext, customerId: string): Promise<void> {
  if (!/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(customerId) || !(await ctx.data.get('Contact', customerId, ['Id']))) {
    throw new Error('VerifiedCustomerId does not resolve to a customer');
  }
}
