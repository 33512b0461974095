import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { RedisSessionStore } from '../src/RedisSessionStore.js';
import { keysUnder, useScratchRedis } from './helpers/redisTestStores.js';

const T0 = 1_700_000_000_000;
const input = { tenantId: 'acme', userId: 'u-1', agent: 'support', surface: 'chat' };

describe(RedisSessionStore.name, () => {
  const scratch = useScratchRedis();
  let client: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ client, prefix } = scratch);
  });

  describe('.create()', () => {
    it('should keep one JSON key per session under <prefix>session:<id>', async () => {
      const store = new RedisSessionStore({ client, prefix });
      const session = await store.create(input, { ttlMs: 60_000, maxLifetimeMs: 120_000 });
      expect(await keysUnder(client, prefix)).to.deep.equal([`${prefix}session:${session.id}`]);
      expect(JSON.parse((await client.get(`${prefix}session:${session.id}`)) ?? 'null')).to.deep.equal(session);
    });

    it('should let Redis drop the key once the TTL has passed, with no cleanup job (real clock)', async () => {
      const store = new RedisSessionStore({ client, prefix });
      const session = await store.create(input, { ttlMs: 300, maxLifetimeMs: 300 });
      const key = `${prefix}session:${session.id}`;
      const ttl = await client.pttl(key);
      expect(ttl).to.be.within(1, 300);
      await sleep(450);
      expect(await client.exists(key)).to.equal(0);
      expect(await store.get(session.id)).to.equal(undefined);
    });
  });

  describe('.touch()', () => {
    it("should move the key's Redis TTL along with the session (real clock)", async () => {
      const store = new RedisSessionStore({ client, prefix });
      const session = await store.create(input, { ttlMs: 300, maxLifetimeMs: 5_000 });
      const key = `${prefix}session:${session.id}`;
      await sleep(200);
      expect(await store.touch(session.id)).to.not.equal(undefined);
      await sleep(200);
      expect(await client.exists(key)).to.equal(1);
      expect(await store.get(session.id)).to.not.equal(undefined);
      await sleep(400);
      expect(await client.exists(key)).to.equal(0);
    });

    it("should cap the key's Redis TTL at the absolute lifetime", async () => {
      let now = T0;
      const store = new RedisSessionStore({ client, prefix, clock: () => now });
      const session = await store.create(input, { ttlMs: 1_000, maxLifetimeMs: 1_500 });
      now = T0 + 900;
      const touched = await store.touch(session.id);
      expect(touched?.expiresAt).to.equal(T0 + 1_500);
      expect(await client.pttl(`${prefix}session:${session.id}`)).to.be.within(1, 600);
    });

    it('should keep fractional clock readings exact through the Lua script', async () => {
      let now = T0 + 0.123;
      const store = new RedisSessionStore({ client, prefix, clock: () => now });
      const session = await store.create(input, { ttlMs: 1_000, maxLifetimeMs: 5_000 });
      now = T0 + 600.7;
      const touched = await store.touch(session.id, { turnId: 'turn-ü"2' });
      expect(touched).to.deep.include({ createdAt: T0 + 0.123, lastActiveAt: T0 + 600.7, expiresAt: T0 + 1_600.7, turnId: 'turn-ü"2' });
      expect(await store.get(session.id)).to.deep.equal(touched);
    });

    it('should leave another instance no way to lose an update: concurrent touches all land', async () => {
      let now = T0;
      const store = new RedisSessionStore({ client, prefix, clock: () => now });
      const session = await store.create(input, { ttlMs: 1_000, maxLifetimeMs: 5_000 });
      now = T0 + 100;
      await Promise.all([store.touch(session.id, { turnId: 'turn-2' }), store.touch(session.id, { requestId: 'req-2' })]);
      expect(await store.get(session.id)).to.deep.include({ turnId: 'turn-2', requestId: 'req-2', expiresAt: T0 + 1_100 });
    });
  });

  describe('records written by something else', () => {
    it('should refuse them with STORE_UNAVAILABLE, without quoting them', async () => {
      const store = new RedisSessionStore({ client, prefix });
      await client.set(`${prefix}session:forged`, '{"prompt":"secret text"}');
      for (const call of [() => store.get('forged'), () => store.touch('forged')]) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.have.property('code', 'STORE_UNAVAILABLE');
        expect(String((error as Error).message)).to.not.include('secret');
      }
    });
  });
});
