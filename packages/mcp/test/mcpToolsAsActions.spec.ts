import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AgentStudioError, createContainer, createLocalAccessAuthority, defineAgent, MemoryPendingActionStore } from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { approvalsModule } from '@agent-studio/plugin-approvals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { mcpToolsAsActions } from '../src/index.js';

interface Remote {
  readonly client: Client;
  readonly calls: { tool: string; args: unknown }[];
}

async function trackerServer(): Promise<Remote> {
  const calls: { tool: string; args: unknown }[] = [];
  const server = new McpServer({ name: 'Issue Tracker', version: '2.0.0' });
  server.registerTool(
    'create_issue',
    { description: 'Create an issue in the tracker.', inputSchema: { title: z.string().min(1), priority: z.enum(['low', 'high']).optional() } },
    async (args) => {
      calls.push({ tool: 'create_issue', args });
      if (args.title === 'boom') return { isError: true, content: [{ type: 'text', text: 'the tracker is read-only today' }] };
      return { content: [{ type: 'text', text: 'created' }], structuredContent: { id: 'ISS-1', title: args.title } };
    },
  );
  server.registerTool(
    'get_weather',
    { description: 'Current weather for a city.', inputSchema: { city: z.string() }, annotations: { readOnlyHint: true, openWorldHint: false } },
    async (args) => {
      calls.push({ tool: 'get_weather', args });
      return { content: [{ type: 'text', text: `Sunny in ${args.city}` }] };
    },
  );
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: 'agent-studio', version: '0.1.0' });
  await client.connect(a);
  return { client, calls };
}

describe('mcpToolsAsActions', () => {
  it('turns each tool into a private, external action that requires confirmation, whatever the tool annotations say', async () => {
    const { client } = await trackerServer();
    const actions = await mcpToolsAsActions(client, { audience: 'employee' });
    expect(actions.map((a) => a.name)).to.deep.equal(['mcp_issue_tracker_create_issue', 'mcp_issue_tracker_get_weather']);
    for (const a of actions) {
      expect(a).to.include({ audience: 'employee', visibility: 'private', effect: 'external', requiresConfirmation: true });
    }
    expect(actions[0]?.description).to.equal('Create an issue in the tracker.');
    const input = actions[0]?.input;
    expect(input?.safeParse({ title: 'x', priority: 'high' }).success).to.equal(true);
    expect(input?.safeParse({ title: '', priority: 'high' }).success).to.equal(false);
    expect(input?.safeParse({ priority: 'urgent', title: 'x' }).success).to.equal(false);
    expect(input?.safeParse({}).success).to.equal(false);
  });

  it('loosens a tool only where the options say so, with a custom prefix', async () => {
    const { client } = await trackerServer();
    const actions = await mcpToolsAsActions(client, {
      audience: 'employee',
      prefix: 'tr_',
      only: ['get_weather'],
      tools: { get_weather: { effect: 'read', visibility: 'public', requiresConfirmation: false } },
    });
    expect(actions).to.have.length(1);
    expect(actions[0]).to.include({ name: 'tr_get_weather', effect: 'read', visibility: 'public', requiresConfirmation: false });
    await expect(mcpToolsAsActions(client, { audience: 'employee', tools: { nope: {} } })).to.be.rejectedWith(/no tool "nope"/);
  });

  it('an agent using them suspends for confirmation; after confirmation the remote tool is called once with the arguments', async () => {
    const remote = await trackerServer();
    const actions = await mcpToolsAsActions(remote.client, { audience: 'employee', serverName: 'tracker' });
    const authority = await createLocalAccessAuthority();
    const agent = defineAgent({
      name: 'helper',
      audience: 'employee',
      model: { name: 'scripted' },
      instructions: 'File issues.',
      capabilities: actions.map((a) => ({ action: a.name })),
    });
    const model = new ScriptedModel([{ toolCalls: [{ id: 'c1', name: 'mcp_tracker_create_issue', arguments: { title: 'Printer on fire', priority: 'high' } }] }, { content: 'Filed ISS-1.' }]);
    const container = createContainer({
      model,
      verifier: authority.verifier,
      issuer: authority.issuer,
      stateKey: randomBytes(32),
      agents: [agent],
      actions,
      modules: [approvalsModule({ store: new MemoryPendingActionStore(), issuer: authority.issuer })],
    });
    const runtime = container.get('core.Runtime');
    const grant = { tenantId: 't-1', userId: 'u-1', agent: 'helper', sessionId: 's-1', surface: 'runtime' as const, audience: 'employee' as const };
    const first = await runtime.run({ agent: 'helper', accessToken: await authority.issuer.mint(grant), input: 'The printer is on fire, file it.' });
    expect(first.status).to.equal('suspended');
    expect(first.pendingApprovals?.[0]?.approval.kind).to.equal('confirmation');
    expect(remote.calls).to.deep.equal([]);
    const resumed = await runtime.resume({ accessToken: await authority.issuer.mint(grant), state: first.state, decisions: [{ callId: 'c1', decision: 'approve' }] });
    expect(resumed.status).to.equal('completed');
    expect(remote.calls).to.deep.equal([{ tool: 'create_issue', args: { title: 'Printer on fire', priority: 'high' } }]);
    const tool = resumed.messages.find((m) => m.role === 'tool');
    expect(JSON.parse(String(tool?.content))).to.deep.equal({ isSuccess: true, data: { id: 'ISS-1', title: 'Printer on fire' } });
  });

  it('an isError result becomes a failed action result with code MCP_TOOL_ERROR; text results come back as text', async () => {
    const remote = await trackerServer();
    const [create, weather] = await mcpToolsAsActions(remote.client, { audience: 'employee' });
    const ctx = { runId: 'r', callId: 'c', access: {} as never, variables: {}, setVariable: () => undefined, signal: new AbortController().signal };
    const failure = await Promise.resolve(create?.run({ title: 'boom' }, ctx)).catch((e: unknown) => e);
    expect(AgentStudioError.hasCode(failure, 'MCP_TOOL_ERROR')).to.equal(true);
    expect((failure as Error).message).to.include('read-only today');
    expect(await weather?.run({ city: 'Oslo' }, ctx)).to.equal('Sunny in Oslo');
  });

  it('for a service audience, binds the verified customer from context and never sends it to the remote tool', async () => {
    const remote = await trackerServer();
    const [weather] = await mcpToolsAsActions(remote.client, { audience: 'service', only: ['get_weather'] });
    expect(Object.keys(weather?.input.shape ?? {})).to.deep.equal(['city', 'verifiedCustomerId']);
    const ctx = { runId: 'r', callId: 'c', access: {} as never, variables: {}, setVariable: () => undefined, signal: new AbortController().signal };
    await weather?.run({ city: 'Lima', verifiedCustomerId: 'CUST-1' }, ctx);
    expect(remote.calls).to.deep.equal([{ tool: 'get_weather', args: { city: 'Lima' } }]);
  });

  it('refuses a tool whose input schema it cannot convert, naming the tool and the reason', async () => {
    const server = new McpServer({ name: 'odd', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [
        {
          name: 'negated',
          description: 'A tool with a negated schema.',
          inputSchema: { type: 'object', properties: { kind: { not: { type: 'string' } } } },
        },
      ],
    }));
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: 'agent-studio', version: '0.1.0' });
    await client.connect(a);
    const error = await mcpToolsAsActions(client, { audience: 'employee' }).catch((e: unknown) => e);
    expect(AgentStudioError.hasCode(error, 'ACTION_SCHEMA_INVALID')).to.equal(true);
    expect((error as Error).message).to.include('MCP tool "negated"').and.match(/not is not supported/);
  });
});
