// Shared fixtures of the edge specs: key pairs with a kid, a token signer, temp dirs, and a way
// to read the reason of a refusal.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentStudioError } from '@agent-studio/core';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export const ISSUER = 'https://login.example.test/';
export const AUDIENCE = 'agent-studio.gateway';

export interface TestKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function aKey(kid = 'k1', alg: 'EdDSA' | 'ES256' | 'RS256' = 'EdDSA'): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

export interface SignOptions {
  readonly header?: Record<string, unknown>;
  readonly issuer?: string | null;
  readonly audience?: string | null;
  readonly expiresIn?: string | number | null;
  readonly notBefore?: string | number;
}

/** Signs a token with the test key; by default a valid one for ISSUER and AUDIENCE, 5 minutes. */
export async function aToken(key: TestKey, claims: JWTPayload = { sub: 'u1', tid: 't1', roles: ['agent.use'] }, options: SignOptions = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header }).setIssuedAt().setJti('jti-1');
  if (options.issuer !== null) jwt.setIssuer(options.issuer ?? ISSUER);
  if (options.audience !== null) jwt.setAudience(options.audience ?? AUDIENCE);
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '5m');
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
}

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** `code:reason` of a refusal, `ok` when the promise resolves. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (!AgentStudioError.is(e)) return `not an AgentStudioError: ${String(e)}`;
    return e.code === 'EDGE_UNAUTHENTICATED' ? `${e.code}:${String(e.details?.reason)}` : e.code;
  }
}

/** The error a promise rejects with. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

export async function aTempDir(): Promise<{ readonly dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'agent-studio-edge-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
