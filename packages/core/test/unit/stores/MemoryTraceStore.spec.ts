import { expect } from 'chai';
import { MemoryTraceStore } from '../../../src/stores/MemoryTraceStore.js';
import { describeTraceStoreConformance } from '../../../src/testing/conformance/describeTraceStoreConformance.js';

describeTraceStoreConformance('MemoryTraceStore', () => new MemoryTraceStore());

describe(MemoryTraceStore.name, () => {
  describe('.listRuns()', () => {
    it('should order runs with the same last activity by run id', async () => {
      const store = new MemoryTraceStore();
      for (const runId of ['r-b', 'r-a', 'r-c']) await store.append({ runId, tenantId: 't', at: 5, kind: 'k', data: {} });
      expect((await store.listRuns({ tenantId: 't', limit: 10 })).map((r) => r.runId)).to.deep.equal(['r-a', 'r-b', 'r-c']);
    });

    it('should track the earliest and latest step even when steps arrive out of time order', async () => {
      const store = new MemoryTraceStore();
      await store.append({ runId: 'r', tenantId: 't', at: 50, kind: 'k', data: {} });
      await store.append({ runId: 'r', tenantId: 't', at: 10, kind: 'k', data: {} });
      await store.append({ runId: 'r', tenantId: 't', at: 30, kind: 'k', data: {} });
      const [run] = await store.listRuns({ tenantId: 't', limit: 1 });
      expect(run).to.deep.equal({ runId: 'r', tenantId: 't', steps: 3, firstAt: 10, lastAt: 50 });
    });
  });
});
