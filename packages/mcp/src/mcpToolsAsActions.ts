import {
  type ActionAudience,
  type ActionDefinition,
  type ActionEffect,
  type ActionVisibility,
  ConfigurationError,
  contextInput,
  defineAction,
  field,
  isAbortError,
} from '@agent-studio/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { jsonSchemaToZod } from './jsonSchemaToZod.js';
import { McpToolError } from './McpToolError.js';

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ERROR_TEXT = 500;
/** The context-bound input a service action carries (R-ACT-VER-1); it is never sent to the remote tool. */
const VERIFIED_CUSTOMER_KEY = 'verifiedCustomerId';

/**
 * What may be changed for one remote tool. Each field loosens or tightens the default
 * classification (private, external, confirmation required) only because you wrote it here; the
 * tool's own annotations (such as `readOnlyHint`) never change it. The registration rules of SPEC
 * §12 still apply to the result: a write, delete or external action without confirmation needs a
 * written `confirmationWaiver`.
 * @category MCP
 */
export interface McpToolOverrides {
  /** The action's name (default: the prefix and the tool's name). */
  readonly name?: string;
  /** The description the model reads (default: the tool's). */
  readonly description?: string;
  /** What the tool does to the world (default `external`). */
  readonly effect?: ActionEffect;
  /** Public or private (default `private`). */
  readonly visibility?: ActionVisibility;
  /** Whether each call needs the user's confirmation (default true). */
  readonly requiresConfirmation?: boolean;
  /** Why a write, delete or external tool needs no confirmation (required to set `requiresConfirmation: false` on one). */
  readonly confirmationWaiver?: string;
  /** Whether it returns non-public data (default: true for a private action). */
  readonly returnsNonPublicData?: boolean;
  /** Top-level inputs that carry personal data (the PII plugins mask them). */
  readonly piiInputs?: readonly string[];
  /** How long a call may take, in milliseconds. */
  readonly timeoutMs?: number;
}

/**
 * Options of {@link mcpToolsAsActions}.
 * @category MCP
 */
export interface McpToolsAsActionsOptions {
  /** The audience of the agents that will use the actions (required: there is no safe default). */
  readonly audience: ActionAudience;
  /** The server's name in the default prefix (default: the name the server reports). */
  readonly serverName?: string;
  /** The prefix of every action name (default `mcp_<server>_`). */
  readonly prefix?: string;
  /** Only these remote tools (by their remote name); default all. */
  readonly only?: readonly string[];
  /** Per-tool changes, by remote tool name. */
  readonly tools?: Readonly<Record<string, McpToolOverrides>>;
  /** How long a call may take, in milliseconds (default: the agent's action timeout). */
  readonly timeoutMs?: number;
}

/**
 * The part of the SDK's `Client` this module uses.
 * @category MCP
 */
export type McpToolClient = Pick<Client, 'listTools' | 'callTool' | 'getServerVersion'>;

/**
 * Turns the tools of a connected MCP server into Agent Studio actions. Each action is named
 * `mcp_<server>_<tool>` (or as the options say), described by the tool, with an input schema
 * converted from the tool's JSON Schema, and classified **private, external and requiring
 * confirmation** unless the options loosen one tool explicitly. Its `run` calls the tool with
 * `client.callTool` and returns the structured content, or the text; a result with `isError`
 * becomes a failed action result with code `MCP_TOOL_ERROR`.
 *
 * @remarks
 * For a `service` audience each action also takes the verified customer id from context
 * (R-ACT-VER-1), so the identity plugin refuses it until the customer is verified; the id is not
 * sent to the remote tool.
 *
 * @param client - a connected SDK `Client`
 * @param options - audience (required), prefix, tool filter and per-tool overrides
 * @returns the action definitions, in the server's order
 * @throws {@link @agent-studio/core!index.ConfigurationError} `ACTION_SCHEMA_INVALID` when a tool's input schema
 *   cannot be converted, `CONFIG_INVALID` when a name is not valid, twice, or an option names an unknown tool
 * @example
 * ```ts
 * const client = new Client({ name: 'agent-studio', version: '0.1.0' });
 * await client.connect(new StdioClientTransport({ command: 'weather-mcp' }));
 * const actions = await mcpToolsAsActions(client, { audience: 'employee' });
 * const container = createContainer({ ..., actions, modules: [approvalsModule()] });
 * ```
 * @category MCP
 */
