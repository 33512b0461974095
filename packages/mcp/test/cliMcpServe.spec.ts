import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// dist/test/ → the repository root
const ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

describe('agent-studio mcp serve <agent-file> (stdio)', () => {
  let home: string;
  let client: Client;
  let stderr = '';

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'mcp-cli-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'packages/cli/bin/agent-studio.js'), 'mcp', 'serve', join(ROOT, 'examples/order-status/dist/src/agent.js'), '--user', 'web-visitor-1', '--tenant', 'shop'],
      cwd: home,
      env: { ...(process.env as Record<string, string>), AGENT_STUDIO_HOME: home },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    client = new Client({ name: 'cli-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('lists the agent\'s tools with annotations from their classification, and without context-bound inputs', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).to.deep.equal(['verify_customer', 'get_order', 'get_contact_details']);
    for (const t of tools) expect(t.annotations).to.deep.include({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    const getOrder = tools.find((t) => t.name === 'get_order');
    expect(Object.keys(getOrder?.inputSchema.properties ?? {})).to.deep.equal(['orderNumber']);
    expect(JSON.stringify(tools)).to.not.match(/customerId|VerifiedCustomerId"?:/);
    expect(stderr).to.include('on stdio');
  });

  it('runs calls through the example\'s plugins: an unverified order lookup is refused by the identity plugin', async () => {
    const refused = (await client.callTool({ name: 'get_order', arguments: { orderNumber: 'ORD-1002' } })) as CallToolResult;
    expect(refused.isError).to.equal(true);
    expect(refused.structuredContent).to.include({ errorCode: 'VERIFICATION_REQUIRED' });
    const verified = (await client.callTool({ name: 'verify_customer', arguments: { email: 'jane@example.com', postalCode: '94105' } })) as CallToolResult;
    expect(verified.isError).to.not.equal(true);
    expect(verified.structuredContent).to.deep.equal({ verified: true });
  });
});
