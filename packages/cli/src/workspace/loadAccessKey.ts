import { join, resolve } from 'node:path';
import { AccessContextVerifier, ConfigurationError } from '@agent-studio/core';
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { readOrCreateSecretFile } from './readOrCreateSecretFile.js';

/**
 * The key pair the gateway mints AccessContext tokens with, shared by every gateway and worker of a
 * deployment (they read the same file, or `AGENT_STUDIO_ACCESS_KEY_FILE`).
 * @category CLI
 */
export interface AccessKey {
  /** The Ed25519 private key (gateways only need it). */
  readonly privateKey: CryptoKey;
  /** Its key id. */
  readonly keyId: string;
  /** The tokens' issuer. */
  readonly issuer: 'agent-studio.gateway';
  /** The tokens' audience. */
  readonly audience: 'agent-studio.runtime';
  /** Verifies tokens signed with it (runtimes and workers). */
  readonly verifier: AccessContextVerifier;
}

/**
 * Loads the access key from `AGENT_STUDIO_ACCESS_KEY_FILE` or `<home>/access-key.json`, making it
 * on first use (mode 0600; a concurrent first use keeps the first file written).
 * @param home - the workspace directory
 * @param env - the environment
 * @returns the key and its verifier
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the file is not an Ed25519 private JWK
 * @category CLI
 */
export async function loadAccessKey(home: string, env: NodeJS.ProcessEnv = process.env): Promise<AccessKey> {
  const file = env.AGENT_STUDIO_ACCESS_KEY_FILE ? resolve(env.AGENT_STUDIO_ACCESS_KEY_FILE) : join(home, 'access-key.json');
  const text = await readOrCreateSecretFile(file, async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    return `${JSON.stringify(await exportJWK(privateKey))}\n`;
  });
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new ConfigurationError('CONFIG_INVALID', `${file} is not a JSON Web Key. Delete it to make a new one.`);
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new ConfigurationError('CONFIG_INVALID', `${file} is not an Ed25519 private key.`);
  const privateKey = (await importJWK(jwk, 'EdDSA')) as CryptoKey;
  const { d: _d, ...publicJwk } = jwk;
  const publicKey = (await importJWK(publicJwk, 'EdDSA')) as CryptoKey;
  const keyId = await calculateJwkThumbprint(publicJwk);
  const issuer = 'agent-studio.gateway' as const;
  const audience = 'agent-studio.runtime' as const;
  return { privateKey, keyId, issuer, audience, verifier: new AccessContextVerifier({ key: publicKey, issuer, audience }) };
}
