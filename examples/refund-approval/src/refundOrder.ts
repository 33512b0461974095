import { contextInput, defineAction } from '@agent-studio/core';
import { z } from 'zod';

/**
 * Refunds part of the order the support agent has open (`RecordId`). It changes money, so the
 * agent's capability asks a manager to approve each call; it runs as the support agent who asked,
 * through `ctx.data` (CRUD, FLS and sharing apply), and only once (`ctx.approval`).
 */
export const refundOrder = defineAction({
  name: 'refund_order',
  description: 'Refund part of the open order to the customer. Give the amount in cents.',
  audience: 'employee',
  visibility: 'private',
  effect: 'write',
  requiresConfirmation: true,
  input: z.object({
    orderId: contextInput('RecordId', z.string().min(1), { kind: 'recordId' }),
    amountCents: z.number().int().positive().max(1_000_000),
  }),
  output: z.object({ orderNumber: z.string(), refundedCents: z.number().int() }),
  run: async ({ orderId, amountCents }, ctx) => {
    if (!ctx.approval) throw new Error('refund_order runs only after an approval');
    const order = await ctx.data.get('Order', orderId, ['OrderNumber', 'TotalCents', 'RefundedCents']);
    if (!order) throw new Error('order not found');
    const already = Number(order.RefundedCents ?? 0);
    const total = Number(order.TotalCents ?? 0);
    if (already + amountCents > total) throw new Error('the refund would exceed the order total');
    await ctx.data.update('Order', orderId, { RefundedCents: already + amountCents, Status: 'refunded' });
    return { orderNumber: String(order.OrderNumber), refundedCents: already + amountCents };
  },
});
