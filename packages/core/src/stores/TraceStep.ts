import { z } from 'zod';
import { isJsonValue } from './isJsonValue.js';

/**
 * One step of a run's trace, as a {@link TraceStore} keeps it.
 * @category Stores
 */
export const TraceStepSchema = z.strictObject({
  /** The run. */
  runId: z.string().min(1),
  /** The run's tenant; a run keeps one tenant. */
  tenantId: z.string().min(1),
  /** The step's number in its run, assigned by the store: 1, 2, 3… */
  seq: z.number().int().min(1),
  /** When it happened (epoch ms). */
  at: z.number().int().min(0),
  /** What happened, e.g. `'model:called'` or `'hook:decision'`. */
  kind: z.string().min(1),
  /** Plain JSON facts about the step. */
  data: z.record(z.string(), z.unknown()).refine(isJsonValue, { message: 'Expected a plain JSON object' }),
});

/**
 * One step of a run's trace; see {@link TraceStepSchema}.
 * @category Stores
 */
export type TraceStep = z.infer<typeof TraceStepSchema>;
