import { KeyObject, verify as verifySignature, type webcrypto } from 'node:crypto';
import { errors } from 'jose';

/** What {@link verifyEd25519Jwt} checks besides the signature; the same options `jwtVerify` gets. */
export interface Ed25519JwtExpectation {
  readonly issuer: string;
  readonly audience: string;
  readonly typ: string;
  readonly clockToleranceSeconds: number;
  readonly requiredClaims: readonly string[];
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The Ed25519 public key as a node `KeyObject`, converted once, when the key is one that
 * {@link verifyEd25519Jwt} can use: an Ed25519 public `KeyObject`, or an Ed25519 public
 * `CryptoKey` whose usages allow `verify`. Anything else (a key resolver, another key type)
 * gives undefined, and the caller keeps using jose's `jwtVerify`.
 * @param key - the configured key
 * @returns the key object, or undefined
 * @internal
 */
export function ed25519PublicKeyObject(key: unknown): KeyObject | undefined {
  if (key instanceof KeyObject) {
    return key.type === 'public' && key.asymmetricKeyType === 'ed25519' ? key : undefined;
  }
  const CryptoKeyClass = (globalThis as { CryptoKey?: typeof webcrypto.CryptoKey }).CryptoKey;
  if (CryptoKeyClass !== undefined && key instanceof CryptoKeyClass) {
    if (key.type !== 'public' || key.algorithm.name !== 'Ed25519' || !key.usages.includes('verify')) return undefined;
    const converted = KeyObject.from(key);
    return converted.type === 'public' && converted.asymmetricKeyType === 'ed25519' ? converted : undefined;
  }
  return undefined;
}

/**
 * Verifies a compact EdDSA (Ed25519) JWT synchronously with node's one-shot `crypto.verify`, and
 * validates its claims as jose's `jwtVerify` does with the same options: `alg` must be `EdDSA`;
 * `typ` must match (normalized as jose does); `iss` and `aud` must match; the required claims
 * must be present; `iat`, `nbf` and `exp` must be numbers; `nbf` must not be in the future and
 * `exp` not in the past, within the clock tolerance. It is stricter than jose in two places:
 * every segment must be canonical base64url characters, and a header with `crit` or `b64`
 * (JWS extensions that access tokens never use) is refused.
 *
 * Why not jose here: `jwtVerify` verifies through WebCrypto, which node runs on the libuv thread
 * pool; the hop there and back cost more per run than the signature check itself. The failures
 * throw jose's own error classes, so callers see the same error codes.
 *
 * @param token - the compact JWS
 * @param key - the Ed25519 public key ({@link ed25519PublicKeyObject})
 * @param expect - issuer, audience, typ, clock tolerance and required claims
 * @returns the verified claims set
 * @throws jose's `JWSInvalid`, `JOSEAlgNotAllowed`, `JWSSignatureVerificationFailed`, `JWTInvalid`,
 *   `JWTClaimValidationFailed` or `JWTExpired`
 * @internal
 */
export function verifyEd25519Jwt(token: string, key: KeyObject, expect: Ed25519JwtExpectation): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new errors.JWSInvalid('Invalid Compact JWS');
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  if (!BASE64URL.test(encodedHeader) || !BASE64URL.test(encodedPayload) || !BASE64URL.test(encodedSignature)) {
    throw new errors.JWSInvalid('Compact JWS segments must be base64url');
  }
  const header = decodeJsonObject(encodedHeader, () => new errors.JWSInvalid('JWS Protected Header is invalid'));
  if (header.crit !== undefined || header.b64 !== undefined) throw new errors.JWSInvalid('JWS extensions (crit, b64) are not accepted');
  if (typeof header.alg !== 'string' || header.alg.length === 0) throw new errors.JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (header.alg !== 'EdDSA') throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');

  const signature = Buffer.from(encodedSignature, 'base64url');
  let verified: boolean;
  try {
    verified = verifySignature(null, Buffer.from(`${encodedHeader}.${encodedPayload}`, 'latin1'), key, signature);
  } catch (cause) {
    throw new errors.JWSSignatureVerificationFailed(undefined, { cause });
  }
  if (!verified) throw new errors.JWSSignatureVerificationFailed();

  const claims = decodeJsonObject(encodedPayload, () => new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object'));
  if (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== normalizeTyp(expect.typ)) {
    throw new errors.JWTClaimValidationFailed('unexpected "typ" JWT header value', claims, 'typ', 'check_failed');
  }
  for (const claim of ['iss', 'aud', ...expect.requiredClaims]) {
    if (!Object.hasOwn(claims, claim)) throw new errors.JWTClaimValidationFailed(`missing required "${claim}" claim`, claims, claim, 'missing');
  }
  if (claims.iss !== expect.issuer) throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', claims, 'iss', 'check_failed');
  const aud = claims.aud;
  if (!(aud === expect.audience || (Array.isArray(aud) && aud.includes(expect.audience)))) {
    throw new errors.JWTClaimValidationFailed('unexpected "aud" claim value', claims, 'aud', 'check_failed');
  }
  const tolerance = expect.clockToleranceSeconds;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError('Invalid clockTolerance option input');
  const now = Math.floor(Date.now() / 1000);
  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > now + tolerance) throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', claims, 'nbf', 'check_failed');
  const exp = numericDate(claims, 'exp');
  if (exp !== undefined && exp <= now - tolerance) throw new errors.JWTExpired('"exp" claim timestamp check failed', claims, 'exp', 'check_failed');
  return claims;
}

function decodeJsonObject(segment: string, fail: () => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw fail();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail();
  return parsed as Record<string, unknown>;
}

function normalizeTyp(value: string): string {
  const lower = value.toLowerCase();
  return value.includes('/') ? lower : `application/${lower}`;
}

function numericDate(claims: Record<string, unknown>, claim: string): number | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a number`, claims, claim, 'invalid');
  return value;
}
