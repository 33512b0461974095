import { AgentStudioError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The core access policy refused the operation (R-AUTHZ-1). */
    GATEWAY_FORBIDDEN: true;
    /** The session does not exist any more: it expired or was never made (R-SESS-2). */
    SESSION_EXPIRED: true;
    /** A tenant's budget for this window is spent (R-RATE-1). */
    TENANT_RATE_LIMITED: true;
    /** A tenant has as many runs in flight, or queued, as it may (R-RATE-1, R-BLAST-1). */
    TENANT_BUSY: true;
    /** No such route, agent, run or approval for this caller. */
    GATEWAY_NOT_FOUND: true;
    /** The request is not valid: malformed JSON, wrong types, unknown fields. */
    REQUEST_INVALID: true;
    /** The body is larger than the limit. */
    BODY_TOO_LARGE: true;
    /** The body is not `application/json`. */
    UNSUPPORTED_MEDIA_TYPE: true;
    /** The path names an API version this gateway does not serve (R-API-2). */
    API_VERSION_UNSUPPORTED: true;
    /** The gateway is shutting down or a dependency (store, queue) is unavailable. */
    GATEWAY_UNAVAILABLE: true;
  }
}

/**
 * A typed refusal of the gateway, turned into one HTTP error shape
 * `{ error: { code, message, requestId } }` with the status its code maps to. Messages are safe to
 * return to the caller: they never carry a credential, a prompt or a stored value.
 * @category Gateway
 */
export class GatewayError extends AgentStudioError {}
