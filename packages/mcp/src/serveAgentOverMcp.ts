import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { type AccessPolicy, ConfigurationError } from '@agent-studio/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { type AgentMcpServerOptions, prepareServedAgent, type ServedAgent, serverFor } from './createAgentMcpServer.js';
import type { McpPrincipal } from './McpPrincipal.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Serve over stdio: one local principal, the process owner.
 * @category MCP
 */
export interface StdioServeOptions {
  /** Always `stdio`. */
  readonly type: 'stdio';
  /** Who every call runs as. */
  readonly principal: McpPrincipal;
  /** Where requests come from (default `process.stdin`). */
  readonly stdin?: Readable;
  /** Where the protocol goes (default `process.stdout`); nothing else is ever written there. */
  readonly stdout?: Writable;
}

/**
 * Something that turns an `Authorization` header into a principal or throws: the gateway's
 * `EdgeAuthenticator` fits.
 * @category MCP
 */
export interface BearerAuthenticator {
  /**
   * Authenticates one request.
   * @param authorization - the `Authorization` header, if any
   * @returns who it is
   * @throws anything when the credential is missing or not valid (the request is refused with 401)
   */
  authenticate(authorization: string | undefined): Promise<McpPrincipal>;
}

/**
 * Serve over Streamable HTTP (stateless): every request is authenticated on its own
 * `Authorization: Bearer <JWT>`, and refused with 401 before anything runs when it fails.
 * @category MCP
 */
export interface HttpServeOptions {
  /** Always `http`. */
  readonly type: 'http';
  /** Verifies each request's bearer credential (an `EdgeAuthenticator`). */
  readonly edge: BearerAuthenticator;
  /**
   * The core access policy (R-AUTHZ-1): each request's caller must be allowed `agent.use` on the
   * served agent, or gets 403 before anything runs. Required: authentication alone grants nothing.
   */
  readonly policy: AccessPolicy;
  /** The port (default 0: a free one). */
  readonly port?: number;
  /** The host (default `127.0.0.1`). */
  readonly host?: string;
  /** The endpoint path (default `/mcp`). */
  readonly path?: string;
}

/**
 * Options of {@link serveAgentOverMcp}.
 * @category MCP
 */
export interface ServeAgentOverMcpOptions extends AgentMcpServerOptions {
  /** stdio (one local principal) or Streamable HTTP (edge authentication per request). */
  readonly transport: StdioServeOptions | HttpServeOptions;
}

/**
 * A running MCP server.
 * @category MCP
 */
export interface McpServeHandle {
  /** The endpoint, for Streamable HTTP. */
  readonly url?: string;
  /** Settles when the server stopped (stdin ended, or {@link McpServeHandle.close}). */
  readonly closed: Promise<void>;
  /**
   * Stops serving (the runtime is left to its owner to stop).
   * @returns when stopped
   */
  close(): Promise<void>;
}

/**
 * Serves an agent's actions as MCP tools, over stdio or Streamable HTTP. Every call is one run of
 * the agent as the caller, through the whole plugin pipeline (see {@link createAgentMcpServer}).
 *
 * @param options - the runtime (on a {@link DirectCallModel}), the agent, the access issuer and the transport
 * @returns a handle to stop it
 * @throws {@link @agent-studio/core!index.ConfigurationError} when the agent is unknown or the port cannot be bound
 * @example
 * ```ts
 * const edge = await EdgeAuthenticator.create(edgeOptions);
 * const handle = await serveAgentOverMcp({ runtime, access: authority, transport: { type: 'http', edge, port: 3333 } });
 * console.error(`MCP on ${handle.url}`);
 * ```
 * @category MCP
 */
export async function serveAgentOverMcp(options: ServeAgentOverMcpOptions): Promise<McpServeHandle> {
  const served = await prepareServedAgent(options);
  return options.transport.type === 'stdio' ? serveStdio(served, options.transport) : serveHttp(served, options.transport);
}

async function serveStdio(served: ServedAgent, options: StdioServeOptions): Promise<McpServeHandle> {
  const stdin = options.stdin ?? process.stdin;
  const server = serverFor(served, options.principal, randomUUID());
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  let finish: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= server
      .close()
      .catch(() => undefined)
      .finally(() => {
        stdin.off('end', onEnd);
        finish();
      });
    return closing;
  };
  const onEnd = (): void => void close();
  stdin.on('end', onEnd);
  transport.onclose = () => finish();
  await server.connect(transport);
  return { closed, close };
}

async function serveHttp(served: ServedAgent, options: HttpServeOptions): Promise<McpServeHandle> {
  const path = options.path ?? '/mcp';
  const http = createServer((req, res) => {
    void handle(served, options.edge, options.policy, path, req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, jsonRpcError(-32603, 'Internal error'));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await listen(http, options.port ?? 0, host);
  const { port } = http.address() as AddressInfo;
  let finish: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    closed,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }).finally(finish);
      return closing;
    },
  };
}

async function handle(served: ServedAgent, edge: BearerAuthenticator, policy: AccessPolicy, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== path) return reply(res, 404, jsonRpcError(-32601, 'Not found'));
  // authentication first: nothing of the request is read, and nothing runs, before it succeeds
  let principal: McpPrincipal;
  try {
    principal = await edge.authenticate(req.headers.authorization);
  } catch {
    res.setHeader('WWW-Authenticate', 'Bearer');
    return reply(res, 401, jsonRpcError(-32001, 'Unauthorized: a valid Authorization: Bearer credential is required.'));
  }
  let allowed = false;
  try {
    const answer = await policy.authorize({ tenantId: principal.tenantId, userId: principal.userId, roles: [...(principal.roles ?? [])], operation: 'agent.use', agent: served.agent.name });
    allowed = answer?.allowed === true;
  } catch {
    allowed = false; // fail closed
  }
  if (!allowed) return reply(res, 403, jsonRpcError(-32003, `Forbidden: you may not use agent ${served.agent.name}.`));
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return reply(res, 405, jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC requests with POST.'));
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return reply(res, 400, jsonRpcError(-32700, 'Parse error: the body is not JSON (at most 4 MB).'));
  }
  const who: McpPrincipal = {
    userId: principal.userId,
    tenantId: principal.tenantId,
    roles: [...(principal.roles ?? [])],
    ...(principal.synthetic === true ? { synthetic: true } : {}),
  };
  const server = serverFor(served, who, randomUUID());
  const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
  res.on('close', () => {
    void transport.close().catch(() => undefined);
    void server.close().catch(() => undefined);
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ConfigurationError('CONFIG_INVALID', `The MCP server cannot listen on ${host}:${port} (${error.code ?? error.message}).`, { cause: error }));
    };
    http.once('error', onError);
    http.listen(port, host, () => {
      http.off('error', onError);
      resolve();
    });
  });
}

function jsonRpcError(code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
}
