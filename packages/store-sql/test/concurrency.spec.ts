import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AgentStudioError, type NewPendingAction, type PendingAction } from '@agent-studio/core';
import { expect } from 'chai';
import { openSqlStores } from '../src/openSqlStores.js';
import type { SqlStores } from '../src/SqlStores.js';
import { BACKENDS, type DatabasePlace } from './helpers/sqlBackends.js';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./fixtures/raceWorker.js', import.meta.url));
const T0 = 1_700_000_000_000;

const aNewAction = (overrides: Partial<NewPendingAction> = {}): NewPendingAction => ({
  idempotencyKey: 'race-key',
  tenantId: 'acme',
  runId: 'run-1',
  callId: 'call-1',
  action: 'refundOrder',
  userId: 'u-1',
  kind: 'approval',
  argsJson: '{"orderId":"ORD-1"}',
  reason: 'Refunds need a manager',
  createdAt: T0,
  expiresAt: T0 + 60_000,
  ...overrides,
});

/** Counts fulfilled results and checks every rejection is a STORE_CONFLICT from awaiting to approved. */
function tally(results: PromiseSettledResult<unknown>[]): { wins: number; conflicts: number } {
  let wins = 0;
  let conflicts = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') wins++;
    else if (AgentStudioError.hasCode(r.reason, 'STORE_CONFLICT') && r.reason.details?.actual === 'approved') conflicts++;
    else throw r.reason;
  }
  return { wins, conflicts };
}

for (const backend of BACKENDS) {
  describe(`openSqlStores (${backend.name}): two connections ("processes") on one database`, function () {
    this.timeout(60_000);
    let place: DatabasePlace;
    let a: SqlStores;
    let b: SqlStores;

    beforeEach(async () => {
      place = backend.place();
      a = await openSqlStores(place.options);
      b = await openSqlStores(place.options);
    });

    afterEach(async () => {
      await a.close();
      await b.close();
      await place.dispose();
    });

    it('lets exactly one of 25 + 25 racing approvals win; all others get STORE_CONFLICT', async () => {
      const action = await a.pendingActions.create(aNewAction());
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 === 0 ? a : b).pendingActions.transition(action.id, 'awaiting', 'approved', { decidedBy: `approver-${i}`, decidedAt: T0 + i }),
        ),
      );
      expect(tally(results)).to.deep.equal({ wins: 1, conflicts: 49 });
      const winner = results.find((r): r is PromiseFulfilledResult<PendingAction> => r.status === 'fulfilled');
      const stored = await b.pendingActions.get(action.id);
      expect(stored).to.deep.equal(winner?.value);
      expect(stored?.version).to.equal(2);
    });

    it('lets exactly one of 25 + 25 racing executors claim an approved action', async () => {
      const action = await a.pendingActions.create(aNewAction());
      await b.pendingActions.transition(action.id, 'awaiting', 'approved');
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).pendingActions.transition(action.id, 'approved', 'executing', { executedAt: T0 + i })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      expect((await a.pendingActions.get(action.id))?.version).to.equal(3);
    });

    it('creates one record when 10 + 10 creates race with one idempotency key', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).pendingActions.create(aNewAction())));
      expect(new Set(results.map((r) => r.id)).size).to.equal(1);
      expect(await a.pendingActions.list({ tenantId: 'acme' })).to.have.length(1);
    });

    it('numbers 30 + 30 racing trace appends 1 to 60, each once', async () => {
      const steps = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).traces.append({ runId: 'run-raced', tenantId: 'acme', at: T0 + i, kind: 'race', data: { i } })),
      );
      const expected = Array.from({ length: 60 }, (_, i) => i + 1);
      expect(steps.map((s) => s.seq).sort((x, y) => x - y)).to.deep.equal(expected);
      expect((await b.traces.list('run-raced')).map((s) => s.seq)).to.deep.equal(expected);
    });

    it('refuses the second tenant when two tenants race to start one run', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).traces.append({ runId: 'run-contested', tenantId: i < 10 ? 'acme' : 'globex', at: i, kind: 'race', data: {} })),
      );
      const steps = await a.traces.list('run-contested');
      expect(new Set(steps.map((s) => s.tenantId)).size).to.equal(1);
      expect(steps.map((s) => s.seq)).to.deep.equal(Array.from({ length: steps.length }, (_, i) => i + 1));
      for (const r of results) {
        if (r.status === 'rejected') expect(AgentStudioError.hasCode(r.reason, 'STORE_CONFLICT')).to.equal(true);
      }
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(steps.length);
    });

    it('keeps one tenant per run id when two tenants race to save it', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).runStates.save('run-contested', { i }, { tenantId: i % 4 < 2 ? 'acme' : 'globex' })),
      );
      for (const r of results) {
        if (r.status === 'rejected') expect(AgentStudioError.hasCode(r.reason, 'STORE_CONFLICT')).to.equal(true);
      }
      expect(results.some((r) => r.status === 'rejected')).to.equal(true);
    });

    it('lets exactly one approval win when two OS processes race 25 + 25', async () => {
      const action = await a.pendingActions.create(aNewAction());
      const startAt = Date.now() + 1500;
      const outputs = await Promise.all(
        ['p1', 'p2'].map((worker) =>
          run(process.execPath, [WORKER, JSON.stringify({ options: place.options, task: 'approve', id: action.id, count: 25, worker, startAt })]),
        ),
      );
      const codes = outputs.flatMap((o) => (JSON.parse(o.stdout) as { codes: string[] }).codes);
      expect(codes.filter((c) => c === 'OK')).to.have.length(1);
      expect(codes.filter((c) => c === 'STORE_CONFLICT')).to.have.length(49);
      expect((await a.pendingActions.get(action.id))?.version).to.equal(2);
    });

    it('numbers trace appends from two OS processes 1 to 50 without gaps', async () => {
      const startAt = Date.now() + 1500;
      const outputs = await Promise.all(
        ['p1', 'p2'].map((worker) =>
          run(process.execPath, [WORKER, JSON.stringify({ options: place.options, task: 'append', id: 'run-procs', count: 25, worker, startAt })]),
        ),
      );
      const seqs = outputs.flatMap((o) => (JSON.parse(o.stdout) as { seqs: number[] }).seqs).sort((x, y) => x - y);
      const expected = Array.from({ length: 50 }, (_, i) => i + 1);
      expect(seqs).to.deep.equal(expected);
      expect((await a.traces.list('run-procs')).map((s) => s.seq)).to.deep.equal(expected);
    });
  });
}
