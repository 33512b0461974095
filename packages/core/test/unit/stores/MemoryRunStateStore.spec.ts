import { expect } from 'chai';
import { MemoryRunStateStore } from '../../../src/stores/MemoryRunStateStore.js';
import { describeRunStateStoreConformance } from '../../../src/testing/conformance/describeRunStateStoreConformance.js';

describeRunStateStoreConformance('MemoryRunStateStore', () => new MemoryRunStateStore());

describe(MemoryRunStateStore.name, () => {
  describe('.save()', () => {
    it('should keep instances apart', async () => {
      const a = new MemoryRunStateStore();
      const b = new MemoryRunStateStore();
      await a.save('run-1', { x: 1 }, { tenantId: 't' });
      expect(await b.load('run-1')).to.equal(undefined);
    });

    it('should refuse a value nested too deep with CONFIG_INVALID instead of overflowing the stack', async () => {
      let deep: Record<string, unknown> = {};
      const root = deep;
      for (let i = 0; i < 100_000; i++) {
        const next: Record<string, unknown> = {};
        deep.n = next;
        deep = next;
      }
      await expect(new MemoryRunStateStore().save('run-1', root, { tenantId: 't' })).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
    });
  });
});
