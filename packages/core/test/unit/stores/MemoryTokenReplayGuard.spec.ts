import { expect } from 'chai';
import { MemoryTokenReplayGuard } from '../../../src/stores/MemoryTokenReplayGuard.js';
import { TOKEN_REPLAY_MARGIN_MS } from '../../../src/stores/TokenReplayGuard.js';
import { describeTokenReplayGuardConformance } from '../../../src/testing/conformance/describeTokenReplayGuardConformance.js';

describeTokenReplayGuardConformance('MemoryTokenReplayGuard', (clock) => new MemoryTokenReplayGuard({ clock }));

describe(MemoryTokenReplayGuard.name, () => {
  describe('constructor', () => {
    it('should refuse a clock that is not a function', () => {
      expect(() => new MemoryTokenReplayGuard({ clock: 5 as unknown as () => number }))
        .to.throw()
        .with.property('code', 'CONFIG_INVALID');
    });
  });

  describe('.claim()', () => {
    it('should refuse with CONFIG_INVALID when the clock returns something that is not a time', async () => {
      const guard = new MemoryTokenReplayGuard({ clock: () => Number.NaN });
      await expect(guard.claim('jti-1', 1_000)).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
    });

    it('should not remember an id whose retention has already ended', async () => {
      const now = 10 * TOKEN_REPLAY_MARGIN_MS;
      const guard = new MemoryTokenReplayGuard({ clock: () => now });
      expect(await guard.claim('old', now - TOKEN_REPLAY_MARGIN_MS)).to.equal(true);
      expect(guard.purgeExpired()).to.equal(0);
    });
  });

  describe('.purgeExpired()', () => {
    it('should drop the ids past their retention only', async () => {
      let now = 0;
      const guard = new MemoryTokenReplayGuard({ clock: () => now });
      await guard.claim('short', 1_000);
      await guard.claim('long', 5_000);
      now = 1_000 + TOKEN_REPLAY_MARGIN_MS;
      expect(guard.purgeExpired()).to.equal(1);
      expect(await guard.claim('long', 5_000)).to.equal(false);
    });
  });
});
