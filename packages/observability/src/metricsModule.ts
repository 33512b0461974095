import { ContainerModule } from 'inversify';
import { type MetricsOptions, type MetricsOptionsInput, MetricsOptionsSchema } from './MetricsOptions.js';
import { MetricsPlugin } from './MetricsPlugin.js';
import { parseModuleOptions } from './parseModuleOptions.js';
import { RuntimeMetrics } from './RuntimeMetrics.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The runtime's Prometheus metrics (`metricsModule`). */
    'observability.Metrics': RuntimeMetrics;
    /** The metrics plugin's parsed options. */
    'observability.MetricsOptions': MetricsOptions;
  }
}

/**
 * Loads the metrics plugin and binds `observability.Metrics`, a {@link RuntimeMetrics} on its own
 * prom-client registry (one per container unless `registry` is given).
 * @param options - see {@link MetricsOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * const container = createContainer({ model, verifier, stateKey, agents, modules: [metricsModule()] });
 * const metrics = container.get('observability.Metrics');
 * const text = await metrics.metrics(); // serve with metrics.contentType
 * ```
 * @category Observability
 */
export function metricsModule(options: MetricsOptionsInput = {}): ContainerModule {
  const data = parseModuleOptions(MetricsOptionsSchema, options, 'metricsModule');
  return new ContainerModule(({ bind }) => {
    bind('observability.MetricsOptions').toConstantValue(data);
    bind('observability.Metrics')
      .toDynamicValue(() => new RuntimeMetrics(data))
      .inSingletonScope();
    bind('core.Plugin').to(MetricsPlugin).inSingletonScope();
  });
}
