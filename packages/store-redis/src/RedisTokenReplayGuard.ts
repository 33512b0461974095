import { parseStoreInput, TOKEN_REPLAY_MARGIN_MS, type TokenReplayGuard } from '@agent-studio/core';
import { z } from 'zod';
import { checkRedisStoreOptions } from './checkRedisStoreOptions.js';
import { defineRedisScript, type RedisScript } from './defineRedisScript.js';
import type { RedisStoreOptions } from './RedisStoreOptions.js';
import { readStoreClock } from './readStoreClock.js';
import { toStoreError } from './toStoreError.js';

const TokenIdSchema = z.string().min(1);
const ExpiresAtSchema = z.number();

/**
 * Claims a token id, atomically. KEYS[1] is the id's key, holding the time until which the id is
 * kept; ARGV is now and that time for this claim. A key still holding a later time is a replay (0);
 * otherwise the id is written with a TTL that ends at that time (`SET … PX`) and the claim wins (1).
 * A key holding anything else counts as a replay (fail closed).
 */
const CLAIM_LUA = `
local now = tonumber(ARGV[1])
local keepUntil = tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
if raw then
  local held = tonumber(raw)
  if held == nil or now < held then return 0 end
end
if now < keepUntil then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', math.ceil(keepUntil - now))
elseif raw then
  redis.call('DEL', KEYS[1])
end
return 1
`;

/**
 * A `TokenReplayGuard` on Redis, shared by every instance (R-TOKEN-3): one key per spent id,
 * `<prefix>jti:<id>`, that expires with the token plus `TOKEN_REPLAY_MARGIN_MS`.
 *
 * @remarks
 * - A claim is one Lua script: `SET key <keepUntil> PX <keepUntil − now>` unless the key already
 *   holds a later time. Among any number of concurrent claims of one id, on any instances, exactly
 *   one wins.
 * - The TTL is computed from the injected clock rather than given to Redis as an absolute time
 *   (`PXAT`), and the stored time is compared with that clock, so an instance (or a test) whose
 *   clock differs from Redis's still remembers ids exactly as long as the contract says.
 * - Redis failures throw `StoreError` `STORE_UNAVAILABLE`: refuse the request (fail closed).
 *
 * @example
 * ```ts
 * const guard = new RedisTokenReplayGuard({ client });
 * if (!(await guard.claim(claims.jti, claims.exp * 1000))) throw new Error('token replayed');
 * ```
 * @category Redis stores
 */
export class RedisTokenReplayGuard implements TokenReplayGuard {
  readonly #prefix: string;
  readonly #clock: () => number;
  readonly #claim: RedisScript;

  /**
   * @param options - the client, the key prefix and the clock
   * @throws `ConfigurationError` `CONFIG_INVALID` when an option is missing or of the wrong kind
   */
  constructor(options: RedisStoreOptions) {
    const { client, prefix, clock } = checkRedisStoreOptions(options, RedisTokenReplayGuard.name);
    this.#prefix = `${prefix}jti:`;
    this.#clock = clock;
    this.#claim = defineRedisScript(client, 'TokenClaim', CLAIM_LUA, 1);
  }

  /**
   * Records the use of a token id.
   * @param tokenId - the token's unique id (`jti`)
   * @param expiresAt - when the token expires (epoch ms); the id is kept until then plus
   *   `TOKEN_REPLAY_MARGIN_MS`
   * @returns `true` when this is the first use, `false` when the id was already spent
   * @throws `ConfigurationError` `CONFIG_INVALID` when the id is empty or the time is not a finite
   *   number
   * @throws `StoreError` `STORE_UNAVAILABLE` when Redis fails
   */
  async claim(tokenId: string, expiresAt: number): Promise<boolean> {
    const id = parseStoreInput(TokenIdSchema, tokenId, 'token id');
    const keepUntil = parseStoreInput(ExpiresAtSchema, expiresAt, 'token expiry') + TOKEN_REPLAY_MARGIN_MS;
    const now = readStoreClock(this.#clock);
    let won: unknown;
    try {
      won = await this.#claim([this.#prefix + id], [now, keepUntil]);
    } catch (error) {
      throw toStoreError(error, 'claim a token id');
    }
    return won === 1;
  }
}
