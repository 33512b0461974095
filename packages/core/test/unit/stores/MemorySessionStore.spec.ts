import { expect } from 'chai';
import { MemorySessionStore } from '../../../src/stores/MemorySessionStore.js';
import { describeSessionStoreConformance } from '../../../src/testing/conformance/describeSessionStoreConformance.js';

describeSessionStoreConformance('MemorySessionStore', (clock) => new MemorySessionStore({ clock }));

describe(MemorySessionStore.name, () => {
  const input = { tenantId: 't', userId: 'u', agent: 'a', surface: 'chat' };
  const lifetime = { ttlMs: 1_000, maxLifetimeMs: 5_000 };

  describe('constructor', () => {
    it('should refuse a clock that is not a function', () => {
      expect(() => new MemorySessionStore({ clock: 5 as unknown as () => number }))
        .to.throw()
        .with.property('code', 'CONFIG_INVALID');
    });

    it('should use Date.now by default', async () => {
      const before = Date.now();
      const session = await new MemorySessionStore().create(input, lifetime);
      expect(session.createdAt).to.be.within(before, Date.now());
    });
  });

  describe('.create()', () => {
    it('should refuse with CONFIG_INVALID when the clock returns something that is not a time', async () => {
      const store = new MemorySessionStore({ clock: () => Number.NaN });
      await expect(store.create(input, lifetime)).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
    });

    it('should not let an undefined correlation id through as a key', async () => {
      let now = 0;
      const store = new MemorySessionStore({ clock: () => now });
      const session = await store.create({ ...input, turnId: 't1' }, lifetime);
      now = 10;
      const touched = await store.touch(session.id, {});
      expect(touched?.turnId).to.equal('t1');
    });
  });

  describe('.purgeExpired()', () => {
    it('should drop expired sessions and keep live ones', async () => {
      let now = 0;
      const store = new MemorySessionStore({ clock: () => now });
      const short = await store.create(input, { ttlMs: 100, maxLifetimeMs: 100 });
      const long = await store.create(input, lifetime);
      now = 100;
      expect(store.purgeExpired()).to.equal(1);
      expect(await store.delete(short.id)).to.equal(false);
      expect(await store.get(long.id)).to.not.equal(undefined);
    });
  });
});
