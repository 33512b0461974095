import type { TracerProvider } from '@opentelemetry/api';
import { z } from 'zod';

/**
 * The options of `tracingModule`.
 * @category Observability
 */
export const TracingOptionsSchema = z.strictObject({
  /** Where spans go (default: the global provider, `trace.getTracerProvider()`, a no-op until an OpenTelemetry SDK registers one). */
  tracerProvider: z
    .custom<TracerProvider>((v) => typeof v === 'object' && v !== null && typeof (v as { getTracer?: unknown }).getTracer === 'function', {
      message: 'expected an OpenTelemetry TracerProvider (an object with getTracer())',
    })
    .optional(),
  /** Whether non-`continue` hook decisions and runtime decisions become span events (default true). */
  captureDecisions: z.boolean().default(true),
  /** The most runs traced at once; beyond it the oldest run's spans are ended and dropped (default 10,000). */
  maxOpenRuns: z.number().int().positive().default(10_000),
});

/**
 * The options of `tracingModule`, as passed.
 * @category Observability
 */
export type TracingOptionsInput = z.input<typeof TracingOptionsSchema>;

/**
 * The options of `tracingModule`, parsed.
 * @category Observability
 */
export type TracingOptions = z.output<typeof TracingOptionsSchema>;
