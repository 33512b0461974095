import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type SpendLimitOptions, type SpendLimitOptionsInput, SpendLimitOptionsSchema } from './SpendLimitOptions.js';
import { SpendLimitPlugin } from './SpendLimitPlugin.js';

declare module '@agent-studio/core' {
  // the plugin's DI ids, namespaced by the plugin ('<plugin>.<Service>')
  interface ServiceMap {
    /** The spend-limit plugin's validated options. */
    'spendLimit.Options': SpendLimitOptions;
  }
}

/**
 * Loads the spend-limit plugin. The options are validated here, when the module is built, so a
 * wrong option fails at startup and never mid-run.
 * @param options - a limit per action name
 * @returns the container module
 * @throws {@link ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * modules: [spendLimitModule({ limits: { issue_credit: { argument: 'amountCents', maxPerCall: 5_000, maxPerRun: 7_500 } } })]
 * ```
 */
export function spendLimitModule(options: SpendLimitOptionsInput): ContainerModule {
  const parsed = SpendLimitOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `spendLimitModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  return new ContainerModule(({ bind }) => {
    bind('spendLimit.Options').toConstantValue(data);
    // every plugin is a multi-binding on 'core.Plugin'
    bind('core.Plugin').to(SpendLimitPlugin).inSingletonScope();
  });
}
