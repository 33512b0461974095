import { ContainerModule } from 'inversify';
import { type OutputGuardOptions, type OutputGuardSettings, resolveOutputGuardOptions } from './OutputGuardOptions.js';
import { OutputGuardPlugin } from './OutputGuardPlugin.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The output guard's resolved settings. */
    'outputGuard.Settings': OutputGuardSettings;
  }
}

/**
 * Loads the output guard plugin (R-ACT-OUT-1, R-ACT-OUT-3).
 * @param options - rules for every agent (`defaults`) and per agent name (`agents`)
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are
 *   invalid or an output schema cannot be expressed as JSON Schema
 * @example
 * ```ts
 * const Triage = z.strictObject({
 *   caseId: guard.recordId({ objects: ['Case'] }),
 *   priority: guard.enumOf(['Low', 'Medium', 'High']),
 *   summary: guard.string({ maxLength: 500 }),
 * });
 * createContainer({ ..., modules: [outputGuardModule({
 *   defaults: { maxReplyChars: 8000, links: { allowedHosts: ['help.example.com'] } },
 *   agents: { 'case-triage': { output: Triage } },
 * })] });
 * ```
 * @category Plugins
 */
export function outputGuardModule(options: OutputGuardOptions = {}): ContainerModule {
  const settings = resolveOutputGuardOptions(options);
  return new ContainerModule(({ bind }) => {
    bind('outputGuard.Settings').toConstantValue(settings);
    bind('core.Plugin').to(OutputGuardPlugin).inSingletonScope();
  });
}
