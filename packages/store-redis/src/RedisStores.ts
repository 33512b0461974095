import type { Redis } from 'ioredis';
import type { RedisConcurrencyLimiter } from './RedisConcurrencyLimiter.js';
import type { RedisRateLimiter } from './RedisRateLimiter.js';
import type { RedisSessionStore } from './RedisSessionStore.js';
import type { RedisTokenReplayGuard } from './RedisTokenReplayGuard.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A shared store's backend failed (unreachable, timed out, refused the command…); `retryable` says whether trying again may help. */
    STORE_UNAVAILABLE: true;
  }
}

/**
 * The shared stores {@link openRedisStores} opens over one Redis client.
 * @category Redis stores
 */
export interface RedisStores {
  /** Sessions with a sliding TTL, capped by an absolute lifetime. */
  readonly sessions: RedisSessionStore;
  /** Token-bucket rate limits per key. */
  readonly rateLimiter: RedisRateLimiter;
  /** Single-use token ids. */
  readonly replayGuard: RedisTokenReplayGuard;
  /** Per-key concurrency leases. */
  readonly concurrency: RedisConcurrencyLimiter;
  /** The client the stores use (the one passed in, or the one created from the URL). */
  readonly client: Redis;
  /**
   * Quits the client when {@link openRedisStores} created it from a URL; leaves a client you
   * passed in open. The stores must not be used afterwards. Closing twice is harmless.
   * @returns when the client has quit
   */
  close(): Promise<void>;
}
