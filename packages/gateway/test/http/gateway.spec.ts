import { expect } from 'chai';
import { aToken, b64url } from '../edge/edgeFixtures.js';
import { type TestGateway, testGateway } from '../helpers/testGateway.js';

const json = { 'content-type': 'application/json' };

async function session(t: TestGateway, agent = 'orders', headers?: Record<string, string>): Promise<string> {
  const res = await t.gateway.server.inject({ method: 'POST', url: `/v1/agents/${agent}/sessions`, headers: { ...json, ...(headers ?? (await t.auth())) }, payload: '{}' });
  expect(res.statusCode, res.body).to.equal(201);
  return (res.json() as { sessionId: string }).sessionId;
}

async function say(t: TestGateway, sessionId: string, payload: unknown, headers?: Record<string, string>) {
  return t.gateway.server.inject({ method: 'POST', url: `/v1/sessions/${sessionId}/messages`, headers: { ...json, ...(headers ?? (await t.auth())) }, payload: JSON.stringify(payload) });
}

describe('gateway HTTP API', () => {
  let t: TestGateway;
  beforeEach(async () => {
    t = await testGateway();
  });
  afterEach(async () => {
    await t.gateway.close();
  });

  it('runs a message end to end: session 201, then a completed run with the reply', async () => {
    const id = await session(t);
    const res = await say(t, id, { content: 'Where is my order?' });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.include({ status: 'completed', reply: 'Your order has shipped.' });
    expect(t.handlerCalls.count).to.equal(1);
    expect(res.headers['x-request-id']).to.be.a('string');
  });

  describe('R-EDGE-1: authentication before any handler', () => {
    const bad: [string, () => Promise<string | undefined>][] = [
      ['no header', async () => undefined],
      ['Basic credentials', async () => 'Basic dTpw'],
      ['garbage', async () => 'Bearer not-a-jwt'],
      ['alg none', async () => `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u1', tid: 't1', iss: 'x', exp: 9e9 })}.`],
    ];
    for (const [name, header] of bad) {
      it(`refuses ${name} with 401 and the error shape; the handler never runs`, async () => {
        const h = await header();
        const res = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { ...json, ...(h ? { authorization: h } : {}) }, payload: '{}' });
        expect(res.statusCode).to.equal(401);
        expect(res.headers['www-authenticate']).to.equal('Bearer');
        const body = res.json() as { error: { code: string; requestId: string } };
        expect(body.error.code).to.equal('EDGE_UNAUTHENTICATED');
        expect(body.error.requestId).to.equal(res.headers['x-request-id']);
        expect(await t.stores.sessions.get('x')).to.equal(undefined);
        expect(t.handlerCalls.count).to.equal(0);
      });
    }

    it('refuses an expired token and one for another audience', async () => {
      const expired = await aToken(t.keys.edgeKey, { sub: 'u1', tid: 't1', roles: ['user'] }, { expiresIn: Math.floor(Date.now() / 1000) - 600 });
      const other = await aToken(t.keys.edgeKey, { sub: 'u1', tid: 't1', roles: ['user'] }, { audience: 'someone-else' });
      for (const token of [expired, other]) {
        const res = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { ...json, authorization: `Bearer ${token}` }, payload: '{}' });
        expect(res.statusCode).to.equal(401);
      }
    });

    it('an unknown route answers 401 to a stranger (routes are not revealed) and 404 to a user', async () => {
      expect((await t.gateway.server.inject({ method: 'GET', url: '/v1/secret' })).statusCode).to.equal(401);
      const res = await t.gateway.server.inject({ method: 'GET', url: '/v1/secret', headers: await t.auth() });
      expect(res.statusCode).to.equal(404);
      expect((res.json() as { error: { code: string } }).error.code).to.equal('GATEWAY_NOT_FOUND');
    });
  });

  describe('R-AUTHZ-1 / R-API-3: the core policy decides', () => {
    it('a user without a grant for the agent is refused 403', async () => {
      const res = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/refunds/sessions', headers: { ...json, ...(await t.auth('c1', 't1', ['customer'])) }, payload: '{}' });
      expect(res.statusCode).to.equal(403);
      expect((res.json() as { error: { code: string } }).error.code).to.equal('GATEWAY_FORBIDDEN');
    });

    it('preview needs authoring permission; authoring needs agent admin', async () => {
      const preview = (roles: string[]) => t.auth('a1', 't1', roles).then((h) => t.gateway.server.inject({ method: 'POST', url: '/v1/preview/agents/orders/sessions', headers: { ...json, ...h }, payload: '{}' }));
      expect((await preview(['user'])).statusCode).to.equal(403);
      expect((await preview(['author'])).statusCode).to.equal(201);
      const put = (roles: string[]) => t.auth('a1', 't1', roles).then((h) => t.gateway.server.inject({ method: 'PUT', url: '/v1/agents/orders', headers: { ...json, ...h }, payload: JSON.stringify({ instructions: 'Be brief.' }) }));
      expect((await put(['author'])).statusCode).to.equal(403);
      const ok = await put(['admin']);
      expect(ok.statusCode).to.equal(200);
      expect(ok.json()).to.deep.include({ agent: 'orders', status: 'validated' });
      expect((ok.json() as { version: string }).version).to.match(/^[0-9a-f]{16}$/);
      const unknown = await t.auth('a1', 't1', ['admin']).then((h) => t.gateway.server.inject({ method: 'PUT', url: '/v1/agents/orders', headers: { ...json, ...h }, payload: JSON.stringify({ capabilities: [{ action: 'drop_tables' }] }) }));
      expect(unknown.statusCode).to.equal(400);
    });

    it('R-EDGE-3: a body naming another user is refused 403, and nothing runs (attack)', async () => {
      const id = await session(t);
      const res = await say(t, id, { content: 'hi', originalUserId: 'the-ceo' });
      expect(res.statusCode).to.equal(403);
      expect(t.handlerCalls.count).to.equal(0);
    });

    it("another user's session is not theirs to use: 410 as if it did not exist", async () => {
      const id = await session(t);
      const res = await say(t, id, { content: 'hi' }, await t.auth('intruder'));
      expect(res.statusCode).to.equal(410);
      expect(t.handlerCalls.count).to.equal(0);
    });

    it('the canary agent cannot be used with an ordinary credential', async () => {
      const res = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/agent-studio-canary/sessions', headers: { ...json, ...(await t.auth('u1', 't1', ['admin'])) }, payload: '{}' });
      expect(res.statusCode).to.equal(403);
    });
  });

  describe('bad input: 4xx with the error shape, never 5xx', () => {
    it('malformed JSON, wrong types, unknown fields, wrong media type, oversize body and an unknown API version', async () => {
      const id = await session(t);
      const h = { ...json, ...(await t.auth()) };
      const cases: [string, Record<string, string>, string | Buffer, number, string][] = [
        [`/v1/sessions/${id}/messages`, h, '{"content": ', 400, 'REQUEST_INVALID'],
        [`/v1/sessions/${id}/messages`, h, '{"content": 42}', 400, 'REQUEST_INVALID'],
        [`/v1/sessions/${id}/messages`, h, '{"content": "hi", "admin": true}', 400, 'REQUEST_INVALID'],
        [`/v1/sessions/${id}/messages`, { ...h, 'content-type': 'text/plain' }, 'hi', 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [`/v1/sessions/${id}/messages`, h, JSON.stringify({ content: 'x'.repeat(70_000) }), 413, 'BODY_TOO_LARGE'],
        ['/v2/agents/orders/sessions', h, '{}', 400, 'API_VERSION_UNSUPPORTED'],
        [`/v1/sessions/${'%00'.repeat(3)}/messages`, h, '{"content":"hi"}', 400, 'REQUEST_INVALID'],
      ];
      for (const [url, headers, payload, status, code] of cases) {
        const res = await t.gateway.server.inject({ method: 'POST', url, headers, payload });
        expect(res.statusCode, `${url} ${String(payload).slice(0, 30)}`).to.equal(status);
        expect((res.json() as { error: { code: string } }).error.code).to.equal(code);
      }
      expect(t.handlerCalls.count).to.equal(0);
    });

    it('odd unicode in a message is just text', async () => {
      const id = await session(t);
      const res = await say(t, id, { content: '\u202eevil\ud800 \u0000 👩‍👩‍👧 ﷽' });
      expect(res.statusCode).to.equal(200);
    });
  });

  it('R-SESS-2: an expired session answers 410 and cannot be resumed', async () => {
    await t.gateway.close();
    let now = Date.now();
    const { MemorySessionStore } = await import('@agent-studio/core');
    const { memoryStores } = await import('../helpers/testGateway.js');
    const stores = { ...memoryStores(), sessions: new MemorySessionStore({ clock: () => now }) };
    t = await testGateway({ stores, config: { sessions: { ttlMs: 60_000, maxLifetimeMs: 120_000 } } });
    const id = await session(t);
    now += 50_000;
    expect((await say(t, id, { content: 'hi' })).statusCode).to.equal(200);
    now += 50_000; // slid: still alive
    expect((await say(t, id, { content: 'hi' })).statusCode).to.equal(200);
    now += 30_000; // past the absolute maximum
    const res = await say(t, id, { content: 'hi' });
    expect(res.statusCode).to.equal(410);
    expect((res.json() as { error: { code: string } }).error.code).to.equal('SESSION_EXPIRED');
  });

  it('R-SESS-3: the session holds ids, never the prompt', async () => {
    const id = await session(t);
    await say(t, id, { content: 'my secret prompt' });
    const stored = await t.stores.sessions.get(id);
    expect(JSON.stringify(stored)).not.to.contain('secret prompt');
    expect(stored?.executionId).to.be.a('string');
  });

  describe('R-RATE-1: per-tenant limits', () => {
    it('a tenant over its request budget gets 429 with Retry-After; another tenant is still served', async () => {
      await t.gateway.close();
      t = await testGateway({ config: { limits: { defaults: { requests: { runtime: 3 } } } } });
      const a = await t.auth('u1', 'tenant-a');
      for (let i = 0; i < 3; i++) expect((await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { ...json, ...a }, payload: '{}' })).statusCode).to.equal(201);
      const refused = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { ...json, ...a }, payload: '{}' });
      expect(refused.statusCode).to.equal(429);
      expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
      expect((refused.json() as { error: { code: string } }).error.code).to.equal('TENANT_RATE_LIMITED');
      const b = await t.auth('u2', 'tenant-b');
      expect((await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { ...json, ...b }, payload: '{}' })).statusCode).to.equal(201);
    });

    it('model calls per window are counted in the runtime: a spent budget answers 429', async () => {
      await t.gateway.close();
      t = await testGateway({ config: { limits: { defaults: { modelCalls: 3 } } } });
      const id = await session(t);
      expect((await say(t, id, { content: 'one' })).statusCode).to.equal(200); // 2 model calls
      const res = await say(t, id, { content: 'two' });
      expect(res.statusCode).to.equal(429);
      expect((res.json() as { error: { code: string } }).error.code).to.equal('TENANT_RATE_LIMITED');
    });

    it('concurrent runs beyond the tenant limit get 429 TENANT_BUSY', async () => {
      await t.gateway.close();
      t = await testGateway({ config: { limits: { defaults: { concurrentRuns: 1 } } } });
      const lease = await t.stores.concurrency.acquire('t1:runs', { limit: 1, leaseMs: 60_000 });
      expect(lease.allowed).to.equal(true);
      const id = await session(t);
      const res = await say(t, id, { content: 'hi' });
      expect(res.statusCode).to.equal(429);
      expect((res.json() as { error: { code: string } }).error.code).to.equal('TENANT_BUSY');
    });
  });

  describe('human in the loop through the gateway', () => {
    it('an approval suspends; an approver lists and approves it; the action runs once as the requester', async () => {
      const id = await session(t, 'refunds');
      const first = await say(t, id, { content: 'refund my order' });
      expect(first.json()).to.deep.include({ status: 'suspended' });
      const pending = (first.json() as { pendingApprovals: { kind: string; pendingActionId: string }[] }).pendingApprovals[0];
      expect(pending?.kind).to.equal('approval');
      const mia = await t.auth('mia', 't1', ['approver']);
      const list = await t.gateway.server.inject({ method: 'GET', url: '/v1/approvals?status=pending', headers: mia });
      expect((list.json() as { approvals: { id: string }[] }).approvals.map((a) => a.id)).to.deep.equal([pending?.pendingActionId]);
      // the requester cannot decide, nor can a user without the grant
      const self = await t.gateway.server.inject({ method: 'POST', url: `/v1/approvals/${pending?.pendingActionId}/decision`, headers: { ...json, ...(await t.auth('u1', 't1', ['approver'])) }, payload: '{"decision":"approve"}' });
      expect(self.statusCode).to.equal(403);
      const plain = await t.gateway.server.inject({ method: 'POST', url: `/v1/approvals/${pending?.pendingActionId}/decision`, headers: { ...json, ...(await t.auth('bob')) }, payload: '{"decision":"approve"}' });
      expect(plain.statusCode).to.equal(403);
      const decided = await t.gateway.server.inject({ method: 'POST', url: `/v1/approvals/${pending?.pendingActionId}/decision`, headers: { ...json, ...mia }, payload: '{"decision":"approve","comment":"ok"}' });
      expect(decided.statusCode, decided.body).to.equal(200);
      expect(decided.json()).to.deep.include({ continuation: 'executed' });
      expect(t.refunds).to.deep.equal([{ orderId: '40', runAs: 'u1' }]);
      const again = await t.gateway.server.inject({ method: 'POST', url: `/v1/approvals/${pending?.pendingActionId}/decision`, headers: { ...json, ...mia }, payload: '{"decision":"approve"}' });
      expect(again.statusCode).to.be.oneOf([409]);
      expect(t.refunds).to.have.length(1);
    });

    it('an approver of another tenant sees nothing and cannot decide (404)', async () => {
      const id = await session(t, 'refunds');
      const first = await say(t, id, { content: 'refund' });
      const pendingId = (first.json() as { pendingApprovals: { pendingActionId: string }[] }).pendingApprovals[0]?.pendingActionId;
      const other = await t.auth('mia', 't2', ['approver']);
      const list = await t.gateway.server.inject({ method: 'GET', url: '/v1/approvals', headers: other });
      expect((list.json() as { approvals: unknown[] }).approvals).to.have.length(0);
      const res = await t.gateway.server.inject({ method: 'POST', url: `/v1/approvals/${pendingId}/decision`, headers: { ...json, ...other }, payload: '{"decision":"approve"}' });
      expect(res.statusCode).to.equal(404);
      expect(t.refunds).to.have.length(0);
    });
  });

  it('serves its OpenAPI description without a credential', async () => {
    const res = await t.gateway.server.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).to.equal('3.1.0');
    expect(Object.keys(doc.paths)).to.include.members(['/v1/agents/{agent}/sessions', '/v1/sessions/{sessionId}/messages', '/v1/approvals/{id}/decision', '/v1/runs/{runId}/trace']);
  });
});

describe('gateway health (R-HEALTH-1/2)', () => {
  it('the canary probes the full path; /readyz and /metrics report it; it spends no tenant budget', async () => {
    const t = await testGateway({ canary: true, config: { limits: { defaults: { requests: { runtime: 1 } } } } });
    try {
      expect((await t.gateway.server.inject({ method: 'GET', url: '/readyz' })).statusCode).to.equal(503);
      for (let i = 0; i < 3; i++) await t.gateway.probe?.probe();
      const ready = await t.gateway.server.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode, ready.body).to.equal(200);
      expect((ready.json() as { status: string; probe: { runs: number; successRate: number } }).probe).to.include({ runs: 3, successRate: 1 });
      const metrics = await t.gateway.server.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).to.match(/agent_studio_synthetic_probe_total\{outcome="success"\} 3/);
      expect(metrics.body).to.contain('agent_studio_gateway_requests_total');
      // synthetic traffic did not touch any tenant's request budget
      expect((await t.stores.rateLimiter.consume('agent-studio.synthetic:requests:runtime', { limit: 1, windowMs: 60_000 })).allowed).to.equal(true);
    } finally {
      await t.gateway.close();
    }
  });
});
