import type { KeyObject as NodeKeyObject } from 'node:crypto';
import { type CryptoKey, type JWTVerifyGetKey, type KeyObject, jwtVerify } from 'jose';
import { AccessDeniedError } from '../errors/AgentStudioError.js';
import { type AccessContext, AccessContextSchema } from './AccessContext.js';
import { type Ed25519JwtExpectation, ed25519PublicKeyObject, verifyEd25519Jwt } from './verifyEd25519Jwt.js';

/**
 * Options of an {@link AccessContextVerifier}.
 * @category Access
 */
export interface AccessContextVerifierOptions {
  /** The public key, or a key resolver such as `createLocalJWKSet(jwks)` for rotation by `kid`. */
  readonly key: CryptoKey | KeyObject | JWTVerifyGetKey;
  /** The expected `iss`. */
  readonly issuer: string;
  /** The expected `aud`. */
  readonly audience: string;
  /** Allowed clock skew in seconds (default 5). */
  readonly clockToleranceSeconds?: number;
}

/**
 * What the verifying boundary expects of a token besides a valid signature.
 * @category Access
 */
export interface AccessExpectation {
  /** The agent the call is for; a token for another agent is refused. */
  readonly agent?: string;
  /** The request digest the token must be bound to. */
  readonly requestDigest?: string;
}

/**
 * Verifies AccessContext tokens at every boundary (R-TOKEN-3, R-API-1): signature (EdDSA only,
 * never `none`), issuer, audience, expiry, not-before, claim shape, and the expected agent and
 * request digest.
 *
 * @example
 * ```ts
 * const access = await verifier.verify(token, { agent: 'order-status' });
 * ```
 * @category Access
 */
export class AccessContextVerifier {
  readonly #options: AccessContextVerifierOptions;
  /** The Ed25519 public key as a node key object, converted once; undefined for a key resolver. */
  readonly #keyObject: NodeKeyObject | undefined;
  readonly #expectation: Ed25519JwtExpectation;

  /** @param options - key, issuer, audience and clock tolerance */
  constructor(options: AccessContextVerifierOptions) {
    this.#options = options;
    this.#keyObject = ed25519PublicKeyObject(options.key);
    this.#expectation = Object.freeze({
      issuer: options.issuer,
      audience: options.audience,
      typ: TOKEN_TYPE,
      clockToleranceSeconds: options.clockToleranceSeconds ?? 5,
      requiredClaims: REQUIRED_CLAIMS,
    });
  }

  /**
   * Verifies a token and returns the context it carries.
   * @param token - the compact JWS
   * @param expect - the agent and request digest the token must match
   * @returns the verified, frozen context
   * @throws {@link AccessDeniedError} `ACCESS_CONTEXT_INVALID` on any failure
   */
  async verify(token: unknown, expect: AccessExpectation = {}): Promise<AccessContext> {
    if (typeof token !== 'string' || token.length === 0) {
      throw deny('no access context token was given; the runtime runs only with a token minted by the access layer', 'missing');
    }
    let payload: Record<string, unknown>;
    try {
      if (this.#keyObject !== undefined) {
        // an Ed25519 key: verified on this thread, without WebCrypto's thread-pool round trip
        payload = verifyEd25519Jwt(token, this.#keyObject, this.#expectation);
      } else {
        const verifyOptions = {
          issuer: this.#options.issuer,
          audience: this.#options.audience,
          algorithms: ['EdDSA'],
          clockTolerance: this.#expectation.clockToleranceSeconds,
          requiredClaims: [...REQUIRED_CLAIMS],
          typ: TOKEN_TYPE,
        };
        const key = this.#options.key;
        const result =
          typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
        payload = result.payload as Record<string, unknown>;
      }
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? 'ERR_JWS_INVALID';
      throw deny(`the access context token failed verification (${code})`, code, cause);
    }
    const parsed = AccessContextSchema.safeParse({
      tenantId: payload.tenant,
      userId: payload.sub,
      agent: payload.agent,
      sessionId: payload.session,
      runId: payload.run,
      surface: payload.surface,
      audience: payload.agentAudience,
      roles: payload.roles,
      synthetic: payload.synthetic ?? false,
      tokenId: payload.jti,
      requestDigest: payload.digest,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
    });
    if (!parsed.success) throw deny('the access context token lacks required claims', 'claims');
    const access = parsed.data;
    if (expect.agent !== undefined && access.agent !== expect.agent) {
      throw deny(`the token is for agent "${access.agent}", not "${expect.agent}"`, 'agent-mismatch');
    }
    if (expect.requestDigest !== undefined && access.requestDigest !== expect.requestDigest) {
      throw deny('the token is bound to another request', 'digest-mismatch');
    }
    return Object.freeze({ ...access, roles: Object.freeze([...access.roles]) });
  }
}

const TOKEN_TYPE = 'agent-studio-access+jwt';
const REQUIRED_CLAIMS: readonly string[] = Object.freeze(['sub', 'jti', 'iat', 'exp', 'nbf']);

function deny(reason: string, check: string, cause?: unknown): AccessDeniedError {
  return new AccessDeniedError('ACCESS_CONTEXT_INVALID', `Access refused: ${reason}.`, {
    details: { check },
    ...(cause === undefined ? {} : { cause }),
  });
}
