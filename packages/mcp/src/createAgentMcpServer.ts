import { randomUUID } from 'node:crypto';
import {
  type AccessContextIssuer,
  type AccessContextVerifier,
  type ActionDescriptor,
  type AgentDefinition,
  type AgentRuntime,
  type Capability,
  ConfigurationError,
} from '@agent-studio/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { errorResult, failure, toCallToolResult } from './callResult.js';
import { encodeMcpCall } from './DirectCallModel.js';
import type { McpPrincipal } from './McpPrincipal.js';
import { toolAnnotations } from './toolAnnotations.js';

/** The `_meta` key under which each served tool carries its Agent Studio classification. */
export const CLASSIFICATION_META_KEY = 'agent-studio.dev/classification';

/**
 * How an agent's actions are served over MCP.
 * @category MCP
 */
export interface AgentMcpServerOptions {
  /**
   * The runtime that makes the calls. Build it on a {@link DirectCallModel} (and nothing else): the
   * server asks it for exactly one call per MCP `tools/call`, through every plugin hook.
   */
  readonly runtime: AgentRuntime;
  /** The agent whose capabilities are served (default: the runtime's only agent). */
  readonly agent?: string;
  /**
   * The access layer: its issuer mints a fresh single-use AccessContext token for each call, for
   * the caller; the runtime's own verifier checks it. A `LocalAccessAuthority` fits.
   */
  readonly access: {
    /** Mints the AccessContext token of each call. */
    readonly issuer: Pick<AccessContextIssuer, 'mint'>;
    /** The matching verifier (the runtime's own is the one that checks; accepted for a `LocalAccessAuthority`). */
    readonly verifier?: AccessContextVerifier;
  };
  /** The name and version the server reports (default: `agent-studio-<agent>`, `0.1.0`). */
  readonly serverInfo?: {
    /** The server's name. */
    readonly name: string;
    /** The server's version. */
    readonly version: string;
  };
}

/**
 * One served tool: the action, its capability and its MCP tool definition.
 * @category MCP
 */
export interface ServedTool {
  /** The registered action. */
  readonly action: ActionDescriptor;
  /** The agent's capability for it. */
  readonly capability: Capability;
  /** The MCP tool definition. */
  readonly tool: Tool;
  /** The schema of the inputs the caller fills (context-bound inputs left out). */
  readonly userInput: z.ZodObject;
}

/**
 * An agent prepared for serving: its definition and its tools, computed once.
 * @category MCP
 */
export interface ServedAgent {
  /** The agent. */
  readonly agent: AgentDefinition;
  /** Its tools, by name, in capability order. */
  readonly tools: ReadonlyMap<string, ServedTool>;
  /** The options it was prepared with. */
  readonly options: AgentMcpServerOptions;
}

/**
 * Starts the runtime and prepares the agent's tools: one per capability (asynchronous ones, which
 * only a worker can answer, are left out), with the action's JSON Schema without its context-bound
 * inputs, its description, and annotations from its classification.
 * @param options - runtime, agent, access layer and server info
 * @returns the served agent
 * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_NOT_FOUND` when the agent is not in the runtime
 * @category MCP
 */
export async function prepareServedAgent(options: AgentMcpServerOptions): Promise<ServedAgent> {
  await options.runtime.start();
  const agents = options.runtime.agents;
  const agent = options.agent === undefined ? (agents.length === 1 ? agents[0] : undefined) : agents.find((a) => a.name === options.agent);
  if (agent === undefined) {
    const known = agents.map((a) => a.name).join(', ') || '(none)';
    throw new ConfigurationError(
      'AGENT_NOT_FOUND',
      options.agent === undefined ? `The runtime has ${agents.length} agents (${known}); name the one to serve with { agent }.` : `No agent named "${options.agent}" is in the runtime (it has: ${known}).`,
    );
  }
  const tools = new Map<string, ServedTool>();
  for (const capability of agent.capabilities) {
    if (capability.async) continue;
    const action = options.runtime.actions.get(capability.action);
    if (action === undefined) continue;
    const d = action.definition;
    const mask = Object.fromEntries([...action.userInputKeys].map((k) => [k, true as const]));
    const userInput = d.input.pick(mask as never) as unknown as z.ZodObject;
    const tool: Tool = {
      name: action.name,
      title: toolAnnotations(d).title as string,
      description: action.tool.function.description ?? d.description,
      inputSchema: action.tool.function.parameters as Tool['inputSchema'],
      annotations: toolAnnotations(d),
      _meta: {
        [CLASSIFICATION_META_KEY]: {
          audience: d.audience,
          visibility: d.visibility,
          effect: d.effect,
          requiresConfirmation: d.requiresConfirmation === true,
          hitl: capability.hitl,
          returnsNonPublicData: d.returnsNonPublicData ?? d.visibility === 'private',
        },
      },
    };
    tools.set(action.name, Object.freeze({ action, capability, tool, userInput }));
  }
  return Object.freeze({ agent, tools, options });
}

