import { ContainerModule } from 'inversify';
import { SharingAccess } from './SharingAccess.js';
import { SharingRulesPlugin } from './SharingRulesPlugin.js';
import { randomRecordId, type SharingRulesOptions } from './SharingRulesOptions.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The sharing-rules plugin's options. */
    'sharingRules.Options': SharingRulesOptions;
    /** Record access checks for any user (used by approvals). */
    'sharingRules.Access': SharingAccess;
  }
}

/**
 * Loads the sharing-rules plugin: `ctx.data` for every action call, and `'sharingRules.Access'`.
 * Needs `dataModule(...)` and `identityModule(...)`.
 * @param options - the id maker
 * @returns the container module
 * @example
 * ```ts
 * modules: [dataModule({ model, backend }), identityModule({ serviceUsers }), sharingRulesModule()]
 * ```
 * @category Plugins
 */
export function sharingRulesModule(options: Partial<SharingRulesOptions> = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind('sharingRules.Options').toConstantValue({ newId: options.newId ?? randomRecordId });
    bind(SharingRulesPlugin).toSelf().inSingletonScope();
    bind('core.Plugin').toService(SharingRulesPlugin);
    bind('core.ActionContextProvider').toService(SharingRulesPlugin);
    bind('sharingRules.Access').toDynamicValue((ctx) => new SharingAccess(ctx.get('data.Model'), ctx.get('data.Backend'))).inSingletonScope();
  });
}
