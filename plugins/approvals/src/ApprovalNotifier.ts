import type { PendingAction } from '@agent-studio/core';

/**
 * What an {@link ApprovalNotifier} is told (R-HITL-13). It carries the pending action's ids and
 * status, never its arguments or result (they may hold personal data).
 * @category Plugins
 */
export interface ApprovalNotification {
  /** What happened. */
  readonly type: 'requested' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed';
  /** The pending action's id. */
  readonly pendingActionId: string;
  /** The tenant. */
  readonly tenantId: string;
  /** The run. */
  readonly runId: string;
  /** The action (tool) name. */
  readonly action: string;
  /** `confirmation` or `approval`. */
  readonly kind: PendingAction['kind'];
  /** The user who asked; notifications about the outcome go to them. */
  readonly requester: string;
  /** Who should decide (for `requested`), as configured for the action. */
  readonly approvers: readonly string[];
  /** Why a person must decide (the approval prompt). */
  readonly reason: string;
  /** Who decided, for `approved` / `rejected`. */
  readonly decidedBy?: string;
  /** When it expires (epoch ms). */
  readonly expiresAt: number;
}

/**
 * Tells people about pending actions: approvers when one is requested, the requester when it is
 * decided or executed. Implement it over e-mail, chat or a queue. A notifier that throws when an
 * approval is requested fails the request closed: the pending action is withdrawn and the call
 * is refused (R-HITL-6).
 * @category Plugins
 */
export interface ApprovalNotifier {
  /**
   * Sends one notification.
   * @param notification - what happened
   * @returns when it is sent
   */
  notify(notification: ApprovalNotification): Promise<void>;
}

/**
 * An {@link ApprovalNotifier} that keeps notifications in memory, for tests, demos and a UI that
 * polls. It is the default.
 * @category Plugins
 */
export class MemoryApprovalNotifier implements ApprovalNotifier {
  readonly #sent: ApprovalNotification[] = [];
  readonly #max: number;

  /**
   * @param max - how many notifications to keep (default 1,000; the oldest go first)
   */
  constructor(max = 1_000) {
    this.#max = max;
  }

  /**
   * Keeps one notification.
   * @param notification - what happened
   * @returns when it is kept
   */
  notify(notification: ApprovalNotification): Promise<void> {
    this.#sent.push(Object.freeze({ ...notification }));
    if (this.#sent.length > this.#max) this.#sent.shift();
    return Promise.resolve();
  }

  /**
   * The notifications kept so far, oldest first.
   * @returns a copy
   */
  sent(): readonly ApprovalNotification[] {
    return [...this.#sent];
  }
}
