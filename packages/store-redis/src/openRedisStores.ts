import { ConfigurationError } from '@agent-studio/core';
import { Redis } from 'ioredis';
import { checkPrefix, isRedisClient } from './checkRedisStoreOptions.js';
import type { OpenRedisStoresOptions } from './OpenRedisStoresOptions.js';
import { RedisConcurrencyLimiter } from './RedisConcurrencyLimiter.js';
import { RedisRateLimiter } from './RedisRateLimiter.js';
import { RedisSessionStore } from './RedisSessionStore.js';
import type { RedisStoreOptions } from './RedisStoreOptions.js';
import type { RedisStores } from './RedisStores.js';
import { RedisTokenReplayGuard } from './RedisTokenReplayGuard.js';
import { toStoreError } from './toStoreError.js';

const REDIS_URL = /^rediss?:\/\//i;
const KNOWN_OPTIONS = new Set(['url', 'client', 'prefix', 'clock']);
/** How long a created client waits for a connection (ms). */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long `close()` waits for the connection to end after `QUIT` (ms). */
const QUIT_WAIT_MS = 1_000;

/**
 * Opens the shared stores over one Redis client: sessions, rate limits, the token replay guard
 * and concurrency leases, all under one key prefix.
 *
 * @remarks
 * Given a `url`, it creates an ioredis client that fails fast (one retry per command, a 5 s
 * connection timeout) so a Redis outage surfaces as `STORE_UNAVAILABLE` instead of hanging
 * requests; `close()` quits that client. Given a `client`, it uses it as configured and leaves it
 * open on `close()`. Either way it checks the connection with a `PING` before returning. The stores
 * define their Lua scripts on the client (ioredis `defineCommand`). Nothing is logged.
 * @param options - exactly one of `url` and `client`, plus the key prefix and the clock
 * @returns the stores, the client and a `close()`
 * @throws `ConfigurationError` `CONFIG_INVALID` when the options are not valid
 * @throws `StoreError` `STORE_UNAVAILABLE` when Redis cannot be reached
 * @example
 * ```ts
 * const stores = await openRedisStores({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * try {
 *   const decision = await stores.rateLimiter.consume('acme:chat', { limit: 60, windowMs: 60_000 });
 * } finally {
 *   await stores.close();
 * }
 * ```
 * @category Redis stores
 */
export async function openRedisStores(options: OpenRedisStoresOptions): Promise<RedisStores> {
  checkOptions(options);
  const owned = options.client === undefined;
  const client = options.client ?? createClient(options.url ?? '');
  try {
    if (owned) await client.connect();
    await client.ping();
  } catch (error) {
    if (owned) client.disconnect();
    throw toStoreError(error, 'connect to Redis');
  }
  const storeOptions: RedisStoreOptions = {
    client,
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  let closed: Promise<void> | undefined;
  return {
    sessions: new RedisSessionStore(storeOptions),
    rateLimiter: new RedisRateLimiter(storeOptions),
    replayGuard: new RedisTokenReplayGuard(storeOptions),
    concurrency: new RedisConcurrencyLimiter(storeOptions),
    client,
    close: () => {
      closed ??= owned ? quit(client) : Promise.resolve();
      return closed;
    },
  };
}

function checkOptions(options: OpenRedisStoresOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('Pass an options object with either url or client.', []);
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length > 0) throw invalid(`Unknown option(s) ${unknown.join(', ')}.`, unknown);
  const { url, client, prefix, clock } = options;
  if ((url === undefined) === (client === undefined)) throw invalid('Pass exactly one of url and client.', ['url', 'client']);
  if (url !== undefined && (typeof url !== 'string' || !REDIS_URL.test(url))) {
    throw invalid('url must be a Redis URL starting with redis:// or rediss://.', ['url']);
  }
  if (client !== undefined && !isRedisClient(client)) throw invalid('client must be an ioredis client (new Redis(url)).', ['client']);
  if (prefix !== undefined) checkPrefix(prefix, 'openRedisStores');
  if (clock !== undefined && typeof clock !== 'function') throw invalid('clock must be a function returning epoch milliseconds.', ['clock']);
}

function createClient(url: string): Redis {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: CONNECT_TIMEOUT_MS, enableAutoPipelining: true });
  // Without a listener, ioredis reports connection errors on the console; failed commands reject
  // with a typed STORE_UNAVAILABLE instead.
  client.on('error', () => undefined);
  return client;
}

/** Quits a client and waits (at most a second) for its connection to end. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    client.once('end', resolve);
    timer = setTimeout(resolve, QUIT_WAIT_MS);
    timer.unref();
  });
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
  await ended;
  clearTimeout(timer);
}

function invalid(message: string, fields: readonly string[]): ConfigurationError {
  return new ConfigurationError('CONFIG_INVALID', `The Redis store options are not valid: ${message}`, { details: { fields } });
}
