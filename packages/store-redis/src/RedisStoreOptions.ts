import type { Redis } from 'ioredis';

/**
 * The key prefix the Redis stores use when none is given.
 * @category Redis stores
 */
export const DEFAULT_REDIS_PREFIX = 'agent-studio:';

/**
 * What each Redis store's constructor takes.
 * @category Redis stores
 */
export interface RedisStoreOptions {
  /**
   * A connected (or lazily connecting) ioredis client. The store defines its Lua script on it
   * (`defineCommand`) and never closes it.
   */
  readonly client: Redis;
  /** Put in front of every key, so several apps can share one Redis; defaults to `'agent-studio:'`. */
  readonly prefix?: string;
  /**
   * Returns the current time in epoch ms; defaults to `Date.now`. Every expiry is computed from it,
   * so every instance sharing the keys needs a synchronized clock.
   */
  readonly clock?: () => number;
}
