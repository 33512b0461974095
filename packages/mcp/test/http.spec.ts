import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoleAccessPolicy } from '@agent-studio/core';
import { expect } from 'chai';
import { EdgeAuthenticator, ensureDevelopmentIdentity } from '@agent-studio/gateway';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type McpServeHandle, serveAgentOverMcp } from '../src/index.js';
import { type DeskRecord, deskApp } from './helpers/deskApp.js';

describe('serving an agent over Streamable HTTP on 127.0.0.1', () => {
  let home: string;
  let handle: McpServeHandle;
  let record: DeskRecord;
  let mint: (userId: string, tenantId: string) => Promise<string>;
  let mintWithout: (userId: string, tenantId: string) => Promise<string>;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'mcp-http-'));
    const dev = await ensureDevelopmentIdentity(home);
    mint = (userId, tenantId) => dev.mint({ userId, tenantId, roles: ['desk-user'] });
    mintWithout = (userId, tenantId) => dev.mint({ userId, tenantId, roles: [] });
    const edge = await EdgeAuthenticator.create(dev.edgeAuthOptions);
    const app = await deskApp();
    record = app.record;
    handle = await serveAgentOverMcp({ runtime: app.runtime, access: app.authority, transport: { type: 'http', edge, policy: new RoleAccessPolicy({ roles: { 'desk-user': ['agent:use:*'] } }), host: '127.0.0.1', port: 0 } });
  });

  after(async () => {
    await handle.close();
    await rm(home, { recursive: true, force: true });
  });

  beforeEach(() => {
    record.hooks.length = 0;
    record.ran.length = 0;
  });

  async function clientWith(authorization?: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(String(handle.url)), authorization === undefined ? {} : { requestInit: { headers: { Authorization: authorization } } });
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  const toolsCall = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'lookup_ticket', arguments: { ticket: 'T-1' } } });

  it('refuses a request without a Bearer credential with 401, and nothing runs', async () => {
    const res = await fetch(String(handle.url), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: toolsCall });
    expect(res.status).to.equal(401);
    expect(res.headers.get('www-authenticate')).to.equal('Bearer');
    await expect(clientWith()).to.be.rejected;
    expect(record.hooks).to.deep.equal([]);
    expect(record.ran).to.deep.equal([]);
  });

  it('refuses an invalid or forged Bearer credential with 401, and nothing runs', async () => {
    const other = await ensureDevelopmentIdentity(await mkdtemp(join(tmpdir(), 'mcp-other-')));
    const forged = await other.mint({ userId: 'mallory', tenantId: 'acme' });
    for (const authorization of ['Bearer not-a-jwt', `Bearer ${forged}`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const res = await fetch(String(handle.url), {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: toolsCall,
      });
      expect(res.status, authorization.slice(0, 12)).to.equal(401);
    }
    await expect(clientWith(`Bearer ${forged}`)).to.be.rejected;
    expect(record.ran).to.deep.equal([]);
  });

  it('R-AUTHZ-1: refuses with 403 an authenticated caller the access policy does not allow, and nothing runs', async () => {
    const res = await fetch(String(handle.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintWithout('eve', 'acme')}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: toolsCall,
    });
    expect(res.status).to.equal(403);
    expect(record.hooks).to.deep.equal([]);
    expect(record.ran).to.deep.equal([]);
  });

  it('runs the call as the subject of a valid token', async () => {
    const client = await clientWith(`Bearer ${await mint('bob', 'globex')}`);
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'lookup_ticket')?.annotations?.readOnlyHint).to.equal(true);
    const result = (await client.callTool({ name: 'lookup_ticket', arguments: { ticket: 'T-3' } })) as CallToolResult;
    expect(result.structuredContent).to.deep.include({ seenBy: 'bob', tenant: 'globex' });
    expect(record.ran).to.deep.equal([{ action: 'lookup_ticket', userId: 'bob', args: { ticket: 'T-3', tenant: 'globex' } }]);
    await client.close();
  });

  it('each request is its own caller: two users on one server never see each other', async () => {
    const [a, b] = await Promise.all([clientWith(`Bearer ${await mint('ann', 't1')}`), clientWith(`Bearer ${await mint('ben', 't2')}`)]);
    const [ra, rb] = (await Promise.all([
      a.callTool({ name: 'lookup_ticket', arguments: { ticket: 'T-1' } }),
      b.callTool({ name: 'lookup_ticket', arguments: { ticket: 'T-2' } }),
    ])) as CallToolResult[];
    expect(ra?.structuredContent).to.deep.include({ seenBy: 'ann', tenant: 't1', ticket: 'T-1' });
    expect(rb?.structuredContent).to.deep.include({ seenBy: 'ben', tenant: 't2', ticket: 'T-2' });
    await Promise.all([a.close(), b.close()]);
  });
});
