import type { PendingAction } from '@agent-studio/core';
import type { ApprovalOutcome } from '@agent-studio/plugin-approvals';
import type { FastifyInstance } from 'fastify';
import { continuationDigest } from '../continuations/ContinuationJob.js';
import { GatewayError } from '../errors/GatewayError.js';
import { authorize, type GatewayContext } from '../GatewayContext.js';
import { ApprovalParamsSchema, ApprovalsQuerySchema, DecisionBodySchema } from '../http/apiSchemas.js';
import { parseRequest } from '../http/parseRequest.js';
import { requestDigest } from '../http/requestDigest.js';

/** The API view of a pending action (no arguments: they may hold personal data). */
function view(pa: PendingAction): Record<string, unknown> {
  return {
    id: pa.id,
    runId: pa.runId,
    callId: pa.callId,
    action: pa.action,
    kind: pa.kind,
    status: pa.status === 'awaiting' ? 'pending' : pa.status,
    requestedBy: pa.userId,
    reason: pa.reason,
    createdAt: new Date(pa.createdAt).toISOString(),
    expiresAt: new Date(pa.expiresAt).toISOString(),
    ...(pa.decidedBy ? { decidedBy: pa.decidedBy } : {}),
  };
}

/**
 * `GET /v1/approvals?status=pending` and `POST /v1/approvals/{id}/decision`. A decision is made by
 * the agent's approval service with a token minted for the approver; when it leaves the run ready,
 * the run goes on as its original user with a freshly minted token (R-TOKEN-4), here or on a worker.
 * @internal
 */
export function approvalRoutes(server: FastifyInstance, ctx: GatewayContext): void {
  server.get('/v1/approvals', { config: { surface: 'runtime' } }, async (request) => {
    const principal = ctx.principalOf(request);
    const { status } = parseRequest(ApprovalsQuerySchema, request.query, 'query');
    await authorize(ctx, principal, 'approval.list');
    const store = ctx.stores.pendingActions;
    if (!store) return { approvals: [] };
    const list = await store.list({ tenantId: principal.tenantId, status: status === 'pending' ? 'awaiting' : status });
    // confirmations belong to the user who asked, in their conversation; approvers see approvals
    return { approvals: list.filter((pa) => pa.kind === 'approval').map(view) };
  });

  server.post('/v1/approvals/:id/decision', { config: { surface: 'runtime' } }, async (request) => {
    const principal = ctx.principalOf(request);
    const { id } = parseRequest(ApprovalParamsSchema, request.params, 'path');
    const body = parseRequest(DecisionBodySchema, request.body, 'body');
    await authorize(ctx, principal, 'approval.decide');
    const pa = await ctx.stores.pendingActions?.get(id);
    if (!pa || pa.tenantId !== principal.tenantId) throw new GatewayError('GATEWAY_NOT_FOUND', `No pending action ${id} in your tenant.`);
    const stored = (await ctx.stores.runStates?.load(pa.runId)) as { state?: { agent?: unknown } } | undefined;
    const agentName = typeof stored?.state?.agent === 'string' ? stored.state.agent : undefined;
    const agent = agentName === undefined ? undefined : ctx.agents.get(agentName);
    if (!agent?.approvals || agentName === undefined) {
      throw new GatewayError('APPROVAL_ALREADY_RESOLVED', `Pending action ${id} has no suspended run any more (it finished or expired).`);
    }
    const accessToken = await ctx.requestIssuer.mint({
      tenantId: principal.tenantId,
      userId: principal.userId,
      agent: agentName,
      sessionId: `approval:${id}`,
      surface: 'runtime',
      audience: agent.audience,
      roles: principal.roles,
      requestDigest: requestDigest(request.method, request.url, ctx.rawBodyOf(request)),
    });
    const input = { id, accessToken, ...(body.comment ? { comment: body.comment } : {}) };
    const outcome: ApprovalOutcome = body.decision === 'approve' ? await agent.approvals.approve(input, { defer: true }) : await agent.approvals.reject(input, { defer: true });
    const c = outcome.continuation;
    if (!c) return { approval: view(outcome.action), continuation: 'waiting' };
    const job = { agent: c.agent, tenantId: c.tenantId, runId: c.runId, anchorId: outcome.action.id };
    const token = await ctx.continuationIssuer.mint({
      tenantId: c.tenantId,
      userId: c.userId,
      agent: c.agent,
      sessionId: c.sessionId,
      runId: c.runId,
      surface: 'runtime',
      audience: c.audience,
      requestDigest: continuationDigest(job),
    });
    const receipt = await ctx.continuations.enqueue({ ...job, accessToken: token });
    if (receipt.mode === 'queued') return { approval: view(outcome.action), continuation: 'queued' };
    const after = (await ctx.stores.pendingActions?.get(id)) ?? outcome.action;
    return {
      approval: view(after),
      continuation: receipt.run ? 'executed' : 'waiting',
      ...(receipt.run ? { run: { runId: receipt.run.runId, status: receipt.run.status } } : {}),
    };
  });
}
