import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/GatewayError.js';
import { authorize, type GatewayContext } from '../GatewayContext.js';
import { AgentDraftBodySchema, AgentParamsSchema } from '../http/apiSchemas.js';
import { parseRequest } from '../http/parseRequest.js';

/**
 * `PUT /v1/agents/{agent}`: the authoring surface, for agent admins only (R-API-3). It validates a
 * draft of the agent against the actions its runtime registers and answers with the draft's
 * content hash as its version. It keeps no state (any instance answers the same); drafts are not
 * applied to runs: agents are deployed as code.
 * @internal
 */
export function authoringRoutes(server: FastifyInstance, ctx: GatewayContext): void {
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
    const version = createHash('sha256').update(JSON.stringify([agent, draft.description ?? null, draft.instructions ?? null, draft.capabilities ?? null])).digest('hex').slice(0, 16);
    return { agent, version, status: 'validated' };
  });
}
