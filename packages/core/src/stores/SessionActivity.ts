import type { z } from 'zod';
import { NewSessionSchema } from './NewSession.js';

/**
 * The correlation ids {@link SessionStore.touch} may update along with the activity (the current
 * execution, turn and request). Strict, like {@link NewSessionSchema}: no other key is accepted.
 * @category Stores
 */
export const SessionActivitySchema = NewSessionSchema.pick({ executionId: true, turnId: true, requestId: true });

/**
 * The correlation ids a touch may update; see {@link SessionActivitySchema}.
 * @category Stores
 */
export type SessionActivity = z.infer<typeof SessionActivitySchema>;
