import type { Registry } from 'prom-client';
import { z } from 'zod';

/**
 * The OpenTelemetry GenAI convention's buckets for operation durations, in seconds.
 * @category Observability
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = Object.freeze([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]);

/**
 * The options of `metricsModule` and of {@link RuntimeMetrics}.
 * @category Observability
 */
export const MetricsOptionsSchema = z.strictObject({
  /** The prom-client registry to register on (default: a new registry per container, never prom-client's global one). */
  registry: z
    .custom<Registry>((v) => typeof v === 'object' && v !== null && typeof (v as { getSingleMetric?: unknown }).getSingleMetric === 'function', {
      message: 'expected a prom-client Registry',
    })
    .optional(),
  /** The prefix of the `agent_studio_*` metric names (default `agent_studio_`); the `gen_ai_*` names follow the OpenTelemetry convention and are never prefixed. */
  prefix: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a Prometheus metric name prefix')
    .default('agent_studio_'),
  /** The buckets, in seconds, of every duration histogram (default {@link DEFAULT_DURATION_BUCKETS}). */
  durationBuckets: z.array(z.number().finite().positive()).min(1).optional(),
  /** The most runs tracked at once for the `agent` label; beyond it the oldest is dropped (default 10,000). */
  maxOpenRuns: z.number().int().positive().default(10_000),
});

/**
 * The options of `metricsModule`, as passed.
 * @category Observability
 */
export type MetricsOptionsInput = z.input<typeof MetricsOptionsSchema>;

/**
 * The options of `metricsModule`, parsed.
 * @category Observability
 */
export type MetricsOptions = z.output<typeof MetricsOptionsSchema>;
