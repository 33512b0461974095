import { ContainerModule } from 'inversify';
import { parseModuleOptions } from './parseModuleOptions.js';
import { TracingPlugin } from './TracingPlugin.js';
import { type TracingOptions, type TracingOptionsInput, TracingOptionsSchema } from './TracingOptions.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The tracing plugin's parsed options. */
    'observability.TracingOptions': TracingOptions;
  }
}

/**
 * Loads the tracing plugin: OpenTelemetry spans for runs, model calls and tool calls, following
 * the GenAI semantic conventions, with no content in any attribute or event (R-ACT-LOG-1).
 * @param options - see {@link TracingOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
 * const container = createContainer({ model, verifier, stateKey, agents, modules: [tracingModule({ tracerProvider: provider })] });
 * ```
 * @category Observability
 */
export function tracingModule(options: TracingOptionsInput = {}): ContainerModule {
  const data = parseModuleOptions(TracingOptionsSchema, options, 'tracingModule');
  return new ContainerModule(({ bind }) => {
    bind('observability.TracingOptions').toConstantValue(data);
    bind('core.Plugin').to(TracingPlugin).inSingletonScope();
  });
}
