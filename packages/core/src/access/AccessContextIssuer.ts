import { randomUUID } from 'node:crypto';
import { type CryptoKey, type KeyObject, SignJWT } from 'jose';
import { ConfigurationError } from '../errors/AgentStudioError.js';
import type { AccessGrant } from './AccessContext.js';

/**
 * Options of an {@link AccessContextIssuer}.
 * @category Access
 */
export interface AccessContextIssuerOptions {
  /** The Ed25519 private key that signs tokens. */
  readonly privateKey: CryptoKey | KeyObject;
  /** The key id written in the token header, for rotation. */
  readonly keyId: string;
  /** The `iss` claim. */
  readonly issuer: string;
  /** The `aud` claim: the service the token is for. */
  readonly audience: string;
  /** Lifetime in seconds (default 60, at most 900). */
  readonly ttlSeconds?: number;
}

/**
 * Mints short-lived signed AccessContext tokens (R-TOKEN-1). Only the access layer holds the
 * private key; clients can never mint one (R-TOKEN-2).
 *
 * @example
 * ```ts
 * const token = await issuer.mint({ tenantId: 't1', userId: 'u1', agent: 'order-status',
 *   sessionId: 's1', surface: 'runtime', audience: 'service' });
 * ```
 * @category Access
 */
export class AccessContextIssuer {
  readonly #options: AccessContextIssuerOptions;
  readonly #ttl: number;

  /**
   * @param options - key, key id, issuer, audience and lifetime
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the lifetime is not 1..900 seconds
   */
  constructor(options: AccessContextIssuerOptions) {
    const ttl = options.ttlSeconds ?? 60;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 900) {
      throw new ConfigurationError('CONFIG_INVALID', `ttlSeconds must be an integer from 1 to 900, got ${ttl}. Tokens are meant to be short-lived.`);
    }
    this.#options = options;
    this.#ttl = ttl;
  }

  /**
   * Mints one token.
   * @param grant - tenant, user, agent, session, surface, audience and optional run, roles and digest
   * @returns the compact JWS
   */
  async mint(grant: AccessGrant): Promise<string> {
    const claims: Record<string, unknown> = {
      tenant: grant.tenantId,
      agent: grant.agent,
      session: grant.sessionId,
      surface: grant.surface,
      agentAudience: grant.audience,
      roles: grant.roles ?? [],
    };
    if (grant.runId !== undefined) claims.run = grant.runId;
    if (grant.synthetic === true) claims.synthetic = true;
    if (grant.requestDigest !== undefined) claims.digest = grant.requestDigest;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.#options.keyId, typ: 'agent-studio-access+jwt' })
      .setIssuer(this.#options.issuer)
      .setAudience(this.#options.audience)
      .setSubject(grant.userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.#ttl}s`)
      .sign(this.#options.privateKey);
  }
}
