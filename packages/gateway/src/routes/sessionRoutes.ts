import type { RunResult } from '@agent-studio/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { continuationDigest } from '../continuations/ContinuationJob.js';
import { GatewayError } from '../errors/GatewayError.js';
import { authorize, type GatewayContext } from '../GatewayContext.js';
import { AgentParamsSchema, CreateSessionBodySchema, MessageBodySchema, SessionParamsSchema } from '../http/apiSchemas.js';
import { parseRequest } from '../http/parseRequest.js';
import { requestDigest } from '../http/requestDigest.js';
import { runMessage } from './runMessage.js';

/**
 * `POST /v1/agents/{agent}/sessions`, `POST /v1/preview/agents/{agent}/sessions` and
 * `POST /v1/sessions/{sessionId}/messages`.
 * @internal
 */
export function sessionRoutes(server: FastifyInstance, ctx: GatewayContext): void {
  const create = (surface: 'runtime' | 'preview') => async (request: FastifyRequest, reply: { code(n: number): unknown }) => {
    const principal = ctx.principalOf(request);
    const { agent } = parseRequest(AgentParamsSchema, request.params, 'path');
    parseRequest(CreateSessionBodySchema, request.body, 'body');
    await authorize(ctx, principal, surface === 'preview' ? 'agent.preview' : 'agent.use', agent);
    if (!ctx.agents.has(agent)) throw new GatewayError('GATEWAY_NOT_FOUND', `No agent named ${agent} is served here.`);
    const session = await ctx.stores.sessions.create(
      { tenantId: principal.tenantId, userId: principal.userId, agent, surface, requestId: String(request.id) },
      { ttlMs: ctx.config.sessions.ttlMs, maxLifetimeMs: ctx.config.sessions.maxLifetimeMs },
    );
    reply.code(201);
    return { sessionId: session.id, expiresAt: new Date(session.expiresAt).toISOString() };
  };
  server.post('/v1/agents/:agent/sessions', { config: { surface: 'runtime' } }, create('runtime'));
  server.post('/v1/preview/agents/:agent/sessions', { config: { surface: 'preview' } }, create('preview'));

  server.post('/v1/sessions/:sessionId/messages', { config: { surface: 'runtime' } }, async (request) => {
    const principal = ctx.principalOf(request);
    const { sessionId } = parseRequest(SessionParamsSchema, request.params, 'path');
    const body = parseRequest(MessageBodySchema, request.body, 'body');
    const session = await ctx.stores.sessions.get(sessionId);
    // another user's session answers like an expired one: its existence is not revealed
    if (!session || session.tenantId !== principal.tenantId || session.userId !== principal.userId) {
      throw new GatewayError('SESSION_EXPIRED', 'This session has expired or does not exist; create a new one.');
    }
    await authorize(ctx, principal, session.surface === 'preview' ? 'agent.preview' : 'agent.use', session.agent);
    const digest = requestDigest(request.method, request.url, ctx.rawBodyOf(request));
    let result = await runMessage(ctx, principal, session, body, digest);
    const pending = result.pendingApprovals ?? [];
    if (result.status === 'suspended' && pending.length > 0 && pending.every((p) => p.approval.kind === 'async')) {
      // R-LOOP-7: the async calls run on a worker (or here, without one), as this user (R-TOKEN-4)
      const calls = pending.map((p) => p.callId);
      const job = { kind: 'async' as const, agent: session.agent, tenantId: principal.tenantId, runId: result.runId, anchorId: `async.${calls.join('.')}`.slice(0, 128), calls };
      const accessToken = await ctx.continuationIssuer.mint({
        tenantId: principal.tenantId,
        userId: principal.userId,
        agent: session.agent,
        sessionId: session.id,
        runId: result.runId,
        surface: session.surface === 'preview' ? 'preview' : 'runtime',
        audience: ctx.agents.get(session.agent)?.audience ?? 'employee',
        roles: principal.roles,
        requestDigest: continuationDigest(job),
        ...(principal.synthetic ? { synthetic: true } : {}),
      });
      const receipt = await ctx.continuations.enqueue({ ...job, accessToken });
      if (receipt.mode === 'executed' && receipt.run) result = receipt.run;
    }
    const touched = await ctx.stores.sessions.touch(session.id, { executionId: result.runId, requestId: String(request.id) });
    if (!touched) ctx.logger?.info({ sessionId: session.id }, 'the session expired while its run was going on');
    return toMessageResult(result);
  });
}

/** The API view of a run result; a failed run is an error. */
function toMessageResult(result: RunResult): Record<string, unknown> {
  if (result.status === 'failed') {
    const error = result.error;
    throw error ?? new GatewayError('GATEWAY_UNAVAILABLE', 'The run failed.');
  }
  if (result.status === 'blocked' && result.block?.code === 'TENANT_RATE_LIMITED') {
    throw new GatewayError('TENANT_RATE_LIMITED', `Rate limited: ${result.block.reason}.`, { details: { retryAfterSeconds: 1 } });
  }
  return {
    runId: result.runId,
    status: result.status,
    ...(result.reply !== undefined ? { reply: result.reply } : {}),
    ...(result.pendingApprovals && result.pendingApprovals.length > 0
      ? {
          pendingApprovals: result.pendingApprovals.map((p) => ({
            callId: p.callId,
            action: p.action,
            kind: p.approval.kind,
            ...(typeof p.approval.details?.pendingActionId === 'string' ? { pendingActionId: p.approval.details.pendingActionId } : {}),
            ...(typeof p.approval.reason === 'string' ? { reason: p.approval.reason } : {}),
          })),
        }
      : {}),
    ...(result.block ? { block: { code: result.block.code, reason: result.block.reason } } : {}),
  };
}
