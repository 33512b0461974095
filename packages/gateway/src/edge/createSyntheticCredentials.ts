import { randomUUID } from 'node:crypto';
import { ConfigurationError } from '@agent-studio/core';
import { type CryptoKey, generateKeyPair, type KeyObject, SignJWT } from 'jose';
import { isIdentifier } from './isIdentifier.js';

/**
 * The identity a synthetic token carries.
 * @category Edge
 */
export interface SyntheticIdentity {
  /** The tenant id (written in `tid`). */
  readonly tenantId: string;
  /** The user id (written in `sub`). */
  readonly userId: string;
  /** The roles (written in `roles`; default none). */
  readonly roles?: readonly string[];
}

/**
 * What {@link createSyntheticCredentials} returns: the `synthetic` option of the edge, and a
 * minter of tokens it accepts.
 * @category Edge
 */
export interface SyntheticCredentials {
  /** Pass as `synthetic` in the options of {@link EdgeAuthenticator.create}. */
  readonly verifierOptions: {
    /** The public half of the in-memory Ed25519 key. */
    readonly publicKey: CryptoKey | KeyObject;
    /** The `iss` of synthetic tokens. */
    readonly issuer: string;
    /** The `aud` of synthetic tokens. */
    readonly audience: string;
  };
  /**
   * Mints a synthetic token (EdDSA, 60 s) for the given identity.
   * @param identity - tenant, user and roles
   * @returns the compact JWS
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the tenant, user or a role is not a usable id
   */
  mint(identity: SyntheticIdentity): Promise<string>;
}

/**
 * Options of {@link createSyntheticCredentials}.
 * @category Edge
 */
export interface SyntheticCredentialsOptions {
  /** The `iss` of synthetic tokens (default `agent-studio.synthetic`); it must differ from every trusted issuer. */
  readonly issuer?: string;
  /** The `aud` of synthetic tokens (default `agent-studio.synthetic`). */
  readonly audience?: string;
}

/**
 * Makes the gateway's own synthetic credentials, for its health canary: an Ed25519 key pair that
 * lives in memory only (the private key cannot be exported), a verifier option for the edge and a
 * minter of 60-second tokens. The edge verifies a token of this issuer with this key only, and
 * marks its principal `synthetic: true`.
 *
 * @example
 * ```ts
 * const canary = await createSyntheticCredentials();
 * const edge = await EdgeAuthenticator.create({ ...options, synthetic: canary.verifierOptions });
 * const token = await canary.mint({ tenantId: 'health', userId: 'canary' });
 * ```
 * @param options - issuer and audience of the synthetic tokens
 * @returns the verifier options and the minter
 * @category Edge
 */
export async function createSyntheticCredentials(options: SyntheticCredentialsOptions = {}): Promise<SyntheticCredentials> {
  const issuer = options.issuer ?? 'agent-studio.synthetic';
  const audience = options.audience ?? 'agent-studio.synthetic';
  if (issuer.length === 0 || audience.length === 0) {
    throw new ConfigurationError('CONFIG_INVALID', 'createSyntheticCredentials: issuer and audience must be non-empty strings.');
  }
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: false });
  const kid = `synthetic-${randomUUID()}`;
  return {
    verifierOptions: Object.freeze({ publicKey, issuer, audience }),
    async mint(identity: SyntheticIdentity): Promise<string> {
      const roles = identity.roles ?? [];
      if (!isIdentifier(identity.tenantId) || !isIdentifier(identity.userId) || !roles.every(isIdentifier)) {
        throw new ConfigurationError('CONFIG_INVALID', 'createSyntheticCredentials: tenantId, userId and roles must be non-empty strings of at most 256 characters with no control character.');
      }
      return new SignJWT({ tid: identity.tenantId, roles: [...roles] })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(identity.userId)
        .setJti(randomUUID())
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('60s')
        .sign(privateKey);
    },
  };
}
