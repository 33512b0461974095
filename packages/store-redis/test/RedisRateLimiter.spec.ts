import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { RedisRateLimiter } from '../src/RedisRateLimiter.js';
import { keysUnder, useScratchRedis } from './helpers/redisTestStores.js';

const T0 = 1_700_000_000_000;

describe(RedisRateLimiter.name, () => {
  const rule = { limit: 10, windowMs: 1_000 };
  const scratch = useScratchRedis();
  let client: Redis;
  let prefix: string;
  let now: number;
  let limiter: RedisRateLimiter;

  beforeEach(() => {
    ({ client, prefix } = scratch);
    now = T0;
    limiter = new RedisRateLimiter({ client, prefix, clock: () => now });
  });

  describe('.consume()', () => {
    it('should refill the bucket gradually, limit units per windowMs', async () => {
      for (let i = 0; i < rule.limit; i++) await limiter.consume('acme:chat', rule);
      now = T0 + 100;
      expect(await limiter.consume('acme:chat', rule)).to.deep.equal({ allowed: true, remaining: 0, retryAfterMs: 0, resetAt: T0 + 1_100 });
      expect(await limiter.consume('acme:chat', rule)).to.deep.equal({ allowed: false, remaining: 0, retryAfterMs: 100, resetAt: T0 + 1_100 });
      now = T0 + 350;
      expect(await limiter.consume('acme:chat', { ...rule, cost: 2 })).to.deep.include({ allowed: true, remaining: 0 });
    });

    it('should report resetAt as when the bucket is full again, and expire the key then', async () => {
      await limiter.consume('acme:chat', { ...rule, cost: 3 });
      const decision = await limiter.consume('acme:chat', rule);
      expect(decision).to.deep.equal({ allowed: true, remaining: 6, retryAfterMs: 0, resetAt: T0 + 400 });
      expect(await client.pttl(`${prefix}rate:acme:chat`)).to.be.within(1, 400);
    });

    it('should write nothing for a check of cost 0 or a refused call', async () => {
      await limiter.consume('acme:peek', { ...rule, cost: 0 });
      expect(await keysUnder(client, prefix)).to.deep.equal([]);
    });

    it('should give no more than a full bucket after a long pause', async () => {
      await limiter.consume('acme:chat', rule);
      now = T0 + 3_600_000;
      expect((await limiter.consume('acme:chat', rule)).remaining).to.equal(rule.limit - 1);
    });
  });
});
