import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { BullMqContinuationQueue, ContinuationExecutor, startContinuationWorker } from '../../src/index.js';
import { type TestGateway, testGateway } from '../helpers/testGateway.js';

const json = { 'content-type': 'application/json' };
const REDIS_URL = process.env.AGENT_STUDIO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function message(t: TestGateway, agent: string, content: string) {
  const headers = { ...json, ...(await t.auth()) };
  const created = await t.gateway.server.inject({ method: 'POST', url: `/v1/agents/${agent}/sessions`, headers, payload: '{}' });
  const { sessionId } = created.json() as { sessionId: string };
  return t.gateway.server.inject({ method: 'POST', url: `/v1/sessions/${sessionId}/messages`, headers, payload: JSON.stringify({ content }) });
}

describe('async calls through the gateway (R-LOOP-7, R-TOKEN-4)', () => {
  it('without a queue, the async call runs in process as the user who asked and the message completes', async () => {
    const t = await testGateway();
    try {
      const res = await message(t, 'reports', 'report on q3');
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json()).to.deep.include({ status: 'completed', reply: 'Your report is ready.' });
      expect(t.reports).to.deep.equal([{ topic: 'q3', runAs: 'u1' }]);
    } finally {
      await t.gateway.close();
    }
  });

  it('with BullMQ on Redis, the message answers suspended (async) and a worker runs the call exactly once, as the user', async function () {
    this.timeout(30_000);
    const prefix = `as_test_${randomBytes(5).toString('hex')}`;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const t = await testGateway({ continuations: () => new BullMqContinuationQueue({ connection, prefix }) });
    const executor = new ContinuationExecutor(t.verifier, new Map(), t.runtimes);
    const failures: string[] = [];
    const worker = startContinuationWorker({ connection, prefix, concurrency: 2 }, executor, { debug() {}, info() {}, warn: (o: object) => failures.push(JSON.stringify(o)), error() {} } as never);
    try {
      const res = await message(t, 'reports', 'report on q3');
      expect(res.statusCode, res.body).to.equal(200);
      const body = res.json() as { status: string; pendingApprovals: { kind: string }[] };
      expect(body.status).to.equal('suspended');
      expect(body.pendingApprovals.map((p) => p.kind)).to.deep.equal(['async']);
      for (let i = 0; i < 100 && t.reports.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      expect(t.reports).to.deep.equal([{ topic: 'q3', runAs: 'u1' }]);
      expect(failures).to.deep.equal([]);
    } finally {
      await worker.close();
      await t.gateway.close();
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length > 0) await connection.del(...keys);
      connection.disconnect();
    }
  });

  it('a worker refuses a job without a token or with a forged one, and runs nothing (attack)', async () => {
    const t = await testGateway();
    try {
      const executor = new ContinuationExecutor(t.verifier, new Map(), t.runtimes);
      const noToken = await executor.execute({ kind: 'async', agent: 'reports', tenantId: 't1', runId: 'r1', anchorId: 'a', calls: ['c1'] }).catch((e: { code?: string }) => e.code);
      expect(noToken).to.equal('ACCESS_CONTEXT_INVALID');
      const forged = await executor.execute({ kind: 'async', agent: 'reports', tenantId: 't1', runId: 'r1', anchorId: 'a', calls: ['c1'], accessToken: 'e30.e30.' }).catch((e: { code?: string }) => e.code);
      expect(forged).to.equal('ACCESS_CONTEXT_INVALID');
      expect(t.reports).to.deep.equal([]);
    } finally {
      await t.gateway.close();
    }
  });
});
