import { randomUUID } from 'node:crypto';
import { AccessContextIssuer, AgentStudioError, ConfigurationError, parseStoreInput } from '@agent-studio/core';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { type GatewayConfig, GatewayConfigSchema } from './config/GatewayConfig.js';
import { limitsFor } from './config/LimitsConfig.js';
import { ContinuationExecutor } from './continuations/ContinuationExecutor.js';
import type { ContinuationQueue } from './continuations/ContinuationQueue.js';
import { InlineContinuationQueue } from './continuations/InlineContinuationQueue.js';
import { GatewayError } from './errors/GatewayError.js';
import { httpStatusOf } from './errors/httpStatusOf.js';
import type { GatewayContext } from './GatewayContext.js';
import type { GatewayOptions } from './GatewayOptions.js';
import type { GatewayPrincipal } from './http/GatewayPrincipal.js';
import { refuseIdentityFields } from './http/parseRequest.js';
import { CANARY_AGENT } from './health/CanaryModel.js';
import { SyntheticProbe } from './health/SyntheticProbe.js';
import { FairScheduler } from './limits/FairScheduler.js';
import { buildOpenApi } from './openapi/buildOpenApi.js';
import { approvalRoutes } from './routes/approvalRoutes.js';
import { authoringRoutes } from './routes/authoringRoutes.js';
import { sessionRoutes } from './routes/sessionRoutes.js';
import { traceRoutes } from './routes/traceRoutes.js';

/**
 * A running gateway.
 * @category Gateway
 */
export interface Gateway {
  /** The fastify instance (use `inject` in tests, `listen` to serve). */
  readonly server: FastifyInstance;
  /** The settings in force. */
  readonly config: GatewayConfig;
  /** The health canary, when configured. */
  readonly probe: SyntheticProbe | undefined;
  /** The registry `/metrics` serves. */
  readonly registry: Registry;
  /**
   * Listens on a port.
   * @param options - host (default 127.0.0.1) and port (default 0: any free port)
   * @returns the address, such as `http://127.0.0.1:8787`
   */
  listen(options?: { readonly host?: string; readonly port?: number }): Promise<string>;
  /** Stops the canary, the continuations and the server. */
  close(): Promise<void>;
}

/** Paths served without a credential: liveness, readiness, metrics and the API description. */
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);

