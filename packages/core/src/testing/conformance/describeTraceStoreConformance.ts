import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { NewTraceStep } from '../../stores/NewTraceStep.js';
import type { TraceRunQuery } from '../../stores/TraceRunQuery.js';
import type { TraceStore } from '../../stores/TraceStore.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;

/**
 * Declares a mocha suite that checks a {@link TraceStore} keeps its contract: the store numbers each
 * run's steps 1, 2, 3… even under concurrent appends, lists them in order, keeps a run in one
 * tenant, lists a tenant's runs most recent first, and copies steps in and out. Call it at the top
 * level of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh store for each test
 * @param cleanup - runs after each test (close connections, drop tables)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeTraceStoreConformance('SqlTraceStore', () => new SqlTraceStore(pool), () => truncate(pool));
 * ```
 * @category Testing
 */
export function describeTraceStoreConformance(
  name: string,
  factory: () => Promise<TraceStore> | TraceStore,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (TraceStore conformance)`, () => {
    let store: TraceStore;
    let tenantId: string;
    let runId: string;

    beforeEach(async () => {
      store = await factory();
      tenantId = `tenant-${randomUUID()}`;
      runId = `run-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const aStep = (overrides: Partial<NewTraceStep> = {}): NewTraceStep => ({
      runId,
      tenantId,
      at: T0,
      kind: 'tool:completed',
      data: { callId: 'c1', ok: true, nested: { n: 1, list: [1, 'two', null] } },
      ...overrides,
    });

    describe('.append()', () => {
      it('numbers the steps of each run 1, 2, 3…', async () => {
        const otherRun = `run-${randomUUID()}`;
        assert.equal((await store.append(aStep())).seq, 1);
        assert.equal((await store.append(aStep({ at: T0 + 1 }))).seq, 2);
        assert.equal((await store.append(aStep({ runId: otherRun }))).seq, 1);
        assert.equal((await store.append(aStep({ at: T0 + 2 }))).seq, 3);
      });

      it('returns the stored step with its fields', async () => {
        const step = await store.append(aStep({ kind: 'model:called', data: { model: 'gpt', tokens: 12 } }));
        assert.deepEqual(step, { runId, tenantId, at: T0, kind: 'model:called', data: { model: 'gpt', tokens: 12 }, seq: 1 });
      });

      it('gives 20 concurrent appends the numbers 1 to 20, each once', async () => {
        const steps = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(aStep({ data: { i } }))));
        assert.deepEqual(
          steps.map((s) => s.seq).sort((a, b) => a - b),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        const listed = await store.list(runId);
        assert.deepEqual(
          listed.map((s) => s.seq),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      });

      it('refuses a step for a run of another tenant, and leaves the run unchanged', async () => {
        await store.append(aStep());
        await rejectsWithCode(() => store.append(aStep({ tenantId: `${tenantId}-other` })), 'STORE_CONFLICT', 'append across tenants');
        assert.equal((await store.list(runId)).length, 1);
      });

      it('keeps its own copy: changing the input afterwards changes nothing', async () => {
        const input = aStep({ data: { list: [1, 2], deep: { x: 'a' } } });
        await store.append(input);
        (input.data.list as number[]).push(3);
        (input.data.deep as Record<string, string>).x = 'changed';
        input.kind = 'changed';
        const [stored] = await store.list(runId);
        assert.deepEqual(stored?.data, { list: [1, 2], deep: { x: 'a' } });
        assert.equal(stored?.kind, 'tool:completed');
      });

      it('refuses steps that are not valid', async () => {
        const bad: Array<[string, unknown]> = [
          ['a caller-chosen seq', { ...aStep(), seq: 7 }],
          ['an empty kind', aStep({ kind: '' })],
          ['no run id', { ...aStep(), runId: undefined }],
          ['no tenant', { ...aStep(), tenantId: '' }],
          ['a NaN time', aStep({ at: Number.NaN })],
          ['data that is an array', { ...aStep(), data: [1] }],
          ['data with a function', aStep({ data: { f: () => 1 } })],
          ['data with a Date', aStep({ data: { at: new Date(0) } })],
          ['data with undefined', aStep({ data: { u: undefined } })],
          ['an unknown key', { ...aStep(), prompt: 'hello' }],
          ['null', null],
        ];
        for (const [label, step] of bad) {
          await rejectsWithCode(() => store.append(step as NewTraceStep), 'CONFIG_INVALID', `append with ${label}`);
        }
        assert.deepEqual(await store.list(runId), []);
      });
    });

    describe('.list()', () => {
      it('lists the steps in seq order', async () => {
        await store.append(aStep({ kind: 'a' }));
        await store.append(aStep({ kind: 'b' }));
        await store.append(aStep({ kind: 'c' }));
        const steps = await store.list(runId);
        assert.deepEqual(
          steps.map((s) => [s.seq, s.kind]),
          [
            [1, 'a'],
            [2, 'b'],
            [3, 'c'],
          ],
        );
      });

      it('returns an empty list for an unknown run', async () => {
        assert.deepEqual(await store.list(`missing-${randomUUID()}`), []);
      });

      it('returns copies: changing them changes nothing', async () => {
        await store.append(aStep());
        const [listed] = await store.list(runId);
        assert.ok(listed);
        listed.seq = 99;
        listed.data.callId = 'changed';
        const [again] = await store.list(runId);
        assert.equal(again?.seq, 1);
        assert.equal(again?.data.callId, 'c1');
      });

      it('refuses an empty run id', async () => {
        await rejectsWithCode(() => store.list(''), 'CONFIG_INVALID', 'list with an empty run id');
      });
    });

    describe('.listRuns()', () => {
      it("lists only the tenant's runs, most recently active first, up to the limit", async () => {
        const runA = `run-a-${randomUUID()}`;
        const runB = `run-b-${randomUUID()}`;
        const runC = `run-c-${randomUUID()}`;
        await store.append(aStep({ runId: runA, at: T0 }));
        await store.append(aStep({ runId: runB, at: T0 + 10 }));
        await store.append(aStep({ runId: runC, at: T0 + 20 }));
        await store.append(aStep({ runId: runA, at: T0 + 30 }));
        await store.append(aStep({ runId: `run-x-${randomUUID()}`, tenantId: `${tenantId}-other`, at: T0 + 40 }));

        const all = await store.listRuns({ tenantId, limit: 10 });
        assert.deepEqual(
          all.map((r) => r.runId),
          [runA, runC, runB],
        );
        assert.ok(all.every((r) => r.tenantId === tenantId));
        const first = all[0];
        assert.ok(first);
        assert.equal(first.steps, 2);
        assert.equal(first.firstAt, T0);
        assert.equal(first.lastAt, T0 + 30);

        assert.deepEqual(
          (await store.listRuns({ tenantId, limit: 2 })).map((r) => r.runId),
          [runA, runC],
        );
      });

      it('returns an empty list for a tenant without runs', async () => {
        assert.deepEqual(await store.listRuns({ tenantId: `${tenantId}-none`, limit: 5 }), []);
      });

      it('refuses a query that is not valid', async () => {
        await rejectsWithCode(() => store.listRuns({ tenantId, limit: 0 }), 'CONFIG_INVALID', 'listRuns with limit 0');
        await rejectsWithCode(() => store.listRuns({ tenantId, limit: 1.5 }), 'CONFIG_INVALID', 'listRuns with limit 1.5');
        await rejectsWithCode(() => store.listRuns({ limit: 5 } as TraceRunQuery), 'CONFIG_INVALID', 'listRuns without a tenant');
      });
    });
  });
}
