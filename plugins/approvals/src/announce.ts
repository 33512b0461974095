import type { Logger, RuntimeEvents } from '@agent-studio/core';
import type { ApprovalNotification, ApprovalNotifier } from './ApprovalNotifier.js';

/**
 * Where a change of a pending action is announced: the runtime's events and the notifier.
 * @category Plugins
 */
export interface AnnounceTargets {
  /** The runtime's events (`approval:changed`). */
  readonly events: RuntimeEvents | undefined;
  /** The notifier; left out when it was already told (an approval request, whose delivery failure refuses the call). */
  readonly notifier?: ApprovalNotifier;
  /** Where failures are logged (names only). */
  readonly logger: Logger | undefined;
}

/**
 * Announces a decided, expired, executed or failed pending action: emits `approval:changed` and
 * tells the notifier. Neither a throwing listener nor a failing notifier undoes or fails the
 * change (it is already stored); both are logged by name only.
 * @param n - the notification
 * @param to - the events, notifier and logger
 * @returns when the notifier has been told (or failed)
 * @category Plugins
 */
export async function announce(n: ApprovalNotification, to: AnnounceTargets): Promise<void> {
  try {
    to.events?.emit('approval:changed', n);
  } catch (error) {
    to.logger?.warn({ plugin: 'approvals', error: (error as Error)?.name }, 'an event listener threw; ignored');
  }
  if (!to.notifier) return;
  try {
    await to.notifier.notify(n);
  } catch (error) {
    to.logger?.warn({ plugin: 'approvals', pendingActionId: n.pendingActionId, error: (error as Error)?.name }, 'an approval notification failed');
  }
}
