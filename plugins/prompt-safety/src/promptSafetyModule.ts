import { ConfigurationError } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { defaultClassifier } from './defaultClassifier.js';
import { PromptSafetyAnalyzer } from './PromptSafetyAnalyzer.js';
import { type PromptSafetyOptions, type PromptSafetyOptionsInput, PromptSafetyOptionsSchema } from './PromptSafetyOptions.js';
import { PromptSafetyPlugin } from './PromptSafetyPlugin.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The prompt-safety plugin's options. */
    'promptSafety.Options': PromptSafetyOptions;
    /** The analyzer the prompt-safety plugin screens with. */
    'promptSafety.Analyzer': PromptSafetyAnalyzer;
  }
}

/**
 * Loads the prompt-safety plugin (SPEC §6): priority 900, fail-closed.
 * @param options - default per-agent settings (mode, threshold, categories, scorer, failure mode…),
 *   per-agent and per-tenant overrides, and optionally a classifier, a provider, a catalog, the
 *   cache size and an audit sink
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * container.load(promptSafetyModule({ mode: 'Sanitize', agents: { 'order-status': { mode: 'Block', threshold: 0.5 } } }));
 * ```
 * @category Plugins
 */
export function promptSafetyModule(options: PromptSafetyOptionsInput = {}): ContainerModule {
  const parsed = PromptSafetyOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `promptSafetyModule: invalid option ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`);
  }
  const o = parsed.data;
  const classifier = o.classifier === false ? undefined : (o.classifier ?? defaultClassifier());
  const analyzer = new PromptSafetyAnalyzer({
    ...(o.catalog ? { catalog: o.catalog } : {}),
    ...(classifier ? { classifier } : {}),
    ...(o.provider ? { provider: o.provider } : {}),
    ...(o.cache === undefined ? {} : { cache: o.cache }),
  });
  const invalid = analyzer.rules.matcher.invalid;
  if (invalid.length > 0 && o.catalog) {
    throw new ConfigurationError('CONFIG_INVALID', `promptSafetyModule: catalog entries with invalid regexes: ${invalid.join(', ')}.`);
  }
  return new ContainerModule(({ bind }) => {
    bind('promptSafety.Options').toConstantValue(o);
    bind('promptSafety.Analyzer').toConstantValue(analyzer);
    bind('core.Plugin').to(PromptSafetyPlugin).inSingletonScope();
  });
}
