import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RunStateStore } from '../../stores/RunStateStore.js';
import { rejectsWithCode } from './rejectsWithCode.js';

/**
 * Declares a mocha suite that checks a {@link RunStateStore} keeps its contract: states round-trip
 * as copies, a run id keeps its tenant, deletes are idempotent, and values that are not plain
 * JSON objects are refused. Call it at the top level of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh store for each test
 * @param cleanup - runs after each test (close connections, drop keys)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeRunStateStoreConformance('RedisRunStateStore', () => new RedisRunStateStore(redis), () => redis.flushdb());
 * ```
 * @category Testing
 */
export function describeRunStateStoreConformance(
  name: string,
  factory: () => Promise<RunStateStore> | RunStateStore,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (RunStateStore conformance)`, () => {
    let store: RunStateStore;
    let runId: string;
    let tenantId: string;

    beforeEach(async () => {
      store = await factory();
      runId = `run-${randomUUID()}`;
      tenantId = `tenant-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const aSignedState = () => ({
      state: { v: 1, runId: 'r', turn: 2, pending: [{ callId: 'c1', action: 'refund' }], flags: { a: true, b: null } },
      signature: { protected: 'eyJhbGciOiJIUzI1NiJ9', signature: 'abc' },
    });

    describe('.save() and .load()', () => {
      it('round-trips a JSON object', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        assert.deepEqual(await store.load(runId), aSignedState());
      });

      it('returns undefined for an unknown run', async () => {
        assert.equal(await store.load(`missing-${randomUUID()}`), undefined);
      });

      it('replaces the state of a run of the same tenant', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        await store.save(runId, { state: { v: 1, turn: 3 }, signature: {} }, { tenantId });
        assert.deepEqual(await store.load(runId), { state: { v: 1, turn: 3 }, signature: {} });
      });

      it('refuses to move a run id to another tenant', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        await rejectsWithCode(() => store.save(runId, { other: true }, { tenantId: `${tenantId}-other` }), 'STORE_CONFLICT', 'save under another tenant');
        assert.deepEqual(await store.load(runId), aSignedState());
      });

      it('keeps its own copy: changing the saved object afterwards changes nothing', async () => {
        const value = aSignedState();
        await store.save(runId, value, { tenantId });
        value.state.turn = 99;
        value.state.pending.push({ callId: 'c2', action: 'delete' });
        assert.deepEqual(await store.load(runId), aSignedState());
      });

      it('returns a copy: changing a loaded value changes nothing', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        const loaded = (await store.load(runId)) as ReturnType<typeof aSignedState>;
        loaded.state.turn = 99;
        loaded.signature.signature = 'forged';
        assert.deepEqual(await store.load(runId), aSignedState());
      });

      it('refuses values that are not plain JSON objects', async () => {
        const cyclic: Record<string, unknown> = { a: 1 };
        cyclic.self = cyclic;
        const bad: Array<[string, unknown]> = [
          ['an array', [1, 2]],
          ['a string', 'state'],
          ['null', null],
          ['undefined', undefined],
          ['a nested function', { f: () => 1 }],
          ['a nested Date', { at: new Date(0) }],
          ['a nested NaN', { n: Number.NaN }],
          ['a nested bigint', { n: 1n }],
          ['a cycle', cyclic],
        ];
        for (const [label, value] of bad) {
          await rejectsWithCode(() => store.save(runId, value, { tenantId }), 'CONFIG_INVALID', `save ${label}`);
        }
        assert.equal(await store.load(runId), undefined);
      });

      it('refuses a missing run id or tenant', async () => {
        await rejectsWithCode(() => store.save('', aSignedState(), { tenantId }), 'CONFIG_INVALID', 'save with an empty run id');
        await rejectsWithCode(() => store.save(runId, aSignedState(), { tenantId: '' }), 'CONFIG_INVALID', 'save with an empty tenant');
        await rejectsWithCode(
          () => store.save(runId, aSignedState(), undefined as unknown as { tenantId: string }),
          'CONFIG_INVALID',
          'save without options',
        );
        await rejectsWithCode(() => store.load(42 as unknown as string), 'CONFIG_INVALID', 'load with a number');
      });
    });

    describe('.delete()', () => {
      it('removes the state, and says whether there was one', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        assert.equal(await store.delete(runId), true);
        assert.equal(await store.load(runId), undefined);
        assert.equal(await store.delete(runId), false);
      });

      it('frees the run id for another save', async () => {
        await store.save(runId, aSignedState(), { tenantId });
        await store.delete(runId);
        await store.save(runId, { fresh: true }, { tenantId });
        assert.deepEqual(await store.load(runId), { fresh: true });
      });
    });
  });
}
