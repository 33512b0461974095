import type { AccessContextIssuer, AccessOperation, AccessPolicy, AgentRuntime, Logger } from '@agent-studio/core';
import type { ApprovalService } from '@agent-studio/plugin-approvals';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from './config/GatewayConfig.js';
import type { ContinuationQueue } from './continuations/ContinuationQueue.js';
import { GatewayError } from './errors/GatewayError.js';
import type { GatewayStores } from './GatewayOptions.js';
import type { GatewayPrincipal } from './http/GatewayPrincipal.js';
import { CANARY_AGENT } from './health/CanaryModel.js';
import type { FairScheduler } from './limits/FairScheduler.js';

/**
 * What the routes share: the served agents, the stores, the token issuers and the policy.
 * @internal
 */
export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly agents: ReadonlyMap<string, { readonly runtime: AgentRuntime; readonly approvals?: ApprovalService; readonly audience: 'employee' | 'service' }>;
  readonly stores: GatewayStores;
  readonly policy: AccessPolicy;
  readonly requestIssuer: AccessContextIssuer;
  readonly continuationIssuer: AccessContextIssuer;
  readonly continuations: ContinuationQueue;
  readonly scheduler: FairScheduler;
  readonly logger: Logger | undefined;
  /** The verified principal of a request (set by the edge hook before any handler). */
  principalOf(request: FastifyRequest): GatewayPrincipal;
  /** The raw body of a request (for the request digest). */
  rawBodyOf(request: FastifyRequest): Buffer;
}

/**
 * Asks the core policy, with the canary's fences around it: synthetic principals may use only the
 * canary agent, and nobody else may use it.
 * @param ctx - the gateway
 * @param principal - who asks
 * @param operation - what they ask
 * @param agent - the agent concerned
 * @throws {@link GatewayError} `GATEWAY_FORBIDDEN` when refused
 * @internal
 */
export async function authorize(ctx: GatewayContext, principal: GatewayPrincipal, operation: AccessOperation, agent?: string): Promise<void> {
  if (principal.synthetic || agent === CANARY_AGENT) {
    if (principal.synthetic && agent === CANARY_AGENT && operation === 'agent.use') return;
    throw new GatewayError('GATEWAY_FORBIDDEN', 'Forbidden: the health canary is reachable only with the gateway\'s synthetic credential.');
  }
  let answer: { allowed: boolean; reason: string };
  try {
    answer = await ctx.policy.authorize({ tenantId: principal.tenantId, userId: principal.userId, roles: principal.roles, operation, ...(agent === undefined ? {} : { agent }) });
  } catch (cause) {
    throw new GatewayError('GATEWAY_FORBIDDEN', 'Forbidden: the access policy could not decide (fail closed).', { cause });
  }
  if (answer?.allowed !== true) {
    throw new GatewayError('GATEWAY_FORBIDDEN', `Forbidden: ${operation}${agent ? ` on agent ${agent}` : ''} ${typeof answer?.reason === 'string' ? answer.reason : 'is not granted'}.`, {
      details: { operation },
    });
  }
}
