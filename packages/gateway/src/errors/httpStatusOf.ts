/** Every code a client may see, with its HTTP status; anything else is a 500 `INTERNAL`. */
const STATUS: Readonly<Record<string, number>> = {
  EDGE_UNAUTHENTICATED: 401,
  GATEWAY_FORBIDDEN: 403,
  ACCESS_CONTEXT_INVALID: 403,
  APPROVER_ACCESS_DENIED: 403,
  APPROVAL_KIND_MISMATCH: 409,
  GATEWAY_NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  APPROVAL_NOT_FOUND: 404,
  SESSION_EXPIRED: 410,
  APPROVAL_EXPIRED: 410,
  APPROVAL_ALREADY_RESOLVED: 409,
  RUN_STATE_CONFLICT: 409,
  REQUEST_INVALID: 400,
  SCHEMA_INVALID: 400,
  API_VERSION_UNSUPPORTED: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TENANT_RATE_LIMITED: 429,
  TENANT_BUSY: 429,
  GATEWAY_UNAVAILABLE: 503,
};

/**
 * The HTTP status of an error code.
 * @param code - the error's code
 * @returns its status, or 500 for a code that is not a client's concern
 * @category Gateway
 */
export function httpStatusOf(code: string): number {
  return STATUS[code] ?? 500;
}
