import { readFile, stat } from 'node:fs/promises';
import { BoundedMap, ConfigurationError } from '@agent-studio/core';
import {
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  type KeyObject,
} from 'jose';
import { EdgeAlgorithms, type EdgeAuthOptions, type EdgeAuthOptionsInput, PublicJwksSchema, configError, parseEdgeAuthOptions } from './EdgeAuthOptions.js';
import { EdgeAuthenticationError, type EdgeAuthenticationReason } from './EdgeAuthenticationError.js';
import type { EdgePrincipal } from './EdgePrincipal.js';
import { isIdentifier } from './isIdentifier.js';

const BEARER = /^bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
const BEARER_PREFIX_LENGTH = 'Bearer '.length;
const MAX_JWKS_FILE_BYTES = 1024 * 1024;
const MAX_ROLES = 256;
/** How long a verified token is trusted again without a signature check (never past its `exp`). */
const VERIFIED_CACHE_MS = 60_000;
/** How many verified tokens are remembered; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 10_000;
const SYNTHETIC_CLAIMS = { tenant: 'tid', user: 'sub', roles: 'roles' } as const;
const EC_ALGORITHMS: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };

/** Marks a failure of the key source (not of the token): the request fails closed. */
class KeysUnavailable extends Error {}

interface SyntheticVerifier {
  readonly key: CryptoKey | KeyObject;
  readonly issuer: string;
  readonly audience: string | string[];
}

/**
 * The edge authentication step of the gateway (R-EDGE-1): it turns an `Authorization` header into
 * an {@link EdgePrincipal}, or refuses it with an {@link EdgeAuthenticationError}.
 *
 * @remarks
 * Only `Bearer <compact JWS>` is accepted. The token is verified with the issuers' public keys
 * (JWKS, selected by `kid`), an algorithm allow-list (never `none` or `HS*`), the trusted issuers
 * and audiences, a required `exp`, `nbf` and a clock tolerance. The identity comes only from the
 * configured claims (R-EDGE-3); the edge makes no permission decision (R-EDGE-2), and a token
 * presented by a client is an ordinary credential, never an internal token (R-TOKEN-2).
 *
 * A token whose `iss` is the synthetic issuer is verified with the synthetic key only, never with
 * the JWKS. A key source that cannot be read at request time refuses the request with reason
 * `keys-unavailable` (fail closed).
 *
 * @example
 * ```ts
 * const edge = await EdgeAuthenticator.create({
 *   jwks: { url: 'https://login.example.com/.well-known/jwks.json' },
 *   issuer: 'https://login.example.com/', audience: 'agent-studio',
 * });
 * const principal = await edge.authenticate(request.headers.authorization);
 * ```
 * @category Edge
 */
export class EdgeAuthenticator {
  readonly #options: EdgeAuthOptions;
  readonly #keys: JWTVerifyGetKey;
  readonly #synthetic: SyntheticVerifier | undefined;
  readonly #verified = new BoundedMap<string, { readonly principal: EdgePrincipal; readonly until: number }>(VERIFIED_CACHE_SIZE);

  private constructor(options: EdgeAuthOptions, keys: JWTVerifyGetKey) {
    this.#options = options;
    this.#keys = keys;
    const synthetic = options.synthetic;
    this.#synthetic =
      synthetic === undefined ? undefined : { key: synthetic.publicKey, issuer: synthetic.issuer, audience: synthetic.audience ?? options.audience };
  }

