import { ContainerModule } from 'inversify';
import { type LoggingOptions, type LoggingOptionsInput, LoggingOptionsSchema } from './LoggingOptions.js';
import { LoggingPlugin } from './LoggingPlugin.js';
import { parseModuleOptions } from './parseModuleOptions.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The logging plugin's parsed options. */
    'observability.LoggingOptions': LoggingOptions;
  }
}

/**
 * Loads the logging plugin: one structured line per run start, model call, tool call, non-`continue`
 * hook decision and run end, written through the container's logger (`createContainer({ logger })`,
 * for example a {@link createLogger} logger). No content, no reasons (R-ACT-LOG-1).
 * @param options - see {@link LoggingOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * const container = createContainer({ model, verifier, stateKey, agents, logger: createLogger(), modules: [loggingModule({ modelCall: 'info' })] });
 * ```
 * @category Observability
 */
export function loggingModule(options: LoggingOptionsInput = {}): ContainerModule {
  const data = parseModuleOptions(LoggingOptionsSchema, options, 'loggingModule');
  return new ContainerModule(({ bind }) => {
    bind('observability.LoggingOptions').toConstantValue(data);
    bind('core.Plugin').to(LoggingPlugin).inSingletonScope();
  });
}