/**
 * Creates an MCP server for an agent's actions, for one caller. Every `tools/call` becomes one run
 * of the agent as that caller (a freshly minted single-use AccessContext token), so identity,
 * sharing, field security, approvals, PII masking and the output guard apply to it as to any call.
 *
 * @param served - the agent prepared with {@link prepareServedAgent}, or the options to prepare it
 * @param principal - who calls
 * @param sessionId - the AccessContext session of the calls (default: one fresh id for this server)
 * @returns the server, ready to `connect` to a transport
 * @example
 * ```ts
 * const server = await createAgentMcpServer({ runtime, access: authority }, { userId: 'me', tenantId: 'local' });
 * await server.connect(new StdioServerTransport());
 * ```
 * @category MCP
 */
export async function createAgentMcpServer(served: ServedAgent | AgentMcpServerOptions, principal: McpPrincipal, sessionId: string = randomUUID()): Promise<McpServer> {
  const prepared = 'tools' in served ? served : await prepareServedAgent(served);
  return serverFor(prepared, principal, sessionId);
}

/**
 * The synchronous part of {@link createAgentMcpServer}: one server over a prepared agent.
 * @param served - the prepared agent
 * @param principal - who calls
 * @param sessionId - the AccessContext session of the calls
 * @returns the server
 * @internal
 */
export function serverFor(served: ServedAgent, principal: McpPrincipal, sessionId: string): McpServer {
  const { agent, tools, options } = served;
  const info = options.serverInfo ?? { name: `agent-studio-${agent.name}`, version: '0.1.0' };
  const server = new McpServer({ name: info.name, version: info.version }, { capabilities: { tools: { listChanged: false } } });
  const list = [...tools.values()].map((t) => t.tool);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: list }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const entry = tools.get(request.params.name);
    if (entry === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    return callTool(served, entry, request.params.arguments ?? {}, principal, sessionId, extra.signal);
  });
  return server;
}

async function callTool(
  served: ServedAgent,
  entry: ServedTool,
  args: Record<string, unknown>,
  principal: McpPrincipal,
  sessionId: string,
  signal: AbortSignal,
): Promise<CallToolResult> {
  const checked = entry.userInput.safeParse(args);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return failure('TOOL_ARGS_INVALID', `TOOL_ARGS_INVALID: the arguments do not match the tool's input schema (${issues}).`);
  }
  // only the inputs the caller may fill, as the caller sent them (the runtime parses them once more)
  const forwarded: Record<string, unknown> = {};
  for (const key of entry.action.userInputKeys) if (Object.hasOwn(args, key)) forwarded[key] = args[key];
  const callId = `call_mcp_${randomUUID()}`;
  const { agent, options } = served;
  try {
    const accessToken = await options.access.issuer.mint({
      tenantId: principal.tenantId,
      userId: principal.userId,
      agent: agent.name,
      sessionId,
      surface: 'runtime',
      audience: agent.audience,
      roles: [...(principal.roles ?? [])],
      ...(principal.synthetic === true ? { synthetic: true } : {}),
    });
    const result = await options.runtime.run({
      agent: agent.name,
      accessToken,
      input: encodeMcpCall({ id: callId, name: entry.action.name, arguments: forwarded }),
      signal,
    });
    return toCallToolResult(result, callId);
  } catch (error) {
    return errorResult(error);
  }
}
