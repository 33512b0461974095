import { type ActionResult, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { expect } from 'chai';
import { z } from 'zod';
import { egressModule } from '../../src/index.js';
import { startServer, type TestServer } from '../helpers.js';

describe('egressModule', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startServer((_req, res) => res.end(JSON.stringify({ status: 'shipped' })));
  });

  afterEach(async () => {
    await server.close();
  });

  async function runFetch(urls: string[]): Promise<{ results: ActionResult[]; decisions: string[]; sawHttp: boolean[] }> {
    const sawHttp: boolean[] = [];
    const fetchUrl = defineAction({
      name: 'fetch_url',
      description: 'Fetches a URL through ctx.http and returns its text.',
      audience: 'employee',
      visibility: 'private',
      effect: 'external',
      confirmationWaiver: 'Reads an allow-listed status endpoint; it changes nothing.',
      input: z.object({ url: z.string() }),
      run: async ({ url }, ctx) => {
        sawHttp.push(typeof ctx.http === 'function');
        const res = await ctx.http(url, { signal: ctx.signal });
        return { status: res.status, body: await res.text() };
      },
    });
    const agent = defineAgent({
      name: 'crm',
      audience: 'employee',
      model: { name: 'test-model' },
      instructions: 'Fetch things.',
      capabilities: [{ action: 'fetch_url' }],
    });
    const rule = { host: '127.0.0.1', schemes: ['http' as const], ports: [server.port], credential: 'status-key' };
    const t = await createTestContainer({
      agents: [agent],
      actions: [fetchUrl],
      modules: [
        egressModule({
          tenants: { 't-1': [rule] },
          agents: { crm: [rule] },
          credentials: { 'status-key': { header: 'X-Status-Key', value: 'k-123' } },
        }),
      ],
      script: [{ toolCalls: urls.map((url, i) => ({ id: `call_${i}`, name: 'fetch_url', arguments: { url } })) }, { content: 'Done.' }],
    });
    const results: ActionResult[] = [];
    const decisions: string[] = [];
    t.runtime.events.on('tool:finished', (e) => results.push(e.result));
    t.runtime.events.on('decision:recorded', (e) => decisions.push(`${e.kind} ${e.reason}`));
    const run = await t.runtime.run({ agent: 'crm', accessToken: await t.token(), input: 'Check the order status.' });
    expect(run.status).to.equal('completed');
    return { results, decisions, sawHttp };
  }

  it('R-EGRESS-1/3: gives actions ctx.http, which reaches an allowed host with the credential injected', async () => {
    const { results, sawHttp } = await runFetch([`http://127.0.0.1:${server.port}/status`]);
    expect(sawHttp).to.deep.equal([true]);
    expect(results[0]).to.deep.include({ ok: true, data: { status: 200, body: '{"status":"shipped"}' } });
    expect(server.seen[0]?.headers['x-status-key']).to.equal('k-123');
  });

  it('R-EGRESS-1: surfaces a refused call as a typed EGRESS_DENIED error in the action result', async () => {
    const { results, decisions } = await runFetch(['https://api.not-allowed.example/orders']);
    expect(results[0]).to.include({ ok: false, errorCode: 'EGRESS_DENIED' });
    expect(decisions.some((d) => d.startsWith('egress-denied host-not-allowed'))).to.equal(true);
    expect(server.seen).to.have.length(0);
  });

  it('SPEC §12: an action cannot reach a third-party LLM API through ctx.http', async () => {
    const { results } = await runFetch(['https://api.openai.com/v1/chat/completions']);
    expect(results[0]).to.include({ ok: false, errorCode: 'EGRESS_DENIED' });
    expect(JSON.stringify(results)).to.not.include('k-123');
  });
});
