import { ContainerModule } from 'inversify';
import { FieldSecurityPlugin } from './FieldSecurityPlugin.js';

/**
 * Loads the field-security plugin. Needs `dataModule(...)` and `identityModule(...)`.
 * @returns the container module
 * @example
 * ```ts
 * modules: [dataModule({ model, backend }), identityModule(), sharingRulesModule(), fieldSecurityModule()]
 * ```
 * @category Plugins
 */
export function fieldSecurityModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind('core.Plugin').to(FieldSecurityPlugin).inSingletonScope();
  });
}
