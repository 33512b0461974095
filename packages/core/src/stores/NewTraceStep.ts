import type { z } from 'zod';
import { TraceStepSchema } from './TraceStep.js';

/**
 * What {@link TraceStore.append} takes: a trace step without `seq`, which the store assigns.
 * @category Stores
 */
export const NewTraceStepSchema = TraceStepSchema.omit({ seq: true });

/**
 * What {@link TraceStore.append} takes; see {@link NewTraceStepSchema}.
 * @category Stores
 */
export type NewTraceStep = z.infer<typeof NewTraceStepSchema>;
