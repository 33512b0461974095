import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedisStores } from '../../src/openRedisStores.js';
import type { RedisStores } from '../../src/RedisStores.js';

/** The Redis server the tests use. */
export const REDIS_URL = process.env.AGENT_STUDIO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A fresh key prefix `as_test_<hex>:`, so that runs never see each other's keys.
 * @returns the prefix
 */
export function randomPrefix(): string {
  return `as_test_${randomBytes(6).toString('hex')}:`;
}

/**
 * Lists the keys under a prefix (SCAN, never KEYS).
 * @param client - a connected client
 * @param prefix - the prefix (hex and `_` only, so it needs no glob escaping)
 * @returns the keys
 */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/**
 * Deletes every key under a prefix (SCAN + DEL).
 * @param client - a connected client
 * @param prefix - the prefix
 * @returns how many keys were deleted
 */
export async function deleteKeysUnder(client: Redis, prefix: string): Promise<number> {
  const keys = await keysUnder(client, prefix);
  return keys.length === 0 ? 0 : client.del(...keys);
}

/**
 * A new client on the test server, for tests that manage clients themselves.
 * @returns the client (connecting)
 */
export function newClient(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/**
 * Opens fresh stores (own client, own random prefix) for each test and disposes of them after:
 * pass `open` as the conformance factory and `close` as its cleanup.
 * @returns the factory and the cleanup
 */
export function perTestStores(): { open: (clock?: () => number) => Promise<RedisStores>; close: () => Promise<void> } {
  let current: { stores: RedisStores; prefix: string } | undefined;
  return {
    open: async (clock) => {
      const prefix = randomPrefix();
      const stores = await openRedisStores({ url: REDIS_URL, prefix, ...(clock === undefined ? {} : { clock }) });
      current = { stores, prefix };
      return stores;
    },
    close: async () => {
      const open = current;
      current = undefined;
      if (open === undefined) return;
      try {
        await deleteKeysUnder(open.stores.client, open.prefix);
      } finally {
        await open.stores.close();
      }
    },
  };
}

/** A client and a fresh key prefix for each test, set up and cleaned by mocha hooks. */
export interface ScratchRedis {
  /** The client of the current test. */
  client: Redis;
  /** The key prefix of the current test. */
  prefix: string;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give each test its own client and prefix, and
 * delete the prefix's keys afterwards. Call it inside a `describe`.
 * @returns the scratch space, filled before each test
 */
export function useScratchRedis(): ScratchRedis {
  const scratch = {} as ScratchRedis;
  beforeEach(() => {
    scratch.client = newClient();
    scratch.prefix = randomPrefix();
  });
  afterEach(async () => {
    await deleteKeysUnder(scratch.client, scratch.prefix);
    if (scratch.client.status !== 'end') await scratch.client.quit();
  });
  return scratch;
}
