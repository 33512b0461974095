import { expect } from 'chai';
import { openRedisStores } from '../src/openRedisStores.js';
import type { RedisStores } from '../src/RedisStores.js';
import { deleteKeysUnder, REDIS_URL, randomPrefix } from './helpers/redisTestStores.js';

const T0 = 1_700_000_000_000;

describe('openRedisStores: two clients ("instances") on one Redis', () => {
  let prefix: string;
  let now: number;
  let a: RedisStores;
  let b: RedisStores;

  beforeEach(async () => {
    prefix = randomPrefix();
    now = T0;
    a = await openRedisStores({ url: REDIS_URL, prefix, clock: () => now });
    b = await openRedisStores({ url: REDIS_URL, prefix, clock: () => now });
  });

  afterEach(async () => {
    await deleteKeysUnder(a.client, prefix);
    await Promise.all([a.close(), b.close()]);
  });

  it('should use two separate connections', () => {
    expect(a.client).to.not.equal(b.client);
  });

  it('should count a rate limit once across both instances', async () => {
    const rule = { limit: 10, windowMs: 60_000 };
    const calls = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).rateLimiter.consume('acme:chat', rule));
    const decisions = await Promise.all(calls);
    expect(decisions.filter((d) => d.allowed)).to.have.length(10);
    expect((await b.rateLimiter.consume('acme:chat', rule)).allowed).to.equal(false);
    expect((await a.rateLimiter.consume('acme:chat', rule)).allowed).to.equal(false);
  });

  it('should leave tenant B served on both instances when tenant A is exhausted', async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) await a.rateLimiter.consume('tenant-a:chat', rule);
    expect((await b.rateLimiter.consume('tenant-a:chat', rule)).allowed).to.equal(false);
    expect(await a.rateLimiter.consume('tenant-b:chat', rule)).to.deep.include({ allowed: true, remaining: 2 });
    expect(await b.rateLimiter.consume('tenant-b:chat', rule)).to.deep.include({ allowed: true, remaining: 1 });
  });

  it('should hold a concurrency limit across both instances, and free a slot released on the other one', async () => {
    const rule = { limit: 3, leaseMs: 60_000 };
    const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).concurrency.acquire('acme:runs', rule)));
    const held = decisions.filter((d) => d.allowed);
    expect(held).to.have.length(3);
    expect((await b.concurrency.acquire('tenant-b:runs', rule)).allowed).to.equal(true);
    await b.concurrency.release('acme:runs', held[0]?.leaseId ?? '');
    expect(await a.concurrency.acquire('acme:runs', rule)).to.deep.include({ allowed: true, active: 3 });
    expect((await b.concurrency.acquire('acme:runs', rule)).allowed).to.equal(false);
  });

  it('should let exactly one instance spend a token id', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).replayGuard.claim('jti-shared', T0 + 60_000)));
    expect(claims.filter((won) => won)).to.have.length(1);
    expect(await b.replayGuard.claim('jti-shared', T0 + 60_000)).to.equal(false);
  });

  it('should share sessions: created on one, touched on the other, read on the first', async () => {
    const session = await a.sessions.create({ tenantId: 'acme', userId: 'u-1', agent: 'support', surface: 'chat' }, { ttlMs: 1_000, maxLifetimeMs: 5_000 });
    now = T0 + 500;
    await b.sessions.touch(session.id, { turnId: 'turn-2' });
    now = T0 + 1_200;
    expect(await a.sessions.get(session.id)).to.deep.include({ turnId: 'turn-2', expiresAt: T0 + 1_500 });
  });
});
