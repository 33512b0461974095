import { AgentStudioError, type RunResult, type Session } from '@agent-studio/core';
import { GatewayError } from '../errors/GatewayError.js';
import type { GatewayContext } from '../GatewayContext.js';
import type { GatewayPrincipal } from '../http/GatewayPrincipal.js';
import { limitsFor } from '../config/LimitsConfig.js';

/**
 * What a message asks of the run.
 * @internal
 */
export type MessageIntent = { readonly content: string; readonly variables?: Readonly<Record<string, string | number | boolean>> | undefined } | { readonly confirm: { readonly callId: string; readonly decision: 'approve' | 'reject'; readonly comment?: string | undefined } };

/**
 * Runs one message of a session: takes a concurrency lease for the tenant (shared by every
 * instance), waits its fair turn for a worker, mints a token bound to this request, and runs or
 * resumes the agent, which verifies that token before anything else.
 * @internal
 */
export async function runMessage(
  ctx: GatewayContext,
  principal: GatewayPrincipal,
  session: Session,
  intent: MessageIntent,
  requestDigest: string,
): Promise<RunResult> {
  const agent = ctx.agents.get(session.agent);
  if (!agent) throw new GatewayError('GATEWAY_NOT_FOUND', `Agent ${session.agent} is not served here any more.`);
  const limits = limitsFor(ctx.config.limits, principal.tenantId);
  const leaseKey = `${principal.tenantId}:runs`;
  let leaseId: string | undefined;
  if (!principal.synthetic) {
    const lease = await ctx.stores.concurrency.acquire(leaseKey, { limit: limits.concurrentRuns, leaseMs: ctx.config.runLeaseMs });
    if (!lease.allowed || lease.leaseId === undefined) {
      throw new GatewayError('TENANT_BUSY', `This tenant already has ${limits.concurrentRuns} runs in flight; retry shortly.`, { details: { retryAfterSeconds: 1 } });
    }
    leaseId = lease.leaseId;
  }
  try {
    const queueShare = principal.synthetic ? 1 : limits.queuedRuns;
    return await ctx.scheduler.run(principal.synthetic ? '\u0000synthetic' : principal.tenantId, queueShare, async () => {
      const accessToken = await ctx.requestIssuer.mint({
        tenantId: principal.tenantId,
        userId: principal.userId,
        agent: session.agent,
        sessionId: session.id,
        surface: session.surface === 'preview' ? 'preview' : 'runtime',
        audience: agent.audience,
        roles: principal.roles,
        requestDigest,
        ...(principal.synthetic ? { synthetic: true } : {}),
      });
      if ('content' in intent) {
        return agent.runtime.run({ agent: session.agent, accessToken, input: intent.content, requestDigest, ...(intent.variables ? { variables: intent.variables } : {}) });
      }
      const runId = session.executionId;
      if (runId === undefined) throw new GatewayError('REQUEST_INVALID', 'This session has no run waiting for a confirmation.');
      const { callId, decision, comment } = intent.confirm;
      return agent.runtime.resume({ accessToken, runId, requestDigest, decisions: [{ callId, decision, ...(comment ? { comment } : {}) }] });
    });
  } finally {
    if (leaseId !== undefined) {
      await ctx.stores.concurrency.release(leaseKey, leaseId).catch((error: unknown) => {
        ctx.logger?.warn({ error: AgentStudioError.is(error) ? error.code : (error as Error).name }, 'could not release a run lease; it expires by itself');
      });
    }
  }
}
