import { PolicyViolationError, ProviderError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The egress policy refused an outbound HTTP call before any byte was sent (R-EGRESS-1/2/3). */
    EGRESS_DENIED: true;
    /** An outbound HTTP response was larger than the `maxResponseBytes` limit. */
    EGRESS_RESPONSE_TOO_LARGE: true;
    /** An outbound HTTP call did not finish within its timeout. */
    EGRESS_TIMEOUT: true;
    /** An outbound HTTP call could not be made (DNS failure, connection refused, reset). */
    EGRESS_NETWORK_ERROR: true;
  }
}

/**
 * Why the egress layer refused a call; the `reason` in an `EGRESS_DENIED` error's details.
 * - `invalid-url`: not an absolute URL;
 * - `scheme`: not `http`/`https`, or not a scheme the matching rules allow;
 * - `host-not-allowed`: the tenant's or the agent's list has no rule for the host (or no list);
 * - `port`: the matching rules do not allow the port;
 * - `llm-api`: a third-party LLM API host (SPEC §12), refused whatever the allowlist says;
 * - `metadata-address`: a cloud metadata host name or address;
 * - `private-address`: the host resolves to a loopback, link-local, private, unspecified or
 *   reserved address that no IP or CIDR rule allows;
 * - `too-many-redirects`: more redirects than `maxRedirects`;
 * - `credential-conflict`: the caller set the header the egress layer injects a credential into;
 * - `credential-ambiguous`: the matching rules name different credentials;
 * - `header-not-allowed`: the caller set the `Host` header.
 * @category Egress
 */
export type EgressDenyReason =
  | 'invalid-url'
  | 'scheme'
  | 'host-not-allowed'
  | 'port'
  | 'llm-api'
  | 'metadata-address'
  | 'private-address'
  | 'too-many-redirects'
  | 'credential-conflict'
  | 'credential-ambiguous'
  | 'header-not-allowed';

/**
 * The details of an `EGRESS_DENIED` error: what was refused and why; never a credential value,
 * a header value, a query string or a body.
 * @category Egress
 */
export interface EgressDenial {
  /** Why. */
  readonly reason: EgressDenyReason;
  /** The tenant the call was made for. */
  readonly tenantId: string;
  /** The agent the call was made for. */
  readonly agent: string;
  /** The URL scheme, without the colon. */
  readonly scheme?: string;
  /** The host name or IP literal. */
  readonly host?: string;
  /** The port. */
  readonly port?: number;
  /** The offending resolved address (for `private-address` and `metadata-address`). */
  readonly address?: string;
  /** Which list refused (for `host-not-allowed`, `scheme` and `port`). */
  readonly list?: 'tenant' | 'agent';
  /** How many redirects were followed before the refusal. */
  readonly redirects: number;
}

/**
 * An outbound HTTP call refused by the egress policy (code `EGRESS_DENIED`), thrown before any
 * byte leaves the process. `details` is an {@link EgressDenial}.
 * @example
 * ```ts
 * try { await ctx.http('https://internal.example.com/'); }
 * catch (e) { if (EgressDeniedError.isDenial(e)) console.log(e.details?.reason); }
 * ```
 * @category Egress
 */
export class EgressDeniedError extends PolicyViolationError {
  /**
   * @param message - what was refused, why, and how to allow it
   * @param denial - the structured facts
   */
  constructor(message: string, denial: EgressDenial) {
    super('EGRESS_DENIED', message, { details: { ...denial } });
  }

  /**
   * Whether a value is an `EGRESS_DENIED` error from any copy of the package.
   * @param value - anything caught
   * @returns true for an egress refusal
   */
  static isDenial(value: unknown): value is EgressDeniedError {
    return PolicyViolationError.hasCode(value, 'EGRESS_DENIED');
  }
}

/**
 * A response body larger than `maxResponseBytes` (code `EGRESS_RESPONSE_TOO_LARGE`). Thrown by
 * the egress fetch when `Content-Length` already says so, otherwise by the body reader once the
 * limit is crossed.
 * @category Egress
 */
export class EgressResponseTooLargeError extends PolicyViolationError {
  /**
   * @param host - the host that answered
   * @param limit - the limit in bytes
   */
  constructor(host: string, limit: number) {
    super('EGRESS_RESPONSE_TOO_LARGE', `The response from ${host} is larger than the limit of ${limit} bytes; it was cut off.`, {
      details: { host, limit },
    });
  }
}

/**
 * An outbound call that timed out (`EGRESS_TIMEOUT`) or failed on the network
 * (`EGRESS_NETWORK_ERROR`); both are retryable.
 * @category Egress
 */
export class EgressTransportError extends ProviderError {}
