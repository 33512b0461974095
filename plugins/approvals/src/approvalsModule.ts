import { ConfigurationError, formatIssuePath, type PendingActionStore } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type ApprovalNotifier, MemoryApprovalNotifier } from './ApprovalNotifier.js';
import { ApprovalService } from './ApprovalService.js';
import { ApprovalsPlugin } from './ApprovalsPlugin.js';
import { type ApprovalsOptions, type ApprovalsOptionsInput, ApprovalsOptionsSchema } from './ApprovalsOptions.js';
import { ClaimRegistry } from './ClaimRegistry.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The approvals plugin's options. */
    'approvals.Options': ApprovalsOptions;
    /** Where pending actions are kept. */
    'approvals.Store': PendingActionStore;
    /** Tells approvers and requesters. */
    'approvals.Notifier': ApprovalNotifier;
    /** The claims this process holds. */
    'approvals.Claims': ClaimRegistry;
    /** Approve, reject, list, recover. */
    'approvals.Service': ApprovalService;
  }
}

/**
 * Loads the human-in-the-loop plugin (SPEC §8) and its service.
 * @param options - see {@link ApprovalsOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * approvalsModule({ store: stores.pendingActions, issuer: authority.issuer, approverPolicy: approverAllowList(['u-manager']) })
 * ```
 * @category Plugins
 */
export function approvalsModule(options: ApprovalsOptionsInput = {}): ContainerModule {
  const parsed = ApprovalsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `approvalsModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  return new ContainerModule(({ bind }) => {
    bind('approvals.Options').toConstantValue(data);
    bind('approvals.Store')
      .toDynamicValue((ctx) => {
        const store = data.store ?? ctx.get('core.PendingActionStore', { optional: true });
        if (!store) {
          throw new ConfigurationError('CONFIG_INVALID', 'approvalsModule: no pending-action store. Pass { store } or createContainer({ pendingActions }).');
        }
        return store;
      })
      .inSingletonScope();
    bind('approvals.Notifier').toConstantValue(data.notifier ?? new MemoryApprovalNotifier());
    bind('approvals.Claims').toConstantValue(new ClaimRegistry());
    bind(ApprovalsPlugin).toSelf().inSingletonScope();
    bind('core.Plugin').toService(ApprovalsPlugin);
    bind('core.ActionContextProvider').toService(ApprovalsPlugin);
    bind('approvals.Service').to(ApprovalService).inSingletonScope();
  });
}
