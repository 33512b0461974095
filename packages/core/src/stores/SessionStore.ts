import type { NewSession } from './NewSession.js';
import type { Session } from './Session.js';
import type { SessionActivity } from './SessionActivity.js';
import type { SessionLifetime } from './SessionLifetime.js';

/**
 * Keeps one record per interaction (R-SESS-1/2/3): correlation ids with a sliding TTL capped by an
 * absolute lifetime.
 *
 * @remarks
 * - Expiry is a time check, not a cleanup job: a session whose `expiresAt` has passed is gone for
 *   `get` and `touch`, and can never be resumed; the caller creates a new one.
 * - A session never holds prompt or response text; inputs with unknown keys are refused.
 * - Implementations read time from an injected clock, so tests control it.
 * - Records are copied in and out.
 * @category Stores
 */
export interface SessionStore {
  /**
   * Creates a session.
   * @param input - the correlation ids; no other key is accepted
   * @param lifetime - the idle timeout and the absolute maximum lifetime
   * @returns the new session (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the input has an unknown key (such as
   *   `prompt`) or a bad value, or the lifetime is not valid
   */
  create(input: NewSession, lifetime: SessionLifetime): Promise<Session>;

  /**
   * Reads a live session.
   * @param id - the session's id
   * @returns a copy, or `undefined` when it does not exist or has expired
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  get(id: string): Promise<Session | undefined>;

  /**
   * Records activity: slides `expiresAt` to now plus the TTL, never past `absoluteExpiresAt`, and
   * updates the given correlation ids.
   * @param id - the session's id
   * @param activity - correlation ids to update (execution, turn, request); no other key is accepted
   * @returns the updated session (a copy), or `undefined` when it does not exist or has expired
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id or the activity is not valid
   */
  touch(id: string, activity?: SessionActivity): Promise<Session | undefined>;

  /**
   * Removes a session; removing a missing session is not an error.
   * @param id - the session's id
   * @returns true when a session was removed
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  delete(id: string): Promise<boolean>;
}
