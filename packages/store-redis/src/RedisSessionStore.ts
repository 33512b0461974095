import { randomUUID } from 'node:crypto';
import {
  type NewSession,
  NewSessionSchema,
  parseStoreInput,
  type Session,
  type SessionActivity,
  SessionActivitySchema,
  type SessionLifetime,
  SessionLifetimeSchema,
  SessionSchema,
  type SessionStore,
  StoreError,
} from '@agent-studio/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { checkRedisStoreOptions } from './checkRedisStoreOptions.js';
import { defineRedisScript, type RedisScript } from './defineRedisScript.js';
import type { RedisStoreOptions } from './RedisStoreOptions.js';
import { readStoreClock } from './readStoreClock.js';
import { toStoreError } from './toStoreError.js';

const IdSchema = z.string().min(1);

/**
 * Slides a session's expiry atomically. KEYS[1] is the session's key; ARGV is now, then the new
 * execution, turn and request ids ('' for "keep"). Returns the updated JSON, or false when the
 * session is missing or expired by the caller's clock. Numbers are written with %.17g, which
 * round-trips every double (cjson.encode would keep only 14 digits).
 */
const TOUCH_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local ok, session = pcall(cjson.decode, raw)
if not ok or type(session) ~= 'table' then return redis.error_reply('AGENT_STUDIO_SESSION_UNREADABLE') end
for _, name in ipairs({'createdAt', 'lastActiveAt', 'ttlMs', 'expiresAt', 'absoluteExpiresAt'}) do
  if type(session[name]) ~= 'number' then return redis.error_reply('AGENT_STUDIO_SESSION_UNREADABLE') end