  /**
   * Validates the options and prepares the key source: a JWKS file is read and checked once
   * here; a JWKS URL is fetched on demand (with a timeout, a cache and a cooldown).
   * @param options - key source, issuers, audiences, algorithms, claim names and limits
   * @returns a ready authenticator
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when an option is not
   * valid, or the JWKS file is missing, unreadable, not JSON, or holds a private, symmetric or
   * unusable key
   */
  static async create(options: EdgeAuthOptionsInput): Promise<EdgeAuthenticator> {
    const parsed = parseEdgeAuthOptions(options);
    const source = parsed.jwks;
    let keys: JWTVerifyGetKey;
    if ('url' in source) {
      keys = createRemoteJWKSet(new URL(source.url), {
        timeoutDuration: source.timeoutMs,
        cooldownDuration: source.cooldownMs,
        cacheMaxAge: source.cacheMaxAgeMs,
      });
    } else {
      const set = 'file' in source ? await readJwksFile(source.file) : source.keys;
      const where = 'file' in source ? `edge JWKS file ${source.file}` : 'edge authentication: jwks.keys';
      await assertUsableKeys(set, where);
      keys = createLocalJWKSet(set);
    }
    return new EdgeAuthenticator(parsed, guardKeySource(keys));
  }

  /**
   * Authenticates one request from its `Authorization` header. Nothing else of the request is
   * read: the identity comes from the verified token alone (R-EDGE-3).
   * @param authorization - the `Authorization` header value, if any
   * @returns the frozen principal
   * @throws {@link EdgeAuthenticationError} `EDGE_UNAUTHENTICATED` on any failure, with `details.reason`
   */
  async authenticate(authorization: string | undefined): Promise<EdgePrincipal> {
    const token = this.#extract(authorization);
    // a token verified before is trusted again only until its own expiry (and at most a minute)
    const cached = this.#verified.get(token);
    if (cached !== undefined) {
      if (Date.now() < cached.until) return cached.principal;
      this.#verified.take(token);
    }
    const principal = await this.#verify(token);
    const until = Math.min(principal.expiresAt * 1000, Date.now() + VERIFIED_CACHE_MS);
    if (until > Date.now()) this.#verified.set(token, { principal, until });
    return principal;
  }

  async #verify(token: string): Promise<EdgePrincipal> {
    let alg: unknown;
    let issuer: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
      issuer = decodeJwt(token).iss;
    } catch (cause) {
      throw new EdgeAuthenticationError('malformed', { cause });
    }
    const synthetic = this.#synthetic !== undefined && issuer === this.#synthetic.issuer;
    const algorithms: readonly string[] = synthetic ? EdgeAlgorithms : this.#options.algorithms;
    if (typeof alg !== 'string' || !algorithms.includes(alg)) throw new EdgeAuthenticationError('algorithm');
    const common = {
      algorithms: [...algorithms],
      clockTolerance: this.#options.clockToleranceSeconds,
      requiredClaims: ['exp'],
    };
    let payload: JWTPayload;
    try {
      if (this.#synthetic !== undefined && synthetic) {
        const { key, issuer: iss, audience } = this.#synthetic;
        payload = (await jwtVerify(token, key, { ...common, issuer: iss, audience })).payload;
      } else {
        payload = (await jwtVerify(token, this.#keys, { ...common, issuer: this.#options.issuer, audience: this.#options.audience })).payload;
      }
    } catch (cause) {
      throw joseFailure(cause);
    }
    return this.#principal(payload, synthetic);
  }

  #extract(authorization: string | undefined): string {
    if (authorization === undefined || authorization === '') throw new EdgeAuthenticationError('missing');
    if (typeof authorization !== 'string') throw new EdgeAuthenticationError('malformed');
    if (authorization.length - BEARER_PREFIX_LENGTH > this.#options.maxTokenBytes) throw new EdgeAuthenticationError('too-large');
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new EdgeAuthenticationError('malformed');
    return token;
  }

  #principal(payload: JWTPayload, synthetic: boolean): EdgePrincipal {
    // Synthetic tokens are minted by createSyntheticCredentials, always with the default names.
    const names = synthetic ? SYNTHETIC_CLAIMS : this.#options.claims;
    const tenantId = own(payload, names.tenant);
    if (!isIdentifier(tenantId)) throw new EdgeAuthenticationError('claims', { claim: names.tenant });
    const userId = own(payload, names.user);
    if (!isIdentifier(userId)) throw new EdgeAuthenticationError('claims', { claim: names.user });
    const roles = own(payload, names.roles) ?? [];
    if (!Array.isArray(roles) || roles.length > MAX_ROLES || !roles.every(isIdentifier)) {
      throw new EdgeAuthenticationError('claims', { claim: names.roles });
    }
    const jti = own(payload, 'jti');
    if (jti !== undefined && !isIdentifier(jti)) throw new EdgeAuthenticationError('claims', { claim: 'jti' });
    const expiresAt = payload.exp;
    if (typeof expiresAt !== 'number') throw new EdgeAuthenticationError('claims', { claim: 'exp' });
    return Object.freeze({
      tenantId,
      userId,
      roles: Object.freeze([...new Set(roles)]),
      ...(jti === undefined ? {} : { tokenId: jti }),
      expiresAt,
      synthetic,
    });
  }
}

