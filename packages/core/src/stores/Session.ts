import { z } from 'zod';
import { NewSessionSchema } from './NewSession.js';

/**
 * A session as a {@link SessionStore} keeps it: correlation ids and times, never prompt or
 * response text (R-SESS-3).
 * @category Stores
 */
export const SessionSchema = NewSessionSchema.extend({
  /** The session's id, made by the store. */
  id: z.string().min(1),
  /** When it was created (epoch ms). */
  createdAt: z.number(),
  /** When it was last created or touched (epoch ms). */
  lastActiveAt: z.number(),
  /** The idle timeout it was created with (ms). */
  ttlMs: z.number().int().min(1),
  /** When it expires unless touched (epoch ms); never after `absoluteExpiresAt`. */
  expiresAt: z.number(),
  /** When it expires however active it is (epoch ms). */
  absoluteExpiresAt: z.number(),
});

/**
 * A session; see {@link SessionSchema}.
 * @category Stores
 */
export type Session = z.infer<typeof SessionSchema>;