/**
 * Creates the access plane: the only way into the agents (R-API-1). Each request is authenticated
 * at the edge before any handler runs (R-EDGE-1), counted against its tenant's budget for its
 * surface (R-RATE-1), authorized by the core access policy (R-AUTHZ-1), and runs the agent with a
 * short-lived token minted for it and bound to it (R-TOKEN-1), which the runtime verifies.
 *
 * @param options - agents, edge authentication, policy, signing key, stores and settings
 * @returns the gateway (not yet listening)
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for bad settings or two apps serving one agent name
 * @example
 * ```ts
 * const gateway = await createGateway({ apps: [{ runtime }], edge, policy, signing, verifier,
 *   stores: { sessions: new MemorySessionStore(), rateLimiter: new MemoryRateLimiter(), concurrency: new MemoryConcurrencyLimiter() } });
 * console.log(await gateway.listen({ port: 8787 }));
 * ```
 * @category Gateway
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const config = parseStoreInput(GatewayConfigSchema, options.config ?? {}, 'gateway config');
  const agents = new Map<string, { runtime: GatewayOptions['apps'][number]['runtime']; approvals?: NonNullable<GatewayOptions['apps'][number]['approvals']>; audience: 'employee' | 'service' }>();
  const apps = options.canary ? [...options.apps, options.canary.app] : options.apps;
  for (const app of apps) {
    await app.runtime.start();
    for (const agent of app.runtime.agents) {
      if (agents.has(agent.name)) throw new ConfigurationError('CONFIG_INVALID', `Two apps serve an agent named ${agent.name}.`);
      if (agent.name === CANARY_AGENT && app !== options.canary?.app) throw new ConfigurationError('CONFIG_INVALID', `The agent name ${CANARY_AGENT} is reserved for the health canary.`);
      agents.set(agent.name, { runtime: app.runtime, ...(app.approvals ? { approvals: app.approvals } : {}), audience: agent.audience });
    }
  }
  const approvals = new Map([...agents].flatMap(([name, a]) => (a.approvals ? [[name, a.approvals] as const] : [])));
  const executor = new ContinuationExecutor(options.verifier, approvals, new Map([...agents].map(([name, a]) => [name, a.runtime])));
  const continuations: ContinuationQueue = options.continuations ? options.continuations(executor) : new InlineContinuationQueue(executor);
  const registry = options.registry ?? new Registry();
  const requests = new Counter({ name: 'agent_studio_gateway_requests_total', help: 'Gateway requests, by route, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const durations = new Histogram({
    name: 'agent_studio_gateway_request_duration_seconds',
    help: 'Gateway request latency, by route.',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const limited = new Counter({ name: 'agent_studio_gateway_rate_limited_total', help: 'Requests refused by a tenant limit, by resource.', labelNames: ['resource'], registers: [registry] });

  const principals = new WeakMap<FastifyRequest, GatewayPrincipal>();
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  const signing = options.signing;
  const ctx: GatewayContext = {
    config,
    agents,
    stores: options.stores,
    policy: options.policy,
    requestIssuer: new AccessContextIssuer({ ...signing, ttlSeconds: config.tokens.ttlSeconds }),
    continuationIssuer: new AccessContextIssuer({ ...signing, ttlSeconds: config.tokens.continuationTtlSeconds }),
    continuations,
    scheduler: new FairScheduler({ workers: config.workers }),
    logger: options.logger,
    principalOf: (request) => {
      const principal = principals.get(request);
      // the edge hook runs before every handler; a handler without a principal is a wiring bug
      if (!principal) throw new GatewayError('EDGE_UNAUTHENTICATED', 'Unauthenticated.');
      return principal;
    },
    rawBodyOf: (request) => rawBodies.get(request) ?? Buffer.alloc(0),
  };

  const server = Fastify({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    http: { maxHeaderSize: config.maxHeaderBytes },
    // long parameters reach the routes, which authenticate first and then refuse them with the error shape
    routerOptions: { maxParamLength: 8_192 },
    // a URL the router cannot decode still gets the edge check first, then the error shape
    frameworkErrors: (error, request, raw) => {
      const reply = raw as unknown as FastifyReply;
      const requestId = randomUUID();
      reply.header('x-request-id', requestId).header('cache-control', 'no-store');
      options.edge.authenticate(request.headers.authorization).then(
        () => reply.code(400).send({ error: { code: 'REQUEST_INVALID', message: 'The request URL is malformed.', requestId } }),
        () => reply.code(401).header('www-authenticate', 'Bearer').send({ error: { code: 'EDGE_UNAUTHENTICATED', message: 'Unauthenticated: send a valid Bearer credential.', requestId } }),
      );
      void error;
    },
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const status = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const code = status === 431 ? 'REQUEST_INVALID' : 'REQUEST_INVALID';
      const body = JSON.stringify({ error: { code, message: status === 431 ? 'The request headers are too large.' : 'The request is malformed.', requestId: randomUUID() } });
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  server.removeAllContentTypeParsers();
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = body as Buffer;
    rawBodies.set(request, buffer);
    if (buffer.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(buffer.toString('utf8')));
    } catch {
      done(new GatewayError('REQUEST_INVALID', 'The request body is not valid JSON.', { details: { part: 'body' } }), undefined);
    }
  });

  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    reply.header('cache-control', 'no-store');
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC_PATHS.has(path)) return;
    const principal = await options.edge.authenticate(request.headers.authorization);
    principals.set(request, principal);
    if (principal.synthetic) return;
    const surface = ((request.routeOptions.config as { surface?: string } | undefined)?.surface ?? 'runtime') as 'runtime' | 'preview' | 'authoring';
    const limits = limitsFor(config.limits, principal.tenantId);
    const decision = await options.stores.rateLimiter.consume(`${principal.tenantId}:requests:${surface}`, { limit: limits.requests[surface], windowMs: limits.windowMs });
    if (!decision.allowed) {
      limited.inc({ resource: `requests:${surface}` });
      throw new GatewayError('TENANT_RATE_LIMITED', `Rate limited: this tenant's ${surface} budget of ${limits.requests[surface]} requests per ${limits.windowMs / 1000} s is spent.`, {
        details: { retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) },
      });
    }
  });

  server.addHook('preHandler', async (request) => {
    const principal = principals.get(request);
    if (principal) refuseIdentityFields(request.body, principal);
  });

  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    durations.observe({ route }, reply.elapsedTime / 1000);
  });

  server.setErrorHandler((error: FastifyError | AgentStudioError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const { status, code, message } = toHttpError(error);
    if (status >= 500) options.logger?.warn({ requestId: request.id, route: request.routeOptions.url, error: code }, 'request failed');
    const retry = AgentStudioError.is(error) ? (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (status === 429) reply.header('retry-after', String(typeof retry === 'number' ? retry : 1));
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(status).send({ error: { code, message, requestId: String(request.id) } });
  });

  server.setNotFoundHandler(async (request, reply) => {
    const version = /^\/(v\d+)\//.exec(request.url)?.[1];
    if (version !== undefined && version !== 'v1') {
      throw new GatewayError('API_VERSION_UNSUPPORTED', `API version ${version} is not served; this gateway serves v1.`);
    }
    reply.code(404);
    throw new GatewayError('GATEWAY_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });

  sessionRoutes(server, ctx);
  approvalRoutes(server, ctx);
  traceRoutes(server, ctx);
  authoringRoutes(server, ctx);

  const probe = options.canary ? new SyntheticProbe({ server, credential: options.canary.credential, registry, slowMs: config.health.slowMs }) : undefined;
  const openapi = buildOpenApi();
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (_request, reply) => {
    if (!probe) return { status: 'ok' };
    const report = probe.report();
    if (report.status === 'down' || report.status === 'starting') reply.code(503);
    const { status, ...rest } = report;
    return { status, probe: rest };
  });
  server.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  server.get('/openapi.json', async () => openapi);

  let closed = false;
  return {
    server,
    config,
    probe,
    registry,
    async listen(listenOptions = {}) {
      await server.listen({ host: listenOptions.host ?? '127.0.0.1', port: listenOptions.port ?? 0 });
      if (probe && config.health.enabled) probe.start(config.health.intervalMs);
      const address = server.server.address();
      return typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
    },
    async close() {
      if (closed) return;
      closed = true;
      await probe?.stop();
      await server.close();
      await continuations.close();
    },
  };
}

/** Maps any error to the one error shape; internal failures never leak their message. */
function toHttpError(error: unknown): { status: number; code: string; message: string } {
  if (AgentStudioError.is(error)) {
    if (error.code === 'EDGE_UNAUTHENTICATED' && (error.details as { reason?: unknown } | undefined)?.reason === 'keys-unavailable') {
      return { status: 503, code: 'GATEWAY_UNAVAILABLE', message: 'The keys that verify credentials cannot be loaded; retry later.' };
    }
    const status = httpStatusOf(error.code);
    if (status < 500) return { status, code: error.code, message: error.message };
    if (error.code.startsWith('MODEL_') || error.code === 'RATE_LIMITED') return { status: 502, code: error.code, message: 'The model provider failed; retry later.' };
    return { status, code: status === 503 ? error.code : 'INTERNAL', message: status === 503 ? error.message : 'The request failed inside the gateway.' };
  }
  const fastifyCode = (error as { code?: unknown })?.code;
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is larger than the limit.' };
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return { status: statusCode, code: 'REQUEST_INVALID', message: 'The request is not valid.' };
  return { status: 500, code: 'INTERNAL', message: 'The request failed inside the gateway.' };
}
