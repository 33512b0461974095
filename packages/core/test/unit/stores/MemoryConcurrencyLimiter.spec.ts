import { expect } from 'chai';
import { MemoryConcurrencyLimiter } from '../../../src/stores/MemoryConcurrencyLimiter.js';
import { describeConcurrencyLimiterConformance } from '../../../src/testing/conformance/describeConcurrencyLimiterConformance.js';

describeConcurrencyLimiterConformance('MemoryConcurrencyLimiter', (clock) => new MemoryConcurrencyLimiter({ clock }));

describe(MemoryConcurrencyLimiter.name, () => {
  const rule = { limit: 2, leaseMs: 1_000 };

  describe('constructor', () => {
    it('should refuse a clock that is not a function', () => {
      expect(() => new MemoryConcurrencyLimiter({ clock: 'now' as unknown as () => number }))
        .to.throw()
        .with.property('code', 'CONFIG_INVALID');
    });
  });

  describe('.acquire()', () => {
    it('should refuse with CONFIG_INVALID when the clock returns something that is not a time', async () => {
      const limiter = new MemoryConcurrencyLimiter({ clock: () => Number.POSITIVE_INFINITY });
      await expect(limiter.acquire('k', rule)).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
    });
  });

  describe('.purgeExpired()', () => {
    it('should drop the expired leases only', async () => {
      let now = 0;
      const limiter = new MemoryConcurrencyLimiter({ clock: () => now });
      await limiter.acquire('a', rule);
      await limiter.acquire('a', rule);
      now = 500;
      await limiter.acquire('b', rule);
      now = 1_000;
      expect(limiter.purgeExpired()).to.equal(2);
      expect((await limiter.acquire('b', rule)).active).to.equal(2);
    });
  });
});