/** A claim of the payload itself, never one inherited from the prototype. */
function own(payload: JWTPayload, name: string): unknown {
  return Object.hasOwn(payload, name) ? payload[name] : undefined;
}

/** Lets "no such key" through and turns every other failure of the key source into {@link KeysUnavailable}. */
function guardKeySource(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (cause) {
      const code = joseCode(cause);
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || code === 'ERR_JOSE_NOT_SUPPORTED') throw cause;
      throw new KeysUnavailable('the JWKS could not be loaded', { cause });
    }
  };
}

function joseCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Maps a jose failure to the reason the client is told. */
function joseFailure(cause: unknown): EdgeAuthenticationError {
  if (cause instanceof KeysUnavailable) return new EdgeAuthenticationError('keys-unavailable', { cause });
  const reason = reasonOf(cause);
  if (reason === 'claims') {
    const claim = (cause as { claim?: unknown }).claim;
    return new EdgeAuthenticationError(reason, typeof claim === 'string' ? { cause, claim } : { cause });
  }
  return new EdgeAuthenticationError(reason, { cause });
}

function reasonOf(cause: unknown): EdgeAuthenticationReason {
  switch (joseCode(cause)) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = cause as { claim?: unknown; reason?: unknown };
      if (claim === 'iss') return 'issuer';
      if (claim === 'aud') return 'audience';
      if (claim === 'nbf' && reason === 'check_failed') return 'not-yet-valid';
      return 'claims';
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown-key';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'malformed';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return 'keys-unavailable';
    default:
      // A key that does not fit the algorithm, or anything else jose refuses: not verified.
      return 'signature';
  }
}

async function readJwksFile(file: string): Promise<JSONWebKeySet> {
  const where = `edge JWKS file ${file}`;
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_JWKS_FILE_BYTES) throw new Error(`larger than ${MAX_JWKS_FILE_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigurationError('CONFIG_INVALID', `${where} cannot be read (${describe(cause)}). Point jwks.file at the issuer's public JWKS.`, {
      cause,
      details: { file },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigurationError('CONFIG_INVALID', `${where} is not valid JSON. It must hold a JSON Web Key Set: {"keys":[...]}.`, {
      cause,
      details: { file },
    });
  }
  const parsed = PublicJwksSchema.safeParse(json);
  if (!parsed.success) throw configError(where, parsed.error);
  return parsed.data;
}

/** Imports every signature key once, so that a broken key fails at startup, not per request. */
async function assertUsableKeys(set: JSONWebKeySet, where: string): Promise<void> {
  for (const [index, jwk] of set.keys.entries()) {
    const alg = algorithmOf(jwk);
    if (alg === undefined) continue;
    try {
      await importJWK(jwk, alg);
    } catch (cause) {
      throw new ConfigurationError('CONFIG_INVALID', `${where}: key ${index}${jwk.kid === undefined ? '' : ` (kid "${jwk.kid}")`} cannot be imported as ${alg}.`, {
        cause,
        details: { index },
      });
    }
  }
}

function algorithmOf(jwk: JWK): string | undefined {
  if (typeof jwk.alg === 'string') return jwk.alg;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC') return EC_ALGORITHMS[String(jwk.crv)];
  if (jwk.kty === 'RSA') return 'RS256';
  return undefined;
}

function describe(cause: unknown): string {
  const code = joseCode(cause);
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : String(cause);
}