end
local now = tonumber(ARGV[1])
if now >= session.expiresAt then return false end
if ARGV[2] ~= '' then session.executionId = ARGV[2] end
if ARGV[3] ~= '' then session.turnId = ARGV[3] end
if ARGV[4] ~= '' then session.requestId = ARGV[4] end
session.lastActiveAt = math.max(session.lastActiveAt, now)
session.expiresAt = math.max(session.expiresAt, math.min(now + session.ttlMs, session.absoluteExpiresAt))
local parts = {}
for _, name in ipairs({'tenantId', 'userId', 'agent', 'surface', 'executionId', 'turnId', 'requestId', 'id'}) do
  if type(session[name]) == 'string' then parts[#parts + 1] = cjson.encode(name) .. ':' .. cjson.encode(session[name]) end
end
for _, name in ipairs({'createdAt', 'lastActiveAt', 'ttlMs', 'expiresAt', 'absoluteExpiresAt'}) do
  parts[#parts + 1] = cjson.encode(name) .. ':' .. string.format('%.17g', session[name])
end
local encoded = '{' .. table.concat(parts, ',') .. '}'
redis.call('SET', KEYS[1], encoded, 'PX', math.ceil(session.expiresAt - now))
return encoded
`;

/**
 * A `SessionStore` on Redis, shared by every instance (R-SESS-1/2/3): one key per session,
 * `<prefix>session:<id>`, holding the session as JSON.
 *
 * @remarks
 * - **Expiry.** Each write sets the key's Redis TTL to the session's `expiresAt` minus now (by the
 *   injected clock), so an abandoned session vanishes from Redis with no cleanup job (R-SESS-2).
 *   Reads also compare `expiresAt` with the clock, so a session is gone the moment the clock
 *   passes it, whatever Redis's own clock says.
 * - **Atomic touch.** `touch` runs one Lua script that reads the session, slides `expiresAt` to
 *   `min(now + ttlMs, absoluteExpiresAt)`, merges the correlation ids, writes it and resets the
 *   key's TTL, so concurrent touches from several instances never lose an update or revive an
 *   expired session.
 * - Inputs are checked with the core schemas exactly as core's `MemorySessionStore` does: unknown
 *   keys (such as `prompt`) are refused with `CONFIG_INVALID`. Redis failures throw `StoreError`
 *   `STORE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const sessions = new RedisSessionStore({ client: new Redis(process.env.REDIS_URL ?? '') });
 * const s = await sessions.create({ tenantId: 'acme', userId: 'u1', agent: 'support', surface: 'chat' },
 *   { ttlMs: 30 * 60_000, maxLifetimeMs: 8 * 3_600_000 });
 * await sessions.touch(s.id, { turnId: 'turn-2' });
 * ```
 * @category Redis stores
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #clock: () => number;
  readonly #touch: RedisScript;

  /**
   * @param options - the client, the key prefix and the clock
   * @throws `ConfigurationError` `CONFIG_INVALID` when an option is missing or of the wrong kind
   */
  constructor(options: RedisStoreOptions) {
    const { client, prefix, clock } = checkRedisStoreOptions(options, RedisSessionStore.name);
    this.#client = client;
    this.#prefix = `${prefix}session:`;
    this.#clock = clock;
    this.#touch = defineRedisScript(client, 'SessionTouch', TOUCH_LUA, 1);
  }

  /**
   * Creates a session, with a Redis TTL that ends at its `expiresAt`.
   * @param input - the correlation ids; no other key is accepted
   * @param lifetime - the idle timeout and the absolute maximum lifetime
   * @returns the new session (a copy)
   * @throws `ConfigurationError` `CONFIG_INVALID` when the input has an unknown key (such as
   *   `prompt`) or a bad value, or the lifetime is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async create(input: NewSession, lifetime: SessionLifetime): Promise<Session> {
    const fields = parseStoreInput(NewSessionSchema, input, 'session input');
    const { ttlMs, maxLifetimeMs } = parseStoreInput(SessionLifetimeSchema, lifetime, 'session lifetime');
    const now = readStoreClock(this.#clock);
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
    const json = JSON.stringify(session);
    try {
      await this.#client.set(this.#key(session.id), json, 'PX', Math.max(1, Math.ceil(session.expiresAt - now)));
    } catch (error) {
      throw toStoreError(error, 'create a session');
    }
    return decodeSession(json);
  }

  /**
   * Reads a live session.
   * @param id - the session's id
   * @returns a copy, or `undefined` when it does not exist or has expired
   * @throws `ConfigurationError` `CONFIG_INVALID` when the id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails or the record cannot be read
   */
  async get(id: string): Promise<Session | undefined> {
    const sessionId = parseStoreInput(IdSchema, id, 'session id');
    const now = readStoreClock(this.#clock);
    let json: string | null;
    try {
      json = await this.#client.get(this.#key(sessionId));
    } catch (error) {
      throw toStoreError(error, 'read a session');
    }
    if (json === null) return undefined;
    const session = decodeSession(json);
    return now >= session.expiresAt ? undefined : session;
  }

  /**
   * Records activity, atomically: slides `expiresAt` to now plus the TTL, never past
   * `absoluteExpiresAt`, updates the given correlation ids and moves the key's Redis TTL along.
   * @param id - the session's id
   * @param activity - correlation ids to update (execution, turn, request); no other key is accepted
   * @returns the updated session (a copy), or `undefined` when it does not exist or has expired
   * @throws `ConfigurationError` `CONFIG_INVALID` when the id or the activity is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails or the record cannot be read
   */
  async touch(id: string, activity: SessionActivity = {}): Promise<Session | undefined> {
    const sessionId = parseStoreInput(IdSchema, id, 'session id');
    const ids = parseStoreInput(SessionActivitySchema, activity, 'session activity');
    const now = readStoreClock(this.#clock);
    let json: unknown;
    try {
      json = await this.#touch([this.#key(sessionId)], [now, ids.executionId ?? '', ids.turnId ?? '', ids.requestId ?? '']);
    } catch (error) {
      throw toStoreError(error, 'touch a session');
    }
    if (json === null || json === undefined) return undefined;
    return decodeSession(json);
  }

  /**
   * Removes a session; removing a missing session is not an error.
   * @param id - the session's id
   * @returns true when a session was removed
   * @throws `ConfigurationError` `CONFIG_INVALID` when the id is not a non-empty string
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async delete(id: string): Promise<boolean> {
    const sessionId = parseStoreInput(IdSchema, id, 'session id');
    try {
      return (await this.#client.del(this.#key(sessionId))) > 0;
    } catch (error) {
      throw toStoreError(error, 'delete a session');
    }
  }

  #key(id: string): string {
    return this.#prefix + id;
  }
}

/**
 * Parses a stored session, refusing a record that is not one (written by something else).
 * @param json - what Redis returned
 * @returns the session
 * @throws `StoreError` `STORE_UNAVAILABLE` when it is not a session
 */
function decodeSession(json: unknown): Session {
  let value: unknown;
  try {
    value = typeof json === 'string' ? JSON.parse(json) : undefined;
  } catch {
    value = undefined;
  }
  const parsed = SessionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StoreError(
    'STORE_UNAVAILABLE',
    'A session record in Redis is not a valid session. Check that nothing else writes under the session key prefix.',
    { details: { operation: 'read a session' } },
  );
}
