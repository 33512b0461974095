/**
 * The access plane of Agent Studio: an HTTP gateway (fastify) that is the only way into the agents.
 *
 * - Edge authentication: `Authorization: Bearer <JWT>` verified against a JWKS, before any handler
 *   runs (R-EDGE-1); tenant and user come only from the token's claims (R-EDGE-3).
 * - Authorization in the core: a {@link @agent-studio/core!index.AccessPolicy} decides who may use,
 *   preview or author an agent, decide approvals and read traces (R-AUTHZ-1, R-API-3).
 * - Minted tokens: every run gets a short-lived EdDSA AccessContext token bound to its request,
 *   which the runtime verifies and spends once (R-TOKEN-1..3); continuations get a fresh one for
 *   the original user (R-TOKEN-4).
 * - Per-tenant limits: requests per surface, runs in flight, model calls and tokens, in a shared
 *   store; fair queueing between tenants (R-RATE-1, R-BLAST-1).
 * - Sessions with a sliding TTL and an absolute maximum (R-SESS-*), a synthetic canary
 *   (R-HEALTH-*), `/metrics`, `/openapi.json`, and BullMQ continuations for `agent-studio worker`.
 *
 * @example
 * ```ts
 * const gateway = await createGateway({ apps: [{ runtime, approvals }], edge: await EdgeAuthenticator.create(edgeOptions),
 *   policy: new RoleAccessPolicy({ roles: { user: ['agent:use:*'] } }), signing, verifier, stores });
 * console.log(await gateway.listen({ port: 8787 }));
 * ```
 * @packageDocumentation
 */

export { type Gateway, createGateway } from './createGateway.js';
export type { GatewayApp, GatewayOptions, GatewaySigningKey, GatewayStores } from './GatewayOptions.js';
export { type GatewayConfig, type GatewayConfigInput, GatewayConfigSchema } from './config/GatewayConfig.js';
export { type LimitsConfig, LimitsConfigSchema, limitsFor } from './config/LimitsConfig.js';
export { type TenantLimits, type TenantLimitsInput, TenantLimitsSchema } from './config/TenantLimits.js';
export { GatewayError } from './errors/GatewayError.js';
export { httpStatusOf } from './errors/httpStatusOf.js';
export type { EdgeAuthentication, GatewayPrincipal } from './http/GatewayPrincipal.js';
export { requestDigest } from './http/requestDigest.js';
export { FairScheduler } from './limits/FairScheduler.js';
export { TENANT_QUOTA_PRIORITY, TenantQuotaPlugin } from './limits/TenantQuotaPlugin.js';
export { CANARY_ACTION, CANARY_AGENT, CanaryModel } from './health/CanaryModel.js';
export { createCanaryApp } from './health/createCanaryApp.js';
export { type HealthStatus, type ProbeReport, SyntheticProbe, type SyntheticProbeOptions } from './health/SyntheticProbe.js';
export { type ContinuationJob, ContinuationJobSchema, continuationDigest } from './continuations/ContinuationJob.js';
export type { ContinuationQueue, ContinuationReceipt } from './continuations/ContinuationQueue.js';
export { ContinuationExecutor, type ContinuationOutcome } from './continuations/ContinuationExecutor.js';
export { InlineContinuationQueue } from './continuations/InlineContinuationQueue.js';
export { type BullMqOptions, BullMqContinuationQueue, CONTINUATION_QUEUE, startContinuationWorker } from './continuations/BullMqContinuationQueue.js';
export { buildOpenApi, type Json } from './openapi/buildOpenApi.js';
export {
  createSyntheticCredentials,
  EdgeAlgorithms,
  EdgeAuthenticationError,
  EdgeAuthenticationReasons,
  EdgeAuthenticator,
  EdgeAuthOptionsSchema,
  ensureDevelopmentIdentity,
  parseEdgeAuthOptions,
  PublicJwksSchema,
} from './edge/index.js';
export type {
  DevelopmentIdentity,
  DevelopmentTokenRequest,
  EdgeAlgorithm,
  EdgeAuthenticationErrorOptions,
  EdgeAuthenticationReason,
  EdgeAuthOptions,
  EdgeAuthOptionsInput,
  EdgePrincipal,
  SyntheticCredentials,
  SyntheticCredentialsOptions,
  SyntheticIdentity,
} from './edge/index.js';
