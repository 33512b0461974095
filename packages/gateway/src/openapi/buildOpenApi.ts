import { z } from 'zod';
import {
  AgentDraftBodySchema,
  AgentDraftResultSchema,
  ApprovalListSchema,
  DecisionBodySchema,
  DecisionResultSchema,
  ErrorBodySchema,
  HealthSchema,
  MessageBodySchema,
  MessageResultSchema,
  SessionCreatedSchema,
  TraceResultSchema,
} from '../http/apiSchemas.js';

/**
 * A JSON object.
 * @category Gateway
 */
export type Json = Record<string, unknown>;

const schema = (s: z.ZodType): Json => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
const json = (s: z.ZodType): Json => ({ content: { 'application/json': { schema: schema(s) } } });
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: ERROR_TEXT[status] ?? 'Error', ...json(ErrorBodySchema) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'The request is not valid (REQUEST_INVALID, API_VERSION_UNSUPPORTED).',
  401: 'No valid credential (EDGE_UNAUTHENTICATED).',
  403: 'The access policy refused (GATEWAY_FORBIDDEN, APPROVER_ACCESS_DENIED).',
  404: 'Not found for this caller (GATEWAY_NOT_FOUND).',
  409: 'Already decided or conflicting (APPROVAL_ALREADY_RESOLVED, RUN_STATE_CONFLICT).',
  410: 'The session (or approval) expired (SESSION_EXPIRED, APPROVAL_EXPIRED).',
  413: 'The body is too large (BODY_TOO_LARGE).',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  429: "A tenant limit is reached (TENANT_RATE_LIMITED, TENANT_BUSY); see Retry-After.",
};
const COMMON = [400, 401, 403, 413, 415, 429];
const param = (name: string, description: string): Json => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

/**
 * The OpenAPI 3.1 description of the gateway's v1 API, built from the same zod schemas the routes
 * validate with, so the document and the behaviour cannot drift apart.
 * @returns the document (served at `GET /openapi.json`)
 * @category Gateway
 */
export function buildOpenApi(): Json {
  const secured = { security: [{ bearer: [] }] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agent Studio gateway',
      version: '1.0.0',
      description:
        'The access plane of Agent Studio: every request is authenticated at the edge (Bearer JWT), authorized by the core policy, rate limited per tenant, and runs agents with a short-lived token minted for it. Errors share one shape: {error: {code, message, requestId}}.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: {
      '/v1/agents/{agent}/sessions': {
        post: {
          ...secured,
          summary: 'Start a session with an agent (runtime surface; needs agent:use).',
          parameters: [param('agent', 'The agent name.')],
          requestBody: { required: false, ...json(z.strictObject({})) },
          responses: { '201': { description: 'Created.', ...json(SessionCreatedSchema) }, ...errors(...COMMON, 404) },
        },
      },
      '/v1/preview/agents/{agent}/sessions': {
        post: {
          ...secured,
          summary: 'Start a design-time session (preview surface; needs authoring permission). Tagged preview.',
          parameters: [param('agent', 'The agent name.')],
          requestBody: { required: false, ...json(z.strictObject({})) },
          responses: { '201': { description: 'Created.', ...json(SessionCreatedSchema) }, ...errors(...COMMON, 404) },
        },
      },
      '/v1/sessions/{sessionId}/messages': {
        post: {
          ...secured,
          summary: 'Send a message, or confirm a pending call of the session ({confirm: {callId}}).',
          parameters: [param('sessionId', 'From the session creation.')],
          requestBody: { required: true, ...json(MessageBodySchema) },
          responses: { '200': { description: 'The run ended completed, suspended or blocked.', ...json(MessageResultSchema) }, ...errors(...COMMON, 409, 410) },
        },
      },
      '/v1/runs/{runId}/trace': {
        get: {
          ...secured,
          summary: "A run's audit trail, masked as stored. The run's user, or trace:read.",
          parameters: [param('runId', 'The run id.')],
          responses: { '200': { description: 'The steps.', ...json(TraceResultSchema) }, ...errors(...COMMON, 404) },
        },
      },
      '/v1/approvals': {
        get: {
          ...secured,
          summary: "The tenant's approvals (needs approval:decide).",
          parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['pending', 'approved', 'rejected', 'expired', 'executing', 'done', 'failed'] } }],
          responses: { '200': { description: 'The approvals.', ...json(ApprovalListSchema) }, ...errors(...COMMON) },
        },
      },
      '/v1/approvals/{id}/decision': {
        post: {
          ...secured,
          summary: 'Approve or reject; the run resumes as its original user (here, or on a worker).',
          parameters: [param('id', 'The pending action id.')],
          requestBody: { required: true, ...json(DecisionBodySchema) },
          responses: { '200': { description: 'Decided.', ...json(DecisionResultSchema) }, ...errors(...COMMON, 404, 409, 410) },
        },
      },
      '/v1/agents/{agent}': {
        put: {
          ...secured,
          summary: 'Validate a draft of an agent against its registered actions (authoring surface; agent admins only).',
          parameters: [param('agent', 'The agent name.')],
          requestBody: { required: true, ...json(AgentDraftBodySchema) },
          responses: { '200': { description: 'The draft is valid; its content hash.', ...json(AgentDraftResultSchema) }, ...errors(...COMMON, 404) },
        },
      },
      '/healthz': { get: { summary: 'Liveness.', responses: { '200': { description: 'Alive.', ...json(HealthSchema) } } } },
      '/readyz': {
        get: {
          summary: 'Readiness, from the synthetic canary probes.',
          responses: { '200': { description: 'ok or degraded.', ...json(HealthSchema) }, '503': { description: 'down or starting.', ...json(HealthSchema) } },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics.', responses: { '200': { description: 'Text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
    },
  };
}
