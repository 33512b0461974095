import {
  createLocalAccessAuthority,
  defineAction,
  defineAgent,
  contextInput,
  type HitlMode,
  MemoryPendingActionStore,
  MemoryRunStateStore,
  type PendingActionStore,
  type RunStateStore,
} from '@agent-studio/core';
import { createTestContainer, type ScriptStep, type TestContainer } from '@agent-studio/core/testing';
import { z } from 'zod';
import { type ApprovalNotifier, type ApprovalService, type ApproverPolicy, approvalsModule, approverAllowList, MemoryApprovalNotifier } from '../../src/index.js';

/** What the refund action saw on each run. */
export interface RefundCall {
  readonly orderId: string;
  readonly amount: number;
  readonly runAs: string;
  readonly idempotencyKey: string | undefined;
  readonly decidedBy: string | undefined;
}

/** Options of {@link harness}. */
export interface HarnessOptions {
  readonly hitl?: HitlMode;
  readonly onRejection?: 'feedback' | 'cancel';
  readonly policy?: ApproverPolicy | null | undefined;
  readonly store?: PendingActionStore;
  readonly runStates?: RunStateStore;
  readonly clock?: () => number;
  readonly script?: readonly ScriptStep[];
  readonly rules?: Record<string, (args: Readonly<Record<string, unknown>>) => boolean | string>;
  readonly notifier?: ApprovalNotifier;
  readonly expiresAfterMs?: number;
}

/** A wired runtime with the approvals plugin, a refund action and a manager approver. */
export interface Harness {
  readonly t: TestContainer;
  readonly service: ApprovalService;
  readonly store: PendingActionStore;
  readonly runStates: RunStateStore;
  readonly refunds: RefundCall[];
  readonly notifier: MemoryApprovalNotifier;
  /** A token for the requester (u-1). */
  user(): Promise<string>;
  /** A token for another user of the tenant (default the manager). */
  approver(userId?: string, tenantId?: string): Promise<string>;
}

/** The default script: the model asks for a refund, then answers. */
export const REFUND_SCRIPT: readonly ScriptStep[] = [
  { toolCalls: [{ id: 'call-refund', name: 'refund_order', arguments: { amount: 40 } }] },
  { content: 'Done: the refund went through.' },
];

/**
 * Builds the harness.
 * @param options - the HITL mode and overrides
 * @returns the harness
 */
export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const refunds: RefundCall[] = [];
  const refund = defineAction({
    name: 'refund_order',
    description: 'Refund part of an order to the customer.',
    audience: 'employee',
    visibility: 'private',
    effect: 'write',
    requiresConfirmation: true,
    input: z.object({ orderId: contextInput('RecordId', z.string().min(1), { kind: 'recordId' }), amount: z.number().positive() }),
    writesObject: { object: 'Order', operation: 'update' },
    run: ({ orderId, amount }, ctx) => {
      refunds.push({ orderId, amount, runAs: ctx.access.userId, idempotencyKey: ctx.approval?.idempotencyKey, decidedBy: ctx.approval?.decidedBy });
      return { refunded: amount };
    },
  });
  const agent = defineAgent({
    name: 'support',
    audience: 'employee',
    model: { name: 'test-model' },
    instructions: 'Help with orders.',
    requestVariables: ['RecordId'],
    ...(options.onRejection ? { onRejection: options.onRejection } : {}),
    capabilities: [{ action: 'refund_order', hitl: options.hitl ?? 'approval' }],
  });
  const authority = await createLocalAccessAuthority();
  const store = options.store ?? new MemoryPendingActionStore();
  const runStates = options.runStates ?? new MemoryRunStateStore();
  const notifier = new MemoryApprovalNotifier();
  const policy = options.policy === null ? undefined : (options.policy ?? approverAllowList(['manager', 'manager-2']));
  const t = await createTestContainer({
    agents: [agent],
    actions: [refund],
    authority,
    runStates,
    ...(options.clock ? { clock: options.clock } : {}),
    script: options.script ?? REFUND_SCRIPT,
    modules: [
      approvalsModule({
        store,
        issuer: authority.issuer,
        notifier: options.notifier ?? notifier,
        approvers: { refund_order: ['manager'] },
        ...(policy ? { approverPolicy: policy } : {}),
        ...(options.rules ? { rules: options.rules } : {}),
        ...(options.expiresAfterMs ? { expiresAfterMs: options.expiresAfterMs } : {}),
      }),
    ],
  });
  await t.runtime.start();
  return {
    t,
    service: t.container.get('approvals.Service'),
    store,
    runStates,
    refunds,
    notifier,
    user: () => t.token(),
    approver: (userId = 'manager', tenantId = 't-1') => t.token({ userId, tenantId, sessionId: `session-${userId}` }),
  };
}
