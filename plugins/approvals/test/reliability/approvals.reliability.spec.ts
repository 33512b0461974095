// Real-process reliability tests of the approvals plugin on PostgreSQL (SPEC §8, R-HITL-10,
// R-HITL-12, R-HITL-14, SPEC §15 row 8). Child processes build the same runtime on the same
// schema and keys (fixtures/world.ts) and race, hang or recover (fixtures/approvalWorker.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AgentStudioError, type PendingAction } from '@agent-studio/core';
import { expect } from 'chai';
import pg from 'pg';
import type { ApproverPolicy } from '../../src/index.js';
import type { RaceOutcome, WorkerJob } from './fixtures/approvalWorker.js';
import { buildWorld, CALL_ID, freshSharedConfig, ORDER_ID, REQUESTER, type SharedConfig, TENANT, type World, type WorldOptions } from './fixtures/world.js';

const WORKER = fileURLToPath(new URL('./fixtures/approvalWorker.js', import.meta.url));

/** A running child: the JSON lines it printed so far, and its exit. */
interface Child {
  readonly process: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first printed line that matches. */
  line(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : `non-agent-studio: ${String(e)}`;
  }
  return undefined;
}

function toolResult(messages: readonly { role: string }[], callId: string): Record<string, unknown> {
  const m = messages.find((x) => x.role === 'tool' && (x as { tool_call_id?: string }).tool_call_id === callId) as { content: string } | undefined;
  return JSON.parse(m?.content ?? 'null') as Record<string, unknown>;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('approvals reliability on PostgreSQL, across real processes (SPEC §8)', function () {
  this.timeout(60_000);

  let shared: SharedConfig;
  let worlds: World[];
  let children: Child[];
  let admin: pg.Pool;

  function start(job: WorkerJob): Child {
    const proc = spawn(process.execPath, [WORKER], {
      env: { ...process.env, RELIABILITY_JOB: JSON.stringify(job) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // only a racer reads stdin (its `go`); the others get an ended one
    if (job.task !== 'race') proc.stdin.end();
    const lines: Record<string, unknown>[] = [];
    const stderr: string[] = [];
    const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
    createInterface({ input: proc.stdout }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { text };
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    const child: Child = {
      process: proc,
      lines,
      stderr,
      exit,
      line: (match, timeoutMs = 20_000) => {
        const seen = lines.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`child ${proc.pid} printed no matching line in ${timeoutMs} ms; stdout ${JSON.stringify(lines)}; stderr ${stderr.join('')}`)), timeoutMs);
          waiters.push({
            match,
            resolve: (line) => {
              clearTimeout(timer);
              resolve(line);
            },
          });
          void exit.then(() => {
            clearTimeout(timer);
            const late = lines.find(match);
            if (late) resolve(late);
            else reject(new Error(`child ${proc.pid} exited without a matching line; stdout ${JSON.stringify(lines)}; stderr ${stderr.join('')}`));
          });
        });
      },
    };
    children.push(child);
    return child;
  }

  async function world(options: WorldOptions = {}): Promise<World> {
    const w = await buildWorld(shared, options);
    worlds.push(w);
    return w;
  }

  async function count(table: 'refunds' | 'refund_attempts'): Promise<number> {
    const r = await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${shared.schema}".${table}`);
    return Number(r.rows[0]?.n);
  }

  async function refundRows(): Promise<{ idempotency_key: string; order_id: string; run_as: string }[]> {
    return (await admin.query<{ idempotency_key: string; order_id: string; run_as: string }>(`SELECT idempotency_key, order_id, run_as FROM "${shared.schema}".refunds`)).rows;
  }

  /** Starts the agent as the requester: the refund call suspends with an awaiting pending action. */
  async function suspend(w: World): Promise<{ runId: string; id: string }> {
    const first = await w.runtime.run({ agent: 'support', accessToken: await w.mint(REQUESTER), input: 'refund 40 on ORD-1', variables: { RecordId: ORDER_ID } });
    expect(first.status).to.equal('suspended');
    const id = String(first.pendingApprovals?.[0]?.approval.details?.pendingActionId);
    expect((await w.stores.pendingActions.get(id))?.status).to.equal('awaiting');
    expect(await w.stores.runStates.load(first.runId)).to.not.equal(undefined);
    return { runId: first.runId, id };
  }

  beforeEach(() => {
    shared = freshSharedConfig();
    worlds = [];
    children = [];
    admin = new pg.Pool({ connectionString: shared.databaseUrl, max: 2 });
    admin.on('error', () => undefined);
  });

  afterEach(async () => {
    for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exit));
    await Promise.allSettled(worlds.map((w) => w.close()));
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${shared.schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  });

  it('R-HITL-10 / R-HITL-12: 2 processes × 25 concurrent approvals → exactly 1 wins, 49 get APPROVAL_ALREADY_RESOLVED, the refund runs once as the requester', async () => {
    const parent = await world();
    const { runId, id } = await suspend(parent);

    const racers = [start({ task: 'race', shared, id, count: 25 }), start({ task: 'race', shared, id, count: 25 })];
    await Promise.all(racers.map((c) => c.line((l) => l.ready === true)));
    for (const c of racers) c.process.stdin?.end('go\n');
    const reports = await Promise.all(racers.map((c) => c.line((l) => Array.isArray(l.outcomes) || 'error' in l)));
    const exits = await Promise.all(racers.map((c) => c.exit));
    expect(exits.map((e) => e.code)).to.deep.equal([0, 0]);

    const perProcess = reports.map((r) => r.outcomes as RaceOutcome[]);
    const all = perProcess.flat();
    const winners = all.filter((o): o is Extract<RaceOutcome, { ok: true }> => o.ok);
    const codes = all.filter((o): o is Extract<RaceOutcome, { ok: false }> => !o.ok).map((o) => o.code);
    const attempts = await count('refund_attempts');
    const refunds = await refundRows();
    const pa = (await parent.stores.pendingActions.get(id)) as PendingAction;
    console.log(
      `      reliability: ${winners.length} winner / ${codes.length} conflicts (${perProcess.map((o, i) => `process ${i + 1}: ${o.filter((x) => x.ok).length} won`).join(', ')}), attempts=${attempts}, refunds=${refunds.length}, status=${pa.status}`,
    );
    expect(all).to.have.length(50);
    expect(winners).to.have.length(1);
    expect(winners[0]).to.deep.include({ status: 'done', run: 'completed' });
    expect(codes).to.have.length(49);
    expect(new Set(codes)).to.deep.equal(new Set(['APPROVAL_ALREADY_RESOLVED']));
    expect(attempts).to.equal(1);
    expect(refunds).to.deep.equal([{ idempotency_key: `approval:${id}`, order_id: ORDER_ID, run_as: REQUESTER }]);
    expect(pa.status).to.equal('done');
    expect(pa.decidedBy).to.be.oneOf(['manager', 'manager-2']);
    expect(await parent.stores.runStates.load(runId)).to.equal(undefined);
  });

  it('R-HITL-12 (a): SIGKILL after the approval is recorded, before the claim → a restarted process recovers it and the refund runs exactly once', async () => {
    const parent = await world();
    const { runId, id } = await suspend(parent);

    const approver = start({ task: 'hang', shared, id, variant: 'notify' });
    await approver.line((l) => l.ready === true);
    await until('the approval to be recorded', () => parent.stores.pendingActions.get(id), (pa) => pa?.status === 'approved');
    approver.process.kill('SIGKILL');
    expect((await approver.exit).signal).to.equal('SIGKILL');
    expect((await parent.stores.pendingActions.get(id))?.status).to.equal('approved');
    expect(await count('refund_attempts')).to.equal(0);

    const restarted = start({ task: 'recover', shared, staleExecutionMs: 600_000 });
    const out = await restarted.line((l) => 'report' in l || 'error' in l);
    expect((await restarted.exit).code).to.equal(0);
    const attempts = await count('refund_attempts');
    const refunds = await refundRows();
    const pa = (await parent.stores.pendingActions.get(id)) as PendingAction;
    console.log(`      reliability: killed while approved → recover ${JSON.stringify(out.report)}, attempts=${attempts}, refunds=${refunds.length}, status=${pa.status}`);
    expect(out.report).to.deep.equal({ expired: [], resumed: [runId], interrupted: [] });
    expect(attempts).to.equal(1);
    expect(refunds).to.deep.equal([{ idempotency_key: `approval:${id}`, order_id: ORDER_ID, run_as: REQUESTER }]);
    expect(pa).to.include({ status: 'done', decidedBy: 'manager' });
    expect(await parent.stores.runStates.load(runId)).to.equal(undefined);
    expect(String((out.replies as string[])[0])).to.contain('"isSuccess":true');

    // a second recovery finds nothing to do and runs nothing again
    const again = start({ task: 'recover', shared, staleExecutionMs: 1 });
    expect((await again.line((l) => 'report' in l || 'error' in l)).report).to.deep.equal({ expired: [], resumed: [], interrupted: [] });
    expect(await count('refund_attempts')).to.equal(1);
  });

  it('R-HITL-12 (b): SIGKILL while executing, inside the action before its side effect → recovery marks it failed (interrupted), never re-runs it, and tells the model', async () => {
    const parent = await world();
    const { runId, id } = await suspend(parent);

    const approver = start({ task: 'hang', shared, id, variant: 'action' });
    await approver.line((l) => l.ready === true);
    await until('the action to start', () => count('refund_attempts'), (n) => n === 1);
    expect((await parent.stores.pendingActions.get(id))?.status).to.equal('executing');
    approver.process.kill('SIGKILL');
    expect((await approver.exit).signal).to.equal('SIGKILL');

    // a recovery that still counts the executor as alive (10 min) leaves it alone
    const early = start({ task: 'recover', shared, staleExecutionMs: 600_000 });
    expect((await early.line((l) => 'report' in l || 'error' in l)).report).to.deep.equal({ expired: [], resumed: [], interrupted: [] });
    expect((await parent.stores.pendingActions.get(id))?.status).to.equal('executing');

    const restarted = start({ task: 'recover', shared, staleExecutionMs: 1 });
    const out = await restarted.line((l) => 'report' in l || 'error' in l);
    expect((await restarted.exit).code).to.equal(0);
    const attempts = await count('refund_attempts');
    const refunds = await count('refunds');
    const pa = (await parent.stores.pendingActions.get(id)) as PendingAction;
    console.log(`      reliability: killed while executing → recover ${JSON.stringify(out.report)}, attempts=${attempts}, refunds=${refunds}, status=${pa.status}`);
    expect(out.report).to.deep.equal({ expired: [], resumed: [runId], interrupted: [id] });
    expect(attempts).to.equal(1);
    expect(refunds).to.equal(0);
    expect(pa.status).to.equal('failed');
    expect(pa.comment).to.contain('interrupted');
    expect(await parent.stores.runStates.load(runId)).to.equal(undefined);
    const replies = out.replies as string[];
    expect(replies).to.have.length(1);
    expect(replies[0]).to.contain('APPROVAL_EXECUTION_INTERRUPTED');
  });

  describe('typed refusals on the PostgreSQL stores (R-HITL-14, SPEC §15 row 8, R-HITL-2)', () => {
    it('R-HITL-14: an expired action is refused (APPROVAL_EXPIRED), recovery tells the model, nothing runs', async () => {
      let now = Date.parse('2026-11-21T10:00:00Z');
      const w = await world({ clock: () => now, expiresAfterMs: 60_000 });
      const { runId, id } = await suspend(w);
      now += 61_000;
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager') }))).to.equal('APPROVAL_EXPIRED');
      expect((await w.stores.pendingActions.get(id))?.status).to.equal('expired');
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager-2') }))).to.equal('APPROVAL_EXPIRED');
      const report = await w.service.recover(TENANT);
      expect(report.resumed).to.deep.equal([runId]);
      expect(w.replies[0]).to.contain('USER_REJECTED_ACTION').and.to.contain('expired');
      expect(await w.stores.runStates.load(runId)).to.equal(undefined);
      expect(await count('refund_attempts')).to.equal(0);
    });

    it('R-HITL-11: a rejection is fed back to the model; a later approval gets APPROVAL_ALREADY_RESOLVED; nothing runs', async () => {
      const w = await world();
      const { runId, id } = await suspend(w);
      const outcome = await w.service.reject({ id, accessToken: await w.mint('manager'), comment: 'over the limit' });
      expect(outcome.run?.status).to.equal('completed');
      expect(toolResult(outcome.run?.messages ?? [], CALL_ID)).to.include({ isSuccess: false, errorCode: 'USER_REJECTED_ACTION' });
      expect(outcome.action).to.include({ status: 'rejected', decidedBy: 'manager', comment: 'over the limit' });
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager-2') }))).to.equal('APPROVAL_ALREADY_RESOLVED');
      expect(await w.stores.runStates.load(runId)).to.equal(undefined);
      expect(await count('refund_attempts')).to.equal(0);
    });

    it('SPEC §15 row 8: an approver without access (policy denies), one not allowed, the requester and another tenant are refused; the action stays awaiting', async () => {
      const deny: ApproverPolicy = { check: ({ approver }) => Promise.resolve(approver.userId === 'manager' ? { allowed: false, reason: 'no access to the record' } : { allowed: true, reason: 'allowed' }) };
      const w = await world({ policy: deny });
      const { id } = await suspend(w);
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager') }))).to.equal('APPROVER_ACCESS_DENIED');
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint(REQUESTER) }))).to.equal('APPROVER_ACCESS_DENIED');
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager-2', 't-2') }))).to.equal('APPROVAL_NOT_FOUND');
      expect((await w.stores.pendingActions.get(id))?.status).to.equal('awaiting');
      const allowList = await world();
      const other = await suspend(allowList);
      expect(await codeOf(allowList.service.approve({ id: other.id, accessToken: await allowList.mint('intruder') }))).to.equal('APPROVER_ACCESS_DENIED');
      expect((await allowList.stores.pendingActions.get(other.id))?.status).to.equal('awaiting');
      expect(await count('refund_attempts')).to.equal(0);
    });

    it('R-HITL-2: a confirmation sent by the model (confirmed: true in the arguments) leaves the run suspended; the approval service refuses a confirmation (APPROVAL_KIND_MISMATCH)', async () => {
      const w = await world({ hitl: 'confirmation', extraArgs: { confirmed: true, _confirmed: true, _requiresApproval: false } });
      const { id } = await suspend(w);
      const pa = (await w.stores.pendingActions.get(id)) as PendingAction;
      expect(pa).to.include({ kind: 'confirmation', status: 'awaiting', userId: REQUESTER });
      expect(await codeOf(w.service.approve({ id, accessToken: await w.mint('manager') }))).to.equal('APPROVAL_KIND_MISMATCH');
      expect(await count('refund_attempts')).to.equal(0);
    });

    it('R-HITL-2: a confirmation for a different call id is refused (RUN_STATE_CONFLICT); the right one runs once', async () => {
      const w = await world({ hitl: 'confirmation' });
      const { runId, id } = await suspend(w);
      expect(await codeOf(w.runtime.resume({ accessToken: await w.mint(REQUESTER), runId, decisions: [{ callId: 'call-other', decision: 'approve' }] }))).to.equal('RUN_STATE_CONFLICT');
      expect((await w.stores.pendingActions.get(id))?.status).to.equal('awaiting');
      expect(await count('refund_attempts')).to.equal(0);
      // a second process (fresh runtime, same stores and keys) resumes with the right call id
      const other = await world({ hitl: 'confirmation' });
      const resumed = await other.runtime.resume({ accessToken: await other.mint(REQUESTER), runId, decisions: [{ callId: CALL_ID, decision: 'approve' }] });
      expect(resumed.status).to.equal('completed');
      expect(await refundRows()).to.deep.equal([{ idempotency_key: `approval:${id}`, order_id: ORDER_ID, run_as: REQUESTER }]);
      expect((await w.stores.pendingActions.get(id))?.status).to.equal('done');
    });
  });
});
