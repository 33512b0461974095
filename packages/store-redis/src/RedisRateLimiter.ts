import { parseStoreInput, type RateLimitDecision, type RateLimiter, type RateLimitRule, RateLimitRuleSchema } from '@agent-studio/core';
import { z } from 'zod';
import { checkRedisStoreOptions } from './checkRedisStoreOptions.js';
import { defineRedisScript, type RedisScript } from './defineRedisScript.js';
import { readIntegerReply } from './readIntegerReply.js';
import type { RedisStoreOptions } from './RedisStoreOptions.js';
import { readStoreClock } from './readStoreClock.js';
import { toStoreError } from './toStoreError.js';

const KeySchema = z.string().min(1);

/**
 * A token bucket, atomically. KEYS[1] is the bucket (a hash: level, ts); ARGV is now, limit,
 * windowMs and cost. Levels are kept in units × windowMs, so that refilling `limit` per ms stays in
 * whole numbers and the arithmetic is exact. A refused call (or a check of cost 0) writes nothing.
 * Returns {allowed, remaining, retryAfterMs, msUntilFull}.
 */
const CONSUME_LUA = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local full = limit * window
local need = cost * window
local level = full
local since = now
local state = redis.call('HMGET', KEYS[1], 'level', 'ts')
local storedLevel = tonumber(state[1])
local storedAt = tonumber(state[2])
if storedLevel and storedAt then
  local elapsed = now - storedAt
  if elapsed < 0 then elapsed = 0 end
  level = math.min(full, storedLevel + elapsed * limit)
  since = math.max(now, storedAt)
end
if level < need then
  return {0, math.floor(level / window), math.ceil((need - level) / limit), math.ceil((full - level) / limit)}
end
if need > 0 then
  level = level - need
  redis.call('HSET', KEYS[1], 'level', string.format('%.17g', level), 'ts', string.format('%.17g', since))
  redis.call('PEXPIRE', KEYS[1], math.ceil((full - level) / limit))
end
return {1, math.floor(level / window), 0, math.ceil((full - level) / limit)}
`;

/**
 * A `RateLimiter` on Redis, shared by every instance (R-RATE-1/2): a token bucket per key,
 * `<prefix>rate:<key>`, in one atomic Lua script.
 *
 * @remarks
 * - **Token bucket.** The bucket holds `limit` units and refills at `limit / windowMs` per ms; a
 *   call takes `cost` units if they are there, and a refused call takes nothing. `retryAfterMs`
 *   is the time until enough units are back, and `resetAt` the time the bucket is full again.
 *   Unlike the fixed window of core's `MemoryRateLimiter`, it never allows twice `limit` across a
 *   window boundary.
 * - **Exact and shared.** The whole read-refill-take-write runs in one script, so concurrent calls
 *   from any number of instances never overspend. The key's Redis TTL is the time until the bucket
 *   is full, so idle keys vanish by themselves.
 * - **Time** comes from the injected clock (passed to the script), so every instance needs a
 *   synchronized clock. Counting is exact while `limit × windowMs` stays below 2^53.
 * - Redis failures throw `StoreError` `STORE_UNAVAILABLE`; refuse the call (fail closed) or let it
 *   through, as your policy says.
 *
 * @example
 * ```ts
 * const limiter = new RedisRateLimiter({ client });
 * const decision = await limiter.consume(`${tenantId}:chat`, { limit: 60, windowMs: 60_000 });
 * if (!decision.allowed) reply(429, { 'Retry-After': Math.ceil(decision.retryAfterMs / 1000) });
 * ```
 * @category Redis stores
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #prefix: string;
  readonly #clock: () => number;
  readonly #consume: RedisScript;

  /**
   * @param options - the client, the key prefix and the clock
   * @throws `ConfigurationError` `CONFIG_INVALID` when an option is missing or of the wrong kind
   */
  constructor(options: RedisStoreOptions) {
    const { client, prefix, clock } = checkRedisStoreOptions(options, RedisRateLimiter.name);
    this.#prefix = `${prefix}rate:`;
    this.#clock = clock;
    this.#consume = defineRedisScript(client, 'RateConsume', CONSUME_LUA, 1);
  }

  /**
   * Consumes `cost` units of a key's budget if they are available.
   * @param key - the budget's key (tenant plus resource)
   * @param rule - the limit, the window and the cost (default 1)
   * @returns whether the call is allowed, what is left, and when to retry
   * @throws `ConfigurationError` `CONFIG_INVALID` when the key is empty or the rule is not valid
   *   (including a cost above the limit)
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const name = parseStoreInput(KeySchema, key, 'rate-limit key');
    const { limit, windowMs, cost = 1 } = parseStoreInput(RateLimitRuleSchema, rule, 'rate-limit rule');
    const now = readStoreClock(this.#clock);
    let reply: unknown;
    try {
      reply = await this.#consume([this.#prefix + name], [now, limit, windowMs, cost]);
    } catch (error) {
      throw toStoreError(error, 'consume a rate limit');
    }
    const [allowed, remaining, retryAfterMs, msUntilFull] = readIntegerReply(reply, 4);
    return { allowed: allowed === 1, remaining, retryAfterMs, resetAt: now + msUntilFull };
  }
}
