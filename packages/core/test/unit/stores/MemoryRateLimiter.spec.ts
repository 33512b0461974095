import { expect } from 'chai';
import { MemoryRateLimiter } from '../../../src/stores/MemoryRateLimiter.js';
import { describeRateLimiterConformance } from '../../../src/testing/conformance/describeRateLimiterConformance.js';

describeRateLimiterConformance('MemoryRateLimiter', (clock) => new MemoryRateLimiter({ clock }));

describe(MemoryRateLimiter.name, () => {
  const rule = { limit: 3, windowMs: 1_000 };

  describe('.consume()', () => {
    it('should open the fixed window at the first consumption and report its end as resetAt', async () => {
      let now = 500;
      const limiter = new MemoryRateLimiter({ clock: () => now });
      expect((await limiter.consume('k', rule)).resetAt).to.equal(1_500);
      now = 1_400;
      expect(await limiter.consume('k', { ...rule, cost: 2 })).to.deep.equal({ allowed: true, remaining: 0, retryAfterMs: 0, resetAt: 1_500 });
      expect(await limiter.consume('k', rule)).to.deep.equal({ allowed: false, remaining: 0, retryAfterMs: 100, resetAt: 1_500 });
      now = 1_500;
      expect(await limiter.consume('k', rule)).to.deep.equal({ allowed: true, remaining: 2, retryAfterMs: 0, resetAt: 2_500 });
    });

    it('should not open a window for a check of cost 0', async () => {
      let now = 0;
      const limiter = new MemoryRateLimiter({ clock: () => now });
      await limiter.consume('k', { ...rule, cost: 0 });
      now = 900;
      expect((await limiter.consume('k', rule)).resetAt).to.equal(1_900);
    });

    it('should refuse with CONFIG_INVALID when the clock returns something that is not a time', async () => {
      const limiter = new MemoryRateLimiter({ clock: () => Number.POSITIVE_INFINITY });
      await expect(limiter.consume('k', rule)).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
    });
  });

  describe('.purgeExpired()', () => {
    it('should drop finished windows only', async () => {
      let now = 0;
      const limiter = new MemoryRateLimiter({ clock: () => now });
      await limiter.consume('old', rule);
      now = 600;
      await limiter.consume('new', rule);
      now = 1_000;
      expect(limiter.purgeExpired()).to.equal(1);
      expect((await limiter.consume('new', rule)).remaining).to.equal(1);
    });
  });
});
