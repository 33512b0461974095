import { ConfigurationError } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { IdentityPlugin } from './IdentityPlugin.js';
import { type IdentityOptions, type IdentityOptionsInput, IdentityOptionsSchema } from './IdentityOptions.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The identity plugin's options. */
    'identity.Options': IdentityOptions;
  }
}

/**
 * Loads the identity plugin. Needs `dataModule(...)` for the security model.
 * @param options - service users by agent, and customer verification
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * identityModule({ serviceUsers: { 'order-status': 'svc-orders' }, verification: { directory, notifier } })
 * ```
 * @category Plugins
 */
export function identityModule(options: IdentityOptionsInput = {}): ContainerModule {
  const parsed = IdentityOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `identityModule: invalid option ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  return new ContainerModule(({ bind }) => {
    bind('identity.Options').toConstantValue(parsed.data);
    bind('core.Plugin').to(IdentityPlugin).inSingletonScope();
  });
}
