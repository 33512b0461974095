import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError } from '@agent-studio/core';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { EdgeAuthOptionsInput } from './EdgeAuthOptions.js';
import { isIdentifier } from './isIdentifier.js';

const ISSUER = 'agent-studio.dev';
const AUDIENCE = 'agent-studio.gateway';
const JWKS_FILE = 'dev-jwks.json';
const SIGNING_KEY_FILE = 'dev-signing-key.json';
const MAX_TTL_SECONDS = 86_400;

/**
 * What {@link DevelopmentIdentity.mint} needs.
 * @category Edge
 */
export interface DevelopmentTokenRequest {
  /** The user id (written in `sub`). */
  readonly userId: string;
  /** The tenant id (written in `tid`). */
  readonly tenantId: string;
  /** The roles (written in `roles`; default none). */
  readonly roles?: readonly string[];
  /** Lifetime in seconds (default 3600, at most 86400). */
  readonly ttlSeconds?: number;
}

/**
 * The local development identity of `agent-studio serve` without configuration: a JWKS file the
 * edge trusts, and a minter of tokens signed with the matching private key.
 * @category Edge
 */
export interface DevelopmentIdentity {
  /** The public JWKS file (`<home>/dev-jwks.json`): pass it as `jwks: { file }`. */
  readonly jwksFile: string;
  /** The private signing key file (`<home>/dev-signing-key.json`, mode 0600). */
  readonly signingKeyFile: string;
  /** The `kid` of the key (its RFC 7638 thumbprint). */
  readonly keyId: string;
  /** The `iss` of development tokens. */
  readonly issuer: 'agent-studio.dev';
  /** The `aud` of development tokens. */
  readonly audience: 'agent-studio.gateway';
  /** Ready-made options for {@link EdgeAuthenticator.create} that trust this identity. */
  readonly edgeAuthOptions: EdgeAuthOptionsInput;
  /**
   * Mints a development token: header `{alg:'EdDSA', kid, typ:'JWT'}` and claims `tid`, `sub`,
   * `roles`, `jti`, `iat`, `nbf`, `exp`.
   * @param request - user, tenant, roles and lifetime
   * @returns the compact JWS
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when an id or role is not usable or the lifetime is not 1..86400 seconds
   */
  mint(request: DevelopmentTokenRequest): Promise<string>;
}

/**
 * Creates, once, the development identity in `home`: `dev-signing-key.json` (a private Ed25519
 * JWK, mode 0600) and `dev-jwks.json` (its public JWKS); later calls, and concurrent ones in any
 * number of processes, reuse the same key. The directory is created with mode 0700.
 *
 * @remarks
 * For local development only: anyone who can read the key file can mint tokens the development
 * gateway accepts. A key file readable by group or others is refused. The key file is published
 * atomically (written aside, then hard-linked into place, which fails if it exists), so a reader
 * never sees half a key and exactly one key wins a race.
 *
 * @example
 * ```ts
 * const dev = await ensureDevelopmentIdentity(join(homedir(), '.agent-studio'));
 * const edge = await EdgeAuthenticator.create(dev.edgeAuthOptions);
 * const token = await dev.mint({ tenantId: 'dev', userId: 'me', roles: ['agent.use'] });
 * ```
 * @param home - the directory holding the two files
 * @returns the files, issuer, audience and a minter
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when an existing key file is not a private Ed25519 JWK, or is readable by others
 * @category Edge
 */
export async function ensureDevelopmentIdentity(home: string): Promise<DevelopmentIdentity> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const signingKeyFile = join(home, SIGNING_KEY_FILE);
  const jwksFile = join(home, JWKS_FILE);

  let privateJwk = await readSigningKey(signingKeyFile);
  if (privateJwk === undefined) {
    const created = await newSigningKey();
    const won = await publishOnce(signingKeyFile, `${JSON.stringify(created, null, 2)}\n`, 0o600);
    privateJwk = won ? created : await readSigningKey(signingKeyFile);
    if (privateJwk === undefined) throw unusableKey(signingKeyFile, 'it vanished while being created');
  }
  await assertPrivate(signingKeyFile);

  const { kty, crv, x, kid } = privateJwk;
  const publicJwks = `${JSON.stringify({ keys: [{ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' }] }, null, 2)}\n`;
  const existing = await readFile(jwksFile, 'utf8').catch(() => undefined);
  if (existing !== publicJwks) await replace(jwksFile, publicJwks, 0o644);

  const key = (await importJWK(privateJwk, 'EdDSA')) as CryptoKey;
  const keyId = String(kid);
  return {
    jwksFile,
    signingKeyFile,
    keyId,
    issuer: ISSUER,
    audience: AUDIENCE,
    edgeAuthOptions: { jwks: { file: jwksFile }, issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] },
    mint: (request) => mint(key, keyId, request),
  };
}

