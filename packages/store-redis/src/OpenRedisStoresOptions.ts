import type { Redis } from 'ioredis';

/**
 * What {@link openRedisStores} takes: exactly one of `url` and `client`, plus the key prefix and
 * the clock.
 * @category Redis stores
 */
export interface OpenRedisStoresOptions {
  /**
   * A Redis URL (`redis://` or `rediss://`, with credentials and database if needed), for which a
   * client is created, connected and, on `close()`, quit.
   */
  readonly url?: string;
  /** A client you manage; the stores use it and never close it. */
  readonly client?: Redis;
  /** Put in front of every key, so several apps can share one Redis; defaults to `'agent-studio:'`. */
  readonly prefix?: string;
  /**
   * Returns the current time in epoch ms; defaults to `Date.now`. Every expiry is computed from it,
   * so every instance sharing the keys needs a synchronized clock.
   */
  readonly clock?: () => number;
}
