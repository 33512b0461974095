import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type NewSession, NewSessionSchema } from './NewSession.js';
import { parseStoreInput } from './parseStoreInput.js';
import { clockOption, readClock } from './readClock.js';
import type { Session } from './Session.js';
import { type SessionActivity, SessionActivitySchema } from './SessionActivity.js';
import { type SessionLifetime, SessionLifetimeSchema } from './SessionLifetime.js';
import type { SessionStore } from './SessionStore.js';

const IdSchema = z.string().min(1);
/** Every this many creates, expired sessions are dropped from memory. */
const PURGE_EVERY = 256;

/**
 * Options of {@link MemorySessionStore}.
 * @category Stores
 */
export interface MemorySessionStoreOptions {
  /** Returns the current time in epoch ms; defaults to `Date.now`. */
  readonly clock?: () => number;
}

/**
 * A {@link SessionStore} in process memory, for tests and single-instance deployments. Expiry is a
 * time check against the injected clock; no timer runs. Expired sessions are dropped when they
 * are next read, and every few hundred creates (or by {@link MemorySessionStore.purgeExpired}).
 *
 * @example
 * ```ts
 * let now = 0;
 * const sessions = new MemorySessionStore({ clock: () => now });
 * const s = await sessions.create({ tenantId: 'acme', userId: 'u1', agent: 'support', surface: 'chat' },
 *   { ttlMs: 30 * 60_000, maxLifetimeMs: 8 * 3_600_000 });
 * now += 60_000;
 * await sessions.touch(s.id, { turnId: 'turn-2' });
 * ```
 * @category Stores
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #clock: () => number;
  #creates = 0;

  /**
   * @param options - the clock
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `options.clock` is not a function
   */
  constructor(options: MemorySessionStoreOptions = {}) {
    this.#clock = clockOption(options.clock, MemorySessionStore.name);
  }

  /**
   * Creates a session.
   * @param input - the correlation ids; no other key is accepted
   * @param lifetime - the idle timeout and the absolute maximum lifetime
   * @returns the new session (a copy)
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the input has an unknown key (such as
   *   `prompt`) or a bad value, or the lifetime is not valid
   */
  async create(input: NewSession, lifetime: SessionLifetime): Promise<Session> {
    const fields = parseStoreInput(NewSessionSchema, input, 'session input');
    const { ttlMs, maxLifetimeMs } = parseStoreInput(SessionLifetimeSchema, lifetime, 'session lifetime');
    const now = readClock(this.#clock);
    if (++this.#creates % PURGE_EVERY === 0) this.#purge(now);
    const absoluteExpiresAt = now + maxLifetimeMs;
    const session: Session = {
      ...fields,
      id: randomUUID(),
      createdAt: now,
      lastActiveAt: now,
      ttlMs,
      expiresAt: Math.min(now + ttlMs, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    this.#sessions.set(session.id, session);
    return structuredClone(session);
  }

  /**
   * Reads a live session.
   * @param id - the session's id
   * @returns a copy, or `undefined` when it does not exist or has expired
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  async get(id: string): Promise<Session | undefined> {
    const session = this.#live(parseStoreInput(IdSchema, id, 'session id'), readClock(this.#clock));
    return session === undefined ? undefined : structuredClone(session);
  }

  /**
   * Records activity: slides `expiresAt` to now plus the TTL, never past `absoluteExpiresAt`, and
   * updates the given correlation ids.
   * @param id - the session's id
   * @param activity - correlation ids to update (execution, turn, request); no other key is accepted
   * @returns the updated session (a copy), or `undefined` when it does not exist or has expired
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id or the activity is not valid
   */
  async touch(id: string, activity: SessionActivity = {}): Promise<Session | undefined> {
    const sessionId = parseStoreInput(IdSchema, id, 'session id');
    const ids = parseStoreInput(SessionActivitySchema, activity, 'session activity');
    const now = readClock(this.#clock);
    const session = this.#live(sessionId, now);
    if (session === undefined) return undefined;
    const updated: Session = { ...session };
    for (const key of ['executionId', 'turnId', 'requestId'] as const) {
      const value = ids[key];
      if (value !== undefined) updated[key] = value;
    }
    Object.assign(updated, {
      lastActiveAt: Math.max(session.lastActiveAt, now),
      expiresAt: Math.max(session.expiresAt, Math.min(now + session.ttlMs, session.absoluteExpiresAt)),
    });
    this.#sessions.set(sessionId, updated);
    return structuredClone(updated);
  }

  /**
   * Removes a session; removing a missing session is not an error.
   * @param id - the session's id
   * @returns true when a session was removed
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is not a non-empty string
   */
  async delete(id: string): Promise<boolean> {
    return this.#sessions.delete(parseStoreInput(IdSchema, id, 'session id'));
  }

  /**
   * Drops every expired session from memory now, rather than waiting for reads to do it.
   * @returns how many sessions were dropped
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the clock returns something that is not
   *   a finite number
   */
  purgeExpired(): number {
    return this.#purge(readClock(this.#clock));
  }

  #live(id: string, now: number): Session | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    if (now >= session.expiresAt) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  #purge(now: number): number {
    let dropped = 0;
    for (const [id, session] of this.#sessions) {
      if (now >= session.expiresAt) {
        this.#sessions.delete(id);
        dropped++;
      }
    }
    return dropped;
  }
}
