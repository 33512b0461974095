import { randomUUID } from 'node:crypto';
import { type ConcurrencyDecision, type ConcurrencyLimiter, type ConcurrencyRule, ConcurrencyRuleSchema, parseStoreInput } from '@agent-studio/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { checkRedisStoreOptions } from './checkRedisStoreOptions.js';
import { defineRedisScript, type RedisScript } from './defineRedisScript.js';
import type { RedisStoreOptions } from './RedisStoreOptions.js';
import { readIntegerReply } from './readIntegerReply.js';
import { readStoreClock } from './readStoreClock.js';
import { toStoreError } from './toStoreError.js';

const KeySchema = z.string().min(1);
const LeaseIdSchema = z.string().min(1);

/**
 * Takes a lease, atomically. KEYS[1] is the key's sorted set (member = lease id, score = when the
 * lease expires); ARGV is now, limit, leaseMs and the new lease id. Drops the expired leases, then
 * adds the new one if fewer than `limit` are left, and sets the set's TTL to its last lease's
 * expiry. Returns {allowed, active}.
 */
const ACQUIRE_LUA = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local active = redis.call('ZCARD', KEYS[1])
if active >= limit then return {0, active} end
redis.call('ZADD', KEYS[1], string.format('%.17g', now + tonumber(ARGV[3])), ARGV[4])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(tonumber(last[2]) - now)))
return {1, active + 1}
`;

/**
 * A `ConcurrencyLimiter` on Redis, shared by every instance (R-RATE-1, R-BLAST-1): a sorted set
 * per key, `<prefix>concurrency:<key>`, whose members are the lease ids scored by when each
 * lease expires.
 *
 * @remarks
 * - `acquire` is one Lua script (`ZREMRANGEBYSCORE` of the expired leases, `ZCARD` against the
 *   limit, `ZADD`), so of `limit + n` concurrent acquires on any instances exactly `limit` win.
 * - A lease not released expires `leaseMs` after it was taken, by the injected clock, so an
 *   instance that dies holding slots does not lock its tenant out. The set's Redis TTL follows its
 *   last lease, so idle keys vanish by themselves.
 * - `release` is a `ZREM`: idempotent, and harmless for unknown or expired leases.
 * - Redis failures throw `StoreError` `STORE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const limiter = new RedisConcurrencyLimiter({ client });
 * const slot = await limiter.acquire(`${tenantId}:runs`, { limit: 4, leaseMs: 10 * 60_000 });
 * if (!slot.allowed || slot.leaseId === undefined) return reply(429);
 * try {
 *   await runtime.run(request);
 * } finally {
 *   await limiter.release(`${tenantId}:runs`, slot.leaseId);
 * }
 * ```
 * @category Redis stores
 */
export class RedisConcurrencyLimiter implements ConcurrencyLimiter {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #clock: () => number;
  readonly #acquire: RedisScript;

  /**
   * @param options - the client, the key prefix and the clock
   * @throws `ConfigurationError` `CONFIG_INVALID` when an option is missing or of the wrong kind
   */
  constructor(options: RedisStoreOptions) {
    const { client, prefix, clock } = checkRedisStoreOptions(options, RedisConcurrencyLimiter.name);
    this.#client = client;
    this.#prefix = `${prefix}concurrency:`;
    this.#clock = clock;
    this.#acquire = defineRedisScript(client, 'ConcurrencyAcquire', ACQUIRE_LUA, 1);
  }

  /**
   * Takes a slot of a key if one is free.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit and the lease's lifetime
   * @returns whether a slot was taken, and its lease
   * @throws `ConfigurationError` `CONFIG_INVALID` when the key or the rule is not valid
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async acquire(key: string, rule: ConcurrencyRule): Promise<ConcurrencyDecision> {
    const name = parseStoreInput(KeySchema, key, 'concurrency key');
    const { limit, leaseMs } = parseStoreInput(ConcurrencyRuleSchema, rule, 'concurrency rule');
    const now = readStoreClock(this.#clock);
    const leaseId = randomUUID();
    let reply: unknown;
    try {
      reply = await this.#acquire([this.#prefix + name], [now, limit, leaseMs, leaseId]);
    } catch (error) {
      throw toStoreError(error, 'acquire a concurrency slot');
    }
    const [allowed, active] = readIntegerReply(reply, 2);
    return allowed === 1 ? { allowed: true, leaseId, active } : { allowed: false, active };
  }

  /**
   * Gives a slot back; releasing an unknown or expired lease is not an error.
   * @param key - the key the lease was taken on
   * @param leaseId - the lease
   * @returns when released
   * @throws `ConfigurationError` `CONFIG_INVALID` when the key or the lease id is empty
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async release(key: string, leaseId: string): Promise<void> {
    const name = parseStoreInput(KeySchema, key, 'concurrency key');
    const id = parseStoreInput(LeaseIdSchema, leaseId, 'lease id');
    try {
      await this.#client.zrem(this.#prefix + name, id);
    } catch (error) {
      throw toStoreError(error, 'release a concurrency slot');
    }
  }
}
