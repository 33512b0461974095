import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { openRedisStores } from '../src/openRedisStores.js';
import type { OpenRedisStoresOptions } from '../src/OpenRedisStoresOptions.js';
import { RedisConcurrencyLimiter } from '../src/RedisConcurrencyLimiter.js';
import { RedisRateLimiter } from '../src/RedisRateLimiter.js';
import { RedisSessionStore } from '../src/RedisSessionStore.js';
import type { RedisStoreOptions } from '../src/RedisStoreOptions.js';
import { RedisTokenReplayGuard } from '../src/RedisTokenReplayGuard.js';
import { REDIS_URL, useScratchRedis } from './helpers/redisTestStores.js';

/**
 * Awaits a call that must fail, and returns its error.
 * @param call - the call
 * @returns the error
 */
async function failureOf(call: () => Promise<unknown>): Promise<AgentStudioError> {
  try {
    await call();
  } catch (error) {
    expect(AgentStudioError.is(error), String(error)).to.equal(true);
    return error as AgentStudioError;
  }
  throw new Error('expected the call to fail');
}

describe(openRedisStores.name, () => {
  const scratch = useScratchRedis();
  let client: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ client, prefix } = scratch);
  });

  describe('options', () => {
    it('should refuse options that are not valid with CONFIG_INVALID', async () => {
      const bad: Array<[string, unknown]> = [
        ['nothing', undefined],
        ['neither url nor client', {}],
        ['both url and client', { url: REDIS_URL, client }],
        ['an http url', { url: 'http://127.0.0.1:6379' }],
        ['a client that is not ioredis', { client: {} }],
        ['an empty prefix', { url: REDIS_URL, prefix: '' }],
        ['a clock that is not a function', { url: REDIS_URL, clock: 5 }],
        ['an unknown option', { url: REDIS_URL, keyPrefix: 'x' }],
      ];
      for (const [label, options] of bad) {
        const error = await failureOf(() => openRedisStores(options as OpenRedisStoresOptions));
        expect(error.code, label).to.equal('CONFIG_INVALID');
      }
    });

    it("should refuse a store constructor's bad options with CONFIG_INVALID", () => {
      for (const Store of [RedisSessionStore, RedisRateLimiter, RedisTokenReplayGuard, RedisConcurrencyLimiter]) {
        for (const options of [undefined, {}, { client, prefix: 7 }, { client, clock: 'now' }]) {
          expect(() => new Store(options as unknown as RedisStoreOptions), Store.name)
            .to.throw()
            .with.property('code', 'CONFIG_INVALID');
        }
      }
    });

    it("should put keys under 'agent-studio:' by default", async () => {
      const guard = new RedisTokenReplayGuard({ client });
      const id = `as-test-default-prefix-${Date.now()}-${Math.random()}`;
      try {
        await guard.claim(id, Date.now() + 1_000);
        expect(await client.exists(`agent-studio:jti:${id}`)).to.equal(1);
      } finally {
        await client.del(`agent-studio:jti:${id}`);
      }
    });
  });

  describe('connection', () => {
    it('should refuse an unreachable Redis with a retryable STORE_UNAVAILABLE', async () => {
      const error = await failureOf(() => openRedisStores({ url: 'redis://127.0.0.1:1' }));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(error.retryable).to.equal(true);
      expect(error.details).to.deep.include({ operation: 'connect to Redis' });
    });

    it('should quit a client it created on close, and closing twice is harmless', async () => {
      const stores = await openRedisStores({ url: REDIS_URL, prefix });
      await stores.close();
      await stores.close();
      expect(stores.client.status).to.equal('end');
    });

    it('should leave a client it was given open on close', async () => {
      const stores = await openRedisStores({ client, prefix });
      expect(stores.client).to.equal(client);
      await stores.close();
      expect(await client.ping()).to.equal('PONG');
    });

    it('should turn a lost connection into a retryable STORE_UNAVAILABLE', async () => {
      const stores = await openRedisStores({ url: REDIS_URL, prefix });
      stores.client.disconnect();
      const error = await failureOf(() => stores.rateLimiter.consume('acme:chat', { limit: 1, windowMs: 1_000 }));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(error.retryable).to.equal(true);
    });

    it("should turn a Redis error reply into STORE_UNAVAILABLE naming Redis's code, not the key", async () => {
      const stores = await openRedisStores({ client, prefix });
      await client.set(`${prefix}rate:tenant-secret:chat`, 'not a bucket');
      const error = await failureOf(() => stores.rateLimiter.consume('tenant-secret:chat', { limit: 1, windowMs: 1_000 }));
      expect(error.code).to.equal('STORE_UNAVAILABLE');
      expect(error.retryable).to.equal(false);
      expect(error.details).to.deep.equal({ operation: 'consume a rate limit', redisCode: 'WRONGTYPE' });
      expect(error.message).to.not.include('tenant-secret');
    });
  });
});
