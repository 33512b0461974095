import type { PendingAction } from '@agent-studio/core';
import type { ApprovalNotification } from './ApprovalNotifier.js';

/**
 * Builds the notification for a pending action's change: ids, status and prompt, never its
 * arguments or result.
 * @param type - what happened
 * @param pa - the pending action
 * @param approvers - who should decide
 * @returns the notification
 * @category Plugins
 */
export function notificationFor(type: ApprovalNotification['type'], pa: PendingAction, approvers: readonly string[]): ApprovalNotification {
  return {
    type,
    pendingActionId: pa.id,
    tenantId: pa.tenantId,
    runId: pa.runId,
    action: pa.action,
    kind: pa.kind,
    requester: pa.userId,
    approvers,
    reason: pa.reason,
    ...(pa.decidedBy === undefined ? {} : { decidedBy: pa.decidedBy }),
    expiresAt: pa.expiresAt,
  };
}
