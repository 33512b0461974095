import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { AccessContextIssuer } from './AccessContextIssuer.js';
import { AccessContextVerifier } from './AccessContextVerifier.js';

/**
 * An issuer and a verifier sharing one key pair.
 * @category Access
 */
export interface LocalAccessAuthority {
  /** Mints tokens (the access layer's half). */
  readonly issuer: AccessContextIssuer;
  /** Verifies them (the runtime's half). */
  readonly verifier: AccessContextVerifier;
}

/**
 * Creates an in-process access authority with a fresh Ed25519 key pair that lives only in
 * memory. It is for the embedded default (the CLI acting as its own access layer), examples and
 * tests; a deployment mints tokens in the gateway and gives the runtime only the public key.
 *
 * @param options - issuer and audience names
 * @returns the issuer and verifier
 * @example
 * ```ts
 * const { issuer, verifier } = await createLocalAccessAuthority();
 * ```
 * @category Access
 */
export async function createLocalAccessAuthority(
  options: { readonly issuer?: string; readonly audience?: string; readonly ttlSeconds?: number } = {},
): Promise<LocalAccessAuthority> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const issuerName = options.issuer ?? 'agent-studio.local';
  const audience = options.audience ?? 'agent-studio.runtime';
  return {
    issuer: new AccessContextIssuer({
      privateKey,
      keyId: randomUUID(),
      issuer: issuerName,
      audience,
      ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }),
    }),
    verifier: new AccessContextVerifier({ key: publicKey, issuer: issuerName, audience }),
  };
}
