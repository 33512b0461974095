import { expect } from 'chai';
import { MemoryPendingActionStore } from '../../../src/stores/MemoryPendingActionStore.js';
import { describePendingActionStoreConformance } from '../../../src/testing/conformance/describePendingActionStoreConformance.js';

describePendingActionStoreConformance('MemoryPendingActionStore', () => new MemoryPendingActionStore());

describe(MemoryPendingActionStore.name, () => {
  const anAction = {
    idempotencyKey: 'k1',
    tenantId: 't1',
    runId: 'r1',
    callId: 'c1',
    action: 'refundOrder',
    userId: 'u1',
    kind: 'approval',
    argsJson: '{}',
    reason: 'needs a manager',
    createdAt: 1_000,
    expiresAt: 2_000,
  } as const;

  describe('.transition()', () => {
    it('should name the refused edge and the allowed ones in the message', async () => {
      const store = new MemoryPendingActionStore();
      const { id } = await store.create(anAction);
      const error = await store.transition(id, 'awaiting', 'done').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.have.property('code', 'STORE_CONFLICT');
      expect(error).to.have.property('name', 'StoreError');
      expect(error).to.have.nested.property('details.edgeAllowed', false);
      expect(error).to.have.nested.property('details.actual', 'awaiting');
    });

    it('should accept a repeated write-once value that does not change it', async () => {
      const store = new MemoryPendingActionStore();
      const { id } = await store.create(anAction);
      await store.transition(id, 'awaiting', 'approved', { decidedBy: 'm1' });
      const executing = await store.transition(id, 'approved', 'executing', { decidedBy: 'm1', executedAt: 1_500 });
      expect(executing.decidedBy).to.equal('m1');
      expect(executing.executedAt).to.equal(1_500);
    });
  });

  describe('.expireDue()', () => {
    it('should return the expired ids oldest first', async () => {
      const store = new MemoryPendingActionStore();
      const late = await store.create({ ...anAction, idempotencyKey: 'late', createdAt: 1_100 });
      const early = await store.create({ ...anAction, idempotencyKey: 'early', createdAt: 1_000 });
      expect(await store.expireDue(5_000)).to.deep.equal([early.id, late.id]);
    });
  });
});
