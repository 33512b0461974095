/**
 * Observability for Agent Studio runtimes, built on runtime events and never able to change a run:
 *
 * - {@link tracingModule}: OpenTelemetry spans (GenAI semantic conventions) for runs, model calls
 *   and tool calls, through `@opentelemetry/api` only.
 * - {@link metricsModule}: Prometheus metrics on a prom-client registry of the container's own.
 * - {@link createLogger} and {@link loggingModule}: redacting JSON logs with pino, and one line per
 *   lifecycle event.
 *
 * None of them records content: no prompt, message, reply, tool arguments or results, rationale or
 * decision reason; only ids, names, codes, counts, sizes and durations (R-ACT-LOG-1).
 *
 * @packageDocumentation
 */
export { CreateLoggerOptionsSchema, type CreateLoggerOptions, createLogger } from './createLogger.js';
export { DEFAULT_REDACT_PATHS } from './DEFAULT_REDACT_PATHS.js';
export { type LoggingOptions, type LoggingOptionsInput, LoggingOptionsSchema } from './LoggingOptions.js';
export { LoggingPlugin } from './LoggingPlugin.js';
export { loggingModule } from './loggingModule.js';
export { DEFAULT_DURATION_BUCKETS, type MetricsOptions, type MetricsOptionsInput, MetricsOptionsSchema } from './MetricsOptions.js';
export { MetricsPlugin } from './MetricsPlugin.js';
export { metricsModule } from './metricsModule.js';
export { type HookDecisionSample, type ModelCallSample, RuntimeMetrics, type ToolCallSample } from './RuntimeMetrics.js';
export { type SerializedError, serializeError } from './serializeError.js';
export { TracingPlugin } from './TracingPlugin.js';
export { type TracingOptions, type TracingOptionsInput, TracingOptionsSchema } from './TracingOptions.js';
export { tracingModule } from './tracingModule.js';