async function mint(key: CryptoKey, kid: string, request: DevelopmentTokenRequest): Promise<string> {
  const roles = request.roles ?? [];
  if (!isIdentifier(request.tenantId) || !isIdentifier(request.userId) || !roles.every(isIdentifier)) {
    throw new ConfigurationError(
      'CONFIG_INVALID',
      'ensureDevelopmentIdentity: tenantId, userId and roles must be non-empty strings of at most 256 characters with no control character.',
    );
  }
  const ttl = request.ttlSeconds ?? 3_600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new ConfigurationError('CONFIG_INVALID', `ensureDevelopmentIdentity: ttlSeconds must be an integer from 1 to ${MAX_TTL_SECONDS}, got ${ttl}.`);
  }
  return new SignJWT({ tid: request.tenantId, roles: [...roles] })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(request.userId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${ttl}s`)
    .sign(key);
}

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d, kid, alg: 'EdDSA', use: 'sig' } as JWK;
}

/**
 * Reads the key file; undefined when it does not exist. A file that is not JSON may be one another
 * process is still writing (only where hard links are not supported): it is read again for up to
 * a second.
 */
async function readSigningKey(file: string): Promise<JWK | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unusableKey(file, 'it cannot be read', cause);
    }
    const jwk = parseSigningKey(text);
    if (jwk === 'invalid' || (jwk === 'incomplete' && attempt >= 20)) throw unusableKey(file, 'it is not a private Ed25519 JWK with a kid');
    if (jwk !== 'incomplete') return jwk;
    await sleep(50);
  }
}

/** The key in a file's text; `incomplete` when the text is not (yet) JSON. */
function parseSigningKey(text: string): JWK | 'incomplete' | 'invalid' {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'incomplete';
  }
  if (typeof value !== 'object' || value === null) return 'invalid';
  const jwk = value as Record<string, unknown>;
  const ok =
    jwk.kty === 'OKP' &&
    jwk.crv === 'Ed25519' &&
    typeof jwk.x === 'string' &&
    typeof jwk.d === 'string' &&
    typeof jwk.kid === 'string' &&
    jwk.kid.length > 0;
  return ok ? (jwk as JWK) : 'invalid';
}

async function assertPrivate(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    throw unusableKey(file, `it is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`);
  }
}

/**
 * Publishes a file only if it does not exist yet: written aside in full, then hard-linked into
 * place (which fails with EEXIST when another writer won). Where hard links are not supported it
 * falls back to an exclusive create (flag 'wx').
 * @returns true when this call created the file
 */
async function publishOnce(file: string, content: string, mode: number): Promise<boolean> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, content, { flag: 'wx', mode });
  try {
    await chmod(aside, mode);
    await link(aside, file);
    return true;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') return false;
    try {
      await writeFile(file, content, { flag: 'wx', mode });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await rm(aside, { force: true });
  }
}

/** Replaces a file atomically (written aside, then renamed over it). */
async function replace(file: string, content: string, mode: number): Promise<void> {
  const aside = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(aside, content, { flag: 'wx', mode });
    await rename(aside, file);
  } finally {
    await rm(aside, { force: true });
  }
}

function unusableKey(file: string, why: string, cause?: unknown): ConfigurationError {
  return new ConfigurationError('CONFIG_INVALID', `The development signing key ${file} cannot be used: ${why}. Delete it to create a new one.`, {
    details: { file },
    ...(cause === undefined ? {} : { cause }),
  });
}
