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

  describe('.append() copying (hand-read steps)', () => {
    const step = (data: unknown) => ({ runId: 'r', tenantId: 't', at: 1, kind: 'k', data }) as never;

    it('should keep a "__proto__" key of JSON data as data, not as a prototype', async () => {
      const store = new MemoryTraceStore();
      const data = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
      const returned = await store.append(step(data));
      const [stored] = await store.list('r');
      for (const d of [returned.data, stored?.data]) {
        expect(Object.getPrototypeOf(d)).to.equal(Object.prototype);
        expect(Object.hasOwn(d as object, '__proto__')).to.equal(true);
        expect((d as { polluted?: unknown }).polluted).to.equal(undefined);
      }
    });

    it('should refuse cyclic, too deep and non-plain data, and accept objects without a prototype', async () => {
      const store = new MemoryTraceStore();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 300; i++) deep = { d: deep };
      class Thing {
        x = 1;
      }
      for (const data of [cyclic, deep, { t: new Thing() }, { n: Number.POSITIVE_INFINITY }, { a: Object.assign(new Array(3), { 0: 1, 2: 3 }) }, { m: new Map() }]) {
        let code: string | undefined;
        try {
          await store.append(step(data));
        } catch (e) {
          code = (e as { code?: string }).code;
        }
        expect(code).to.equal('CONFIG_INVALID');
      }
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: { b: [1, 'x', null, true] } });
      const returned = await store.append(step(bare));
      expect(returned).to.deep.equal({ runId: 'r', tenantId: 't', at: 1, kind: 'k', data: { a: { b: [1, 'x', null, true] } }, seq: 1 });
    });

    it('should store and return separate copies', async () => {
      const store = new MemoryTraceStore();
      const data = { nested: { list: [1, 2] } };
      const returned = await store.append(step(data));
      data.nested.list.push(3);
      (returned.data.nested as { list: number[] }).list.push(4);
      const [stored] = await store.list('r');
      expect(stored?.data).to.deep.equal({ nested: { list: [1, 2] } });
    });

    it('should refuse a step whose getter throws, as the schema does', async () => {
      const store = new MemoryTraceStore();
      const hostile = { runId: 'r', tenantId: 't', at: 1, kind: 'k', get data(): never { throw new Error('no'); } };
      let code: string | undefined;
      try {
        await store.append(hostile as never);
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(code).to.equal('CONFIG_INVALID');
    });
  });
});
