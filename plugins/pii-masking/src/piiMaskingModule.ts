import { ConfigurationError } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type PiiMaskingOptions, type PiiMaskingOptionsInput, PiiMaskingOptionsSchema } from './PiiMaskingOptions.js';
import { PiiMaskingPlugin } from './PiiMaskingPlugin.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The PII masking plugin's options. */
    'piiMasking.Options': PiiMaskingOptions;
  }
}

/**
 * Loads the PII masking plugin.
 * @param options - mode, pattern categories and sensitive classifications
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * piiMaskingModule({ mode: 'hybrid', categories: ['Financial', 'Identity', 'Contact'] })
 * ```
 * @category Plugins
 */
export function piiMaskingModule(options: PiiMaskingOptionsInput = {}): ContainerModule {
  const parsed = PiiMaskingOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `piiMaskingModule: invalid option ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  return new ContainerModule(({ bind }) => {
    bind('piiMasking.Options').toConstantValue(parsed.data);
    bind('core.Plugin').to(PiiMaskingPlugin).inSingletonScope();
  });
}
