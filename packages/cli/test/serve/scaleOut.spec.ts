import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import pg from 'pg';
import { tokenCommand } from '../../src/serve/tokenCommand.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/agent-studio.js');
const PG_URL = process.env.AGENT_STUDIO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.AGENT_STUDIO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORDER = '801000000000101';

/** Starts a CLI process and resolves with the first line matching `ready`. */
function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start in 30 s: ${out}${err}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${err}`));
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

describe('scale-out: two gateways and a worker on one Redis and one PostgreSQL (R-SCALE-1)', function () {
  this.timeout(120_000);
  const id = randomBytes(5).toString('hex');
  const schema = `as_test_${id}`;
  const prefix = `as_test_${id}:`;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  let a: string;
  let b: string;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'as-scale-'));
    const config = join(home, 'serve.json');
    await writeFile(config, JSON.stringify({ port: 0, gateway: { limits: { tenants: { 'limited-co': { requests: { runtime: 4 } } } }, health: { intervalMs: 60_000 } } }));
    env = {
      ...process.env,
      AGENT_STUDIO_HOME: home,
      DATABASE_URL: PG_URL,
      AGENT_STUDIO_PG_SCHEMA: schema,
      REDIS_URL,
      AGENT_STUDIO_REDIS_PREFIX: prefix,
      AGENT_STUDIO_QUEUE_PREFIX: `as_test_${id}`,
      AGENT_STUDIO_LOG_LEVEL: 'warn',
    };
    const first = await start(['serve', '--config', config], env, /listening on/);
    children.push(first.child);
    a = /listening on (\S+)/.exec(first.line)?.[1] as string;
    const second = await start(['serve', '--config', config], env, /listening on/);
    children.push(second.child);
    b = /listening on (\S+)/.exec(second.line)?.[1] as string;
    const worker = await start(['worker', '--config', config], env, /worker ready/);
    children.push(worker.child);
  });

  after(async () => {
    for (const child of children) await stop(child);
    const redis = new Redis(REDIS_URL);
    for (const pattern of [`${prefix}*`, `as_test_${id}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
    redis.disconnect();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    await rm(home, { recursive: true, force: true });
  });

  const call = async (base: string, method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("counts a tenant's limit once across both instances (R-RATE-2)", async () => {
    const token = await tokenCommand({ user: 'u1', tenant: 'limited-co', roles: ['user'] }, env);
    const statuses: number[] = [];
    for (const base of [a, b, a, b, a]) statuses.push((await call(base, 'POST', '/v1/agents/order-status/sessions', token, {})).status);
    expect(statuses).to.deep.equal([201, 201, 201, 201, 429]);
    const other = await tokenCommand({ user: 'u1', tenant: 'other-co', roles: ['user'] }, env);
    expect((await call(b, 'POST', '/v1/agents/order-status/sessions', other, {})).status).to.equal(201);
  });

  it('uses on one instance a session created on the other (R-SESS-1)', async () => {
    const token = await tokenCommand({ user: 'u-ana', tenant: 'local', roles: ['user'] }, env);
    const created = await call(a, 'POST', '/v1/agents/order-status/sessions', token, {});
    expect(created.status).to.equal(201);
    const sent = await call(b, 'POST', `/v1/sessions/${String(created.body.sessionId)}/messages`, token, { content: 'Where is my order?' });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.status).to.equal('completed');
  });

  it('a run suspended on one instance is approved through the other; the worker executes the refund exactly once (R-TOKEN-4, R-HITL-12)', async () => {
    const sam = await tokenCommand({ user: 'u-sam', tenant: 'local', roles: ['user'] }, env);
    const created = await call(a, 'POST', '/v1/agents/refund-desk/sessions', sam, {});
    const sent = await call(a, 'POST', `/v1/sessions/${String(created.body.sessionId)}/messages`, sam, { content: 'Please refund 25.00.', variables: { RecordId: ORDER } });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.status).to.equal('suspended');
    const pendingId = (sent.body.pendingApprovals as { pendingActionId: string }[])[0]?.pendingActionId as string;
    const mia = await tokenCommand({ user: 'u-mia', tenant: 'local', roles: ['approver'] }, env);
    const listed = await call(b, 'GET', '/v1/approvals?status=pending', mia);
    expect((listed.body.approvals as { id: string }[]).map((p) => p.id)).to.include(pendingId);
    // both instances get a decision at once: exactly one wins
    const [one, two] = await Promise.all([
      call(b, 'POST', `/v1/approvals/${pendingId}/decision`, mia, { decision: 'approve' }),
      call(a, 'POST', `/v1/approvals/${pendingId}/decision`, mia, { decision: 'approve' }),
    ]);
    expect([one.status, two.status].sort()).to.deep.equal([200, 409]);
    const winner = one.status === 200 ? one : two;
    expect(winner.body.continuation).to.equal('queued');
    let status = 'approved';
    for (let i = 0; i < 100 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const done = await call(a, 'GET', '/v1/approvals?status=done', mia);
      status = (done.body.approvals as { id: string }[]).some((p) => p.id === pendingId) ? 'done' : status;
    }
    expect(status).to.equal('done');
    const db = new Database(join(home, 'refund-approval.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT * FROM "Order" WHERE "Id" = ?').get(ORDER) as { RefundedCents: number };
      expect(row.RefundedCents).to.equal(2500);
    } finally {
      db.close();
    }
  });
});