export async function mcpToolsAsActions(client: McpToolClient, options: McpToolsAsActionsOptions): Promise<ActionDefinition[]> {
  if (options.audience !== 'employee' && options.audience !== 'service') {
    throw new ConfigurationError('CONFIG_INVALID', "mcpToolsAsActions: set audience: 'employee' or 'service' (the agents that will use the tools).");
  }
  const remote = await listAll(client);
  const serverName = options.serverName ?? client.getServerVersion()?.name ?? 'server';
  const prefix = options.prefix ?? `mcp_${slug(serverName)}_`;
  const only = options.only === undefined ? undefined : new Set(options.only);
  const known = new Set(remote.map((t) => t.name));
  for (const name of [...(only ?? []), ...Object.keys(options.tools ?? {})]) {
    if (!known.has(name)) throw new ConfigurationError('CONFIG_INVALID', `mcpToolsAsActions: the server has no tool "${name}" (it has: ${[...known].join(', ') || 'none'}).`);
  }
  const names = new Set<string>();
  const actions: ActionDefinition[] = [];
  for (const tool of remote) {
    if (only !== undefined && !only.has(tool.name)) continue;
    const overrides = Object.hasOwn(options.tools ?? {}, tool.name) ? (options.tools?.[tool.name] ?? {}) : {};
    const name = overrides.name ?? `${prefix}${tool.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    if (!NAME_PATTERN.test(name)) {
      throw new ConfigurationError('CONFIG_INVALID', `mcpToolsAsActions: the action name "${name}" for tool "${tool.name}" is not valid (1-64 letters, digits, "_" or "-"). Set a shorter prefix or tools["${tool.name}"].name.`);
    }
    if (names.has(name.toLowerCase())) {
      throw new ConfigurationError('CONFIG_INVALID', `mcpToolsAsActions: two tools map to the action name "${name}". Set tools["${tool.name}"].name.`);
    }
    names.add(name.toLowerCase());
    actions.push(toAction(client, tool, name, overrides, options));
  }
  return actions;
}

async function listAll(client: McpToolClient): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) break;
  }
  return tools;
}

function toAction(client: McpToolClient, tool: Tool, name: string, overrides: McpToolOverrides, options: McpToolsAsActionsOptions): ActionDefinition {
  const remoteInput = jsonSchemaToZod(tool.inputSchema, tool.name);
  const pii = new Set(overrides.piiInputs ?? []);
  const shape: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(remoteInput.shape as Record<string, z.ZodType>)) {
    shape[key] = pii.has(key) ? field(schema, { pii: true }) : schema;
  }
  for (const key of pii) {
    if (!Object.hasOwn(shape, key)) throw new ConfigurationError('CONFIG_INVALID', `mcpToolsAsActions: tools["${tool.name}"].piiInputs names "${key}", which is not an input of the tool.`);
  }
  const service = options.audience === 'service';
  if (service) {
    if (Object.hasOwn(shape, VERIFIED_CUSTOMER_KEY)) {
      throw new ConfigurationError('ACTION_SCHEMA_INVALID', `MCP tool "${tool.name}" has an input named "${VERIFIED_CUSTOMER_KEY}", which a service action reserves for the verified customer.`);
    }
    shape[VERIFIED_CUSTOMER_KEY] = contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' });
  }
  const input = remoteInput.extend(shape) as z.ZodObject;
  const timeoutMs = overrides.timeoutMs ?? options.timeoutMs;
  const description = (overrides.description ?? tool.description ?? '').trim() || `Calls the MCP tool "${tool.name}".`;
  return defineAction({
    name,
    description,
    audience: options.audience,
    visibility: overrides.visibility ?? 'private',
    effect: overrides.effect ?? 'external',
    requiresConfirmation: overrides.requiresConfirmation ?? true,
    ...(overrides.confirmationWaiver === undefined ? {} : { confirmationWaiver: overrides.confirmationWaiver }),
    ...(overrides.returnsNonPublicData === undefined ? {} : { returnsNonPublicData: overrides.returnsNonPublicData }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    input,
    run: async (args, ctx) => {
      const forwarded: Record<string, unknown> = { ...(args as Record<string, unknown>) };
      if (service) delete forwarded[VERIFIED_CUSTOMER_KEY];
      let result: Awaited<ReturnType<McpToolClient['callTool']>>;
      try {
        result = await client.callTool({ name: tool.name, arguments: forwarded }, undefined, { signal: ctx.signal, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
      } catch (cause) {
        if (ctx.signal.aborted || isAbortError(cause)) throw cause;
        throw new McpToolError('MCP_CALL_FAILED', `The MCP tool "${tool.name}" could not be called.`, { cause, retryable: true, details: { tool: tool.name } });
      }
      const content = Array.isArray(result.content) ? (result.content as { type?: unknown; text?: unknown; mimeType?: unknown }[]) : [];
      const text = content
        .filter((c) => c.type === 'text' && typeof c.text === 'string')
        .map((c) => c.text as string)
        .join('\n');
      if (result.isError === true) {
        const said = text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
        throw new McpToolError('MCP_TOOL_ERROR', said === '' ? `The MCP tool "${tool.name}" reported an error.` : `The MCP tool "${tool.name}" reported an error: ${said}`, {
          details: { tool: tool.name },
        });
      }
      const structured = (result as { structuredContent?: unknown }).structuredContent;
      if (structured !== undefined && structured !== null) return structured;
      const others = content.filter((c) => c.type !== 'text').map((c) => ({ type: String(c.type), ...(typeof c.mimeType === 'string' ? { mimeType: c.mimeType } : {}) }));
      return others.length === 0 ? text : { text, omitted: others };
    },
  });
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s === '' ? 'server' : s;
}
