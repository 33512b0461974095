import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors/GatewayError.js';
import { authorize, type GatewayContext } from '../GatewayContext.js';
import { RunParamsSchema } from '../http/apiSchemas.js';
import { parseRequest } from '../http/parseRequest.js';

/**
 * `GET /v1/runs/{runId}/trace`: the run's audit trail as stored (masked by the audit plugin's
 * content policy). The user who started the run may read it; anyone else needs `trace.read` in
 * the same tenant. Runs of other tenants do not exist for the caller.
 * @internal
 */
export function traceRoutes(server: FastifyInstance, ctx: GatewayContext): void {
  server.get('/v1/runs/:runId/trace', { config: { surface: 'runtime' } }, async (request) => {
    const principal = ctx.principalOf(request);
    const { runId } = parseRequest(RunParamsSchema, request.params, 'path');
    const steps = (await ctx.stores.traces?.list(runId)) ?? [];
    const own = steps.filter((s) => s.tenantId === principal.tenantId);
    if (own.length === 0 || own.length !== steps.length) throw new GatewayError('GATEWAY_NOT_FOUND', `No trace for run ${runId} in your tenant.`);
    const owner = own.some((s) => (s.data as { originalUserId?: unknown } | undefined)?.originalUserId === principal.userId);
    if (!owner) await authorize(ctx, principal, 'trace.read');
    return { runId, steps: own };
  });
}
