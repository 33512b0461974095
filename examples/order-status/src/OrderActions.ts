import { Action, type ActionContext, contextInput, field } from '@agent-studio/core';
import { injectable } from 'inversify';
import { z } from 'zod';
import type { OrderBook } from './OrderBook.js';

const CUSTOMER_ID = /^C-\d{4}$/;

const VerifyInput = z.object({
  email: field(z.email().max(254), { pii: true, kind: 'email' }),
  passcode: field(z.string().regex(/^\d{6}$/, 'a 6-digit passcode'), { pii: true, kind: 'text' }),
});

const GetOrderInput = z.object({
  orderNumber: field(z.string().regex(/^ORD-\d{4}$/, 'an order number such as ORD-1002'), { kind: 'text' }),
  customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }),
});

/**
 * The order-status actions (SPEC §12 worked example): verify the customer, then fetch only that
 * customer's order.
 */
@injectable()
export class OrderActions {
  readonly #book: OrderBook;

  /** @param book - the order data */
  constructor(book: OrderBook) {
    this.#book = book;
  }

  /**
   * Verifies a customer by e-mail and one-time passcode and, on success, sets the run's
   * `VerifiedCustomerId` (R-ACT-VER-1). A wrong address and a wrong code answer the same way, so
   * the action is no oracle for which addresses exist.
   * @param input - e-mail and passcode
   * @param ctx - the action context
   * @returns whether the customer is verified
   */
  @Action({
    name: 'verify_customer',
    description: 'Verify the customer with their e-mail address and the 6-digit passcode we sent them. Call this before looking up any order.',
    audience: 'service',
    visibility: 'public',
    effect: 'read',
    providesContext: ['VerifiedCustomerId'],
    input: VerifyInput,
  })
  verifyCustomer(input: z.output<typeof VerifyInput>, ctx: ActionContext): { verified: boolean } {
    const customer = this.#book.customerByEmail(input.email);
    if (!customer || customer.passcode !== input.passcode) return { verified: false };
    ctx.setVariable('VerifiedCustomerId', customer.id);
    return { verified: true };
  }

  /**
   * Returns one order of the verified customer (R-ACT-VER-2, R-ACT-VER-3): no verified customer
   * or an unknown one is refused; another customer's order is "not found", exactly like a missing one.
   * @param input - the order number, and the verified customer id bound from context
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
  getOrder(input: z.output<typeof GetOrderInput>): { found: false } | { found: true; orderNumber: string; status: string; tracking: string | null; total: string } {
    if (!CUSTOMER_ID.test(input.customerId) || !this.#book.customerById(input.customerId)) {
      throw new Error('VerifiedCustomerId does not resolve to a customer');
    }
    const order = this.#book.ordersOf(input.customerId).find((o) => o.orderNumber === input.orderNumber);
    if (!order) return { found: false };
    return { found: true, orderNumber: order.orderNumber, status: order.status, tracking: order.tracking, total: `$${(order.totalCents / 100).toFixed(2)}` };
  }
}
