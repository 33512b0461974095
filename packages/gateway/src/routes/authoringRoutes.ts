import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/GatewayError.js';
import { authorize, type GatewayContext } from '../GatewayContext.js';
import { AgentDraftBodySchema, AgentParamsSchema } from '../http/apiSchemas.js';
import { parseRequest } from '../http/parseRequest.js';

/**
 * `PUT /v1/agents/{agent}`: the authoring surface, for agent admins only (R-API-3). It validates a
 * draft of the agent against the actions its runtime registers and records its version; drafts are
 * not yet applied to runs.
 * @internal
 */
export function authoringRoutes(server: FastifyInstance, ctx: GatewayContext): void {
  const versions = new Map<string, number>();
  server.put('/v1/agents/:agent', { config: { surface: 'authoring' } }, async (request) => {
    const principal = ctx.principalOf(request);
    const { agent } = parseRequest(AgentParamsSchema, request.params, 'path');
    const draft = parseRequest(AgentDraftBodySchema, request.body, 'body');
    await authorize(ctx, principal, 'agent.author', agent);
    const served = ctx.agents.get(agent);
    if (!served) throw new GatewayError('GATEWAY_NOT_FOUND', `No agent named ${agent} is served here.`);
    for (const capability of draft.capabilities ?? []) {
      if (served.runtime.actions.get(capability.action) === undefined) {
        throw new GatewayError('REQUEST_INVALID', `The draft names action ${capability.action}, which agent ${agent} does not register.`, { details: { part: 'body', path: 'capabilities' } });
      }
    }
    const key = `${principal.tenantId}:${agent}`;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return { agent, version, status: 'draft' };
  });
}
