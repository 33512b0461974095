import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { serveCommand } from '../../src/serve/serveCommand.js';
import { tokenCommand } from '../../src/serve/tokenCommand.js';

describe('agent-studio serve, embedded default (in process)', function () {
  this.timeout(60_000);
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'as-serve-'));
    env = { ...process.env, AGENT_STUDIO_HOME: home, AGENT_STUDIO_LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.AGENT_STUDIO_SQLITE_FILE;
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('serves the examples with a development JWKS; a token from `agent-studio token` runs a message; /metrics has the runtime and canary metrics', async () => {
    const handle = await serveCommand({ port: 0 }, env);
    try {
      expect(handle.banner).to.match(/agents: order-status, refund-desk/);
      const token = await tokenCommand({ user: 'u-ana', tenant: 'local', roles: ['user'] }, env);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${handle.url}/v1/agents/order-status/sessions`, { method: 'POST', headers, body: '{}' });
      expect(created.status).to.equal(201);
      const { sessionId } = (await created.json()) as { sessionId: string };
      const sent = await fetch(`${handle.url}/v1/sessions/${sessionId}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'Where is my order?' }) });
      expect(sent.status).to.equal(200);
      await handle.gateway.probe?.probe();
      const metrics = await (await fetch(`${handle.url}/metrics`)).text();
      expect(metrics).to.contain('agent_studio_gateway_requests_total');
      expect(metrics).to.contain('agent_studio_synthetic_probe_total');
      expect(metrics).to.match(/agent_studio_runs_total\{[^}]*agent="order-status"/);
    } finally {
      await handle.close();
    }
  });

  it('refuses to start with an egress policy that is not valid (CONFIG_INVALID), before listening', async () => {
    const config = join(home, 'serve.json');
    await writeFile(config, JSON.stringify({ port: 0, egress: { tenants: { local: [{ host: 'api.example.com', credential: 'missing' }] }, agents: {} } }));
    const err = await serveCommand({ config }, env).catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).to.equal('CONFIG_INVALID');
  });
});
