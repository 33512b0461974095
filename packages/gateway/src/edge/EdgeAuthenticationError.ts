import { AgentStudioError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The edge could not authenticate the caller: the bearer token is missing, malformed or not valid (R-EDGE-1). */
    EDGE_UNAUTHENTICATED: true;
  }
}

/**
 * Why the edge refused a credential, one value per failure (the `details.reason` of an
 * {@link EdgeAuthenticationError}).
 * @category Edge
 */
export const EdgeAuthenticationReasons = [
  'missing',
  'malformed',
  'too-large',
  'algorithm',
  'signature',
  'unknown-key',
  'expired',
  'not-yet-valid',
  'issuer',
  'audience',
  'claims',
  'keys-unavailable',
] as const;

/**
 * One of {@link EdgeAuthenticationReasons}.
 * @category Edge
 */
export type EdgeAuthenticationReason = (typeof EdgeAuthenticationReasons)[number];

const MESSAGES: Readonly<Record<EdgeAuthenticationReason, string>> = {
  missing: 'No credential was given. Send an Authorization header of the form "Bearer <token>".',
  malformed: 'The credential is malformed. Send an Authorization header of the form "Bearer <token>" with a compact signed JWT.',
  'too-large': 'The bearer token is larger than this gateway accepts.',
  algorithm: 'The bearer token is signed with an algorithm this gateway does not accept.',
  signature: 'The bearer token signature is not valid.',
  'unknown-key': 'The bearer token is signed with a key this gateway does not know.',
  expired: 'The bearer token has expired. Obtain a new token.',
  'not-yet-valid': 'The bearer token is not valid yet.',
  issuer: 'The bearer token was issued by an issuer this gateway does not trust.',
  audience: 'The bearer token is not meant for this gateway.',
  claims: 'The bearer token lacks a valid tenant, user or roles claim.',
  'keys-unavailable': 'The gateway cannot check credentials right now because its signing keys are unavailable. Retry later.',
};

/**
 * Options of an {@link EdgeAuthenticationError}.
 * @category Edge
 */
export interface EdgeAuthenticationErrorOptions {
  /** The error this one wraps (kept server-side; never part of {@link EdgeAuthenticationError.toJSON}). */
  readonly cause?: unknown;
  /** The configured claim name at fault, for reason `claims`. */
  readonly claim?: string;
}

/**
 * The one error the edge throws for a credential it refuses (R-EDGE-1): code
 * `EDGE_UNAUTHENTICATED`, with `details.reason` telling why. The message is fixed per reason and
 * safe to return to the client: it never echoes the token or its claims.
 *
 * @remarks
 * Answer with HTTP 401 (and `WWW-Authenticate: Bearer`); reason `keys-unavailable` is a failure
 * of the gateway's key source, not of the caller, so it is `retryable` and may be answered with
 * 503 instead. Either way the request is refused (fail closed).
 *
 * @example
 * ```ts
 * try { principal = await edge.authenticate(request.headers.authorization); }
 * catch (e) { if (AgentStudioError.hasCode(e, 'EDGE_UNAUTHENTICATED')) return reply.code(401).send({ error: e.message }); throw e; }
 * ```
 * @category Edge
 */
export class EdgeAuthenticationError extends AgentStudioError {
  /** Why the credential was refused; also in `details.reason`. */
  readonly reason: EdgeAuthenticationReason;

  /**
   * @param reason - why the credential was refused
   * @param options - the wrapped cause and the claim at fault
   */
  constructor(reason: EdgeAuthenticationReason, options: EdgeAuthenticationErrorOptions = {}) {
    super('EDGE_UNAUTHENTICATED', MESSAGES[reason], {
      details: options.claim === undefined ? { reason } : { reason, claim: options.claim },
      retryable: reason === 'keys-unavailable',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.reason = reason;
  }
}
