import { resolve } from 'node:path';
import { createLocalAccessAuthority, RoleAccessPolicy } from '@agent-studio/core';
import { EdgeAuthenticator, ensureDevelopmentIdentity } from '@agent-studio/gateway';
import { DirectCallModel, type McpServeHandle, serveAgentOverMcp } from '@agent-studio/mcp';
import { loadAgentApp } from '../loadAgentApp.js';
import { DEFAULT_ROLE_GRANTS } from '../serve/ServeConfig.js';
import { buildRuntime } from '../workspace/buildRuntime.js';
import { openWorkspace, type Workspace } from '../workspace/Workspace.js';

/**
 * Options of `agent-studio mcp serve`.
 * @category CLI
 */
export interface McpServeCommandOptions {
  /** Serve Streamable HTTP (edge authentication with the development JWKS) instead of stdio. */
  readonly http: boolean;
  /** The HTTP port (default 0: a free one). */
  readonly port?: number;
  /** The HTTP host (default 127.0.0.1). */
  readonly host?: string;
  /** Over stdio: the user every call runs as. */
  readonly user: string;
  /** Over stdio: the tenant. */
  readonly tenant: string;
  /** Over stdio: the roles. */
  readonly roles?: readonly string[];
}

/**
 * A running `agent-studio mcp serve`.
 * @category CLI
 */
export interface McpServeCommandHandle {
  /** What to tell the person who started it (standard error over stdio: standard output is the protocol's). */
  readonly banner: string;
  /** Whether the transport is stdio. */
  readonly stdio: boolean;
  /** Settles when the server stopped on its own (stdin ended). */
  readonly closed: Promise<void>;
  /**
   * Stops the server, the runtime (its plugins write what they queued) and the stores.
   * @returns when everything is closed
   */
  close(): Promise<void>;
}

/**
 * Runs `agent-studio mcp serve <agent-file>`: serves the agent's actions as MCP tools, every call
 * through the whole plugin pipeline. Over stdio (the default) every call runs as `--user` in
 * `--tenant`, the process owner; nothing but the protocol is written to standard output (logs go
 * to standard error). With `--http`, each request is authenticated with its
 * `Authorization: Bearer` credential against the development JWKS in `AGENT_STUDIO_HOME` (mint one
 * with `agent-studio token`).
 * @param file - the agent file
 * @param options - transport, port, host and the stdio principal
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`, `AGENT_STUDIO_LOG_LEVEL`)
 * @returns the running server
 * @throws {@link @agent-studio/core!index.ConfigurationError} for a bad agent file or an unusable port
 * @category CLI
 */
export async function mcpServeCommand(file: string, options: McpServeCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<McpServeCommandHandle> {
  const app = await loadAgentApp(file);
  const authority = await createLocalAccessAuthority();
  const home = resolve(env.AGENT_STUDIO_HOME && env.AGENT_STUDIO_HOME.length > 0 ? env.AGENT_STUDIO_HOME : '.agent-studio');
  let workspace: Workspace | undefined;
  let stopRuntime: (() => Promise<void>) | undefined;
  try {
    workspace = await openWorkspace(env);
    const { runtime } = await buildRuntime(app, new DirectCallModel(), workspace, authority, env);
    stopRuntime = () => runtime.stop();
    let handle: McpServeHandle;
    let banner: string;
    if (options.http) {
      const dev = await ensureDevelopmentIdentity(home);
      const edge = await EdgeAuthenticator.create(dev.edgeAuthOptions);
      handle = await serveAgentOverMcp({
        runtime,
        agent: app.agent.name,
        access: authority,
        transport: { type: 'http', edge, policy: new RoleAccessPolicy(DEFAULT_ROLE_GRANTS), ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }) },
      });
      banner = [
        `agent-studio MCP server for agent ${app.agent.name} on ${handle.url} (Streamable HTTP)`,
        `  edge: development JWKS ${dev.jwksFile}; get a token with: agent-studio token --user u1 --tenant t1`,
        `  every call runs through the plugins: ${runtime.plugins.map((p) => p.manifest.name).join(', ') || '(none)'}`,
      ].join('\n');
    } else {
      handle = await serveAgentOverMcp({
        runtime,
        agent: app.agent.name,
        access: authority,
        transport: { type: 'stdio', principal: { userId: options.user, tenantId: options.tenant, roles: [...(options.roles ?? [])] } },
      });
      banner = `agent-studio MCP server for agent ${app.agent.name} on stdio, as user ${options.user} in tenant ${options.tenant}`;
    }
    const ws = workspace;
    const stop = stopRuntime;
    let closing: Promise<void> | undefined;
    return {
      banner,
      stdio: !options.http,
      closed: handle.closed,
      close: () => {
        closing ??= (async () => {
          await handle.close();
          await stop();
          await ws.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await stopRuntime?.().catch(() => undefined);
    await workspace?.close().catch(() => undefined);
    throw error;
  }
}
