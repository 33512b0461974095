import { z } from 'zod';

/**
 * How long a session lives (R-SESS-2): it expires `ttlMs` after its last activity, and never later
 * than `maxLifetimeMs` after its creation, however active it is.
 * @category Stores
 */
export const SessionLifetimeSchema = z
  .strictObject({
    /** The idle timeout, slid forward by each activity (ms, at least 1). */
    ttlMs: z.number().int().min(1),
    /** The absolute maximum lifetime from creation (ms, at least `ttlMs`). */
    maxLifetimeMs: z.number().int().min(1),
  })
  .refine((value) => value.maxLifetimeMs >= value.ttlMs, { message: 'maxLifetimeMs must be at least ttlMs', path: ['maxLifetimeMs'] });

/**
 * How long a session lives; see {@link SessionLifetimeSchema}.
 * @category Stores
 */
export type SessionLifetime = z.infer<typeof SessionLifetimeSchema>;
