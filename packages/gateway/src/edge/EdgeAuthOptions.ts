import { KeyObject as NodeKeyObject } from 'node:crypto';
import { ConfigurationError } from '@agent-studio/core';
import type { CryptoKey, JSONWebKeySet, JWK, KeyObject } from 'jose';
import { z } from 'zod';

/**
 * The signature algorithms the edge can be configured to accept: public-key algorithms only.
 * `none` and the symmetric `HS*` family are never accepted, because the edge verifies with
 * public keys only and a shared secret would let anyone who can verify also mint.
 * @category Edge
 */
export const EdgeAlgorithms = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

/**
 * One of {@link EdgeAlgorithms}.
 * @category Edge
 */
export type EdgeAlgorithm = (typeof EdgeAlgorithms)[number];

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;

const AlgorithmSchema = z.string().superRefine((alg, ctx) => {
  if ((EdgeAlgorithms as readonly string[]).includes(alg)) return;
  const message =
    alg.toLowerCase() === 'none'
      ? 'algorithm "none" is never accepted: the edge verifies signed tokens only'
      : /^hs/i.test(alg)
        ? `symmetric algorithm "${alg}" is refused: the edge verifies with public keys only`
        : `unknown algorithm "${alg}"; use one of ${EdgeAlgorithms.join(', ')}`;
  ctx.addIssue({ code: 'custom', message });
});

const JwkSchema = z
  .custom<JWK>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected a JWK object')
  .superRefine((value, ctx) => {
    const jwk = value as Record<string, unknown>;
    if (typeof jwk.kty !== 'string' || jwk.kty.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a key has no "kty"' });
    } else if (jwk.kty === 'oct') {
      ctx.addIssue({ code: 'custom', message: 'symmetric keys (kty "oct") are refused: the edge verifies with public keys only' });
    }
    const secret = PRIVATE_JWK_MEMBERS.find((member) => member in jwk);
    if (secret !== undefined) {
      ctx.addIssue({ code: 'custom', message: `a key holds the private member "${secret}"; publish only public keys in the JWKS` });
    }
    if ('kid' in jwk && (typeof jwk.kid !== 'string' || jwk.kid.length === 0)) {
      ctx.addIssue({ code: 'custom', message: '"kid" must be a non-empty string' });
    }
  });

/**
 * A JSON Web Key Set of public keys: at least one key, no symmetric (`oct`) key, no private
 * member (`d`, `p`, `q`, ...).
 * @category Edge
 */
export const PublicJwksSchema = z
  .looseObject({
    /** The public keys, each with a `kid` when there are several of one type. */
    keys: z.array(JwkSchema).min(1, 'the JWKS holds no key'),
  })
  .transform((set): JSONWebKeySet => ({ keys: set.keys }));

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

const JwksUrlSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a valid URL' });
    return;
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
  ctx.addIssue({ code: 'custom', message: 'the JWKS URL must use https (plain http is allowed only for a loopback host)' });
});

const WebCryptoKey = (globalThis as unknown as { CryptoKey?: abstract new () => object }).CryptoKey;

function isPublicKey(value: unknown): value is CryptoKey | KeyObject {
  const isKey = value instanceof NodeKeyObject || (WebCryptoKey !== undefined && value instanceof WebCryptoKey);
  return isKey && (value as { type?: unknown }).type === 'public';
}

const NonEmptyStrings = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * The options of {@link EdgeAuthenticator.create} (R-EDGE-1): where the public keys come from,
 * which issuers and audiences are trusted, which algorithms are accepted and which claims carry
 * the identity.
 * @category Edge
 */
export const EdgeAuthOptionsSchema = z
  .strictObject({
    /**
     * Where the issuers' public keys come from: a JWKS file read once by `create()`, a JWKS URL
     * fetched on demand (https, or http on a loopback host; `timeoutMs` default 5000,
     * `cooldownMs` before an unknown `kid` triggers a refetch default 30000, `cacheMaxAgeMs`
     * default 600000), or the keys inline (a JWKS, or its `keys` array).
     */
    jwks: z.union([
      z.strictObject({
        /** A JWKS file, read and checked once by `create()`. */
        file: z.string().min(1),
      }),
      z.strictObject({
        /** The JWKS URL: https, or http on a loopback host. */
        url: JwksUrlSchema,
        /** How long one fetch may take, ms (default 5000). */
        timeoutMs: z.number().int().min(1).max(60_000).default(5_000),
        /** How long after a fetch an unknown `kid` may trigger another, ms (default 30000). */
        cooldownMs: z.number().int().min(0).max(3_600_000).default(30_000),
        /** How long fetched keys are used before they are fetched again, ms (default 600000). */
        cacheMaxAgeMs: z.number().int().min(0).max(86_400_000).default(600_000),
      }),
      z.strictObject({
        /** The keys inline: a JWKS, or its `keys` array. */
        keys: z.union([PublicJwksSchema, z.array(JwkSchema).min(1, 'the JWKS holds no key').transform((keys): JSONWebKeySet => ({ keys }))]),
      }),
    ]),
    /** The trusted `iss` value, or several. */
    issuer: NonEmptyStrings,
    /** The `aud` value this gateway answers to, or several; a token must name one of them. */
    audience: NonEmptyStrings,
    /** The accepted `alg` values (default EdDSA, ES256, RS256); never `none` or `HS*`. */
    algorithms: z
      .array(AlgorithmSchema)
      .min(1)
      .default(['EdDSA', 'ES256', 'RS256'])
      .transform((algs) => [...new Set(algs)] as EdgeAlgorithm[]),
    /** The names of the claims that carry the identity; nothing else is ever read for it (R-EDGE-3). */
    claims: z
      .strictObject({
        /** The claim holding the tenant id (default `tid`). */
        tenant: z.string().min(1).max(256).default('tid'),
        /** The claim holding the user id (default `sub`). */
        user: z.string().min(1).max(256).default('sub'),
        /** The claim holding the roles, an array of strings (default `roles`). */
        roles: z.string().min(1).max(256).default('roles'),
      })
      .prefault({}),
    /** Allowed clock skew for `exp` and `nbf`, in seconds (default 5, at most 300). */
    clockToleranceSeconds: z.number().int().min(0).max(300).default(5),
    /** The largest token accepted, in bytes; a larger one is refused before parsing (default 8192). */
    maxTokenBytes: z.number().int().min(256).max(65_536).default(8_192),
    /** A token must carry `exp`. Always on; present only so that a config saying `false` is refused. */
    requireExpiry: z.literal(true).default(true),
    /**
     * The gateway's own synthetic traffic (health canaries): a token whose `iss` is this issuer is
     * verified with this public key only, never with the JWKS, and yields a principal with
     * `synthetic: true`. The audience defaults to {@link EdgeAuthOptions.audience}. Make it with
     * {@link createSyntheticCredentials}.
     */
    synthetic: z
      .strictObject({
        /** The public key of the synthetic signer. */
        publicKey: z.custom<CryptoKey | KeyObject>(isPublicKey, 'expected a public CryptoKey or KeyObject'),
        /** The `iss` of synthetic tokens; must not be one of the trusted JWKS issuers. */
        issuer: z.string().min(1),
        /** The `aud` of synthetic tokens (default: the gateway's audience). */
        audience: z.string().min(1).optional(),
      })
      .optional(),
  })
  .superRefine((options, ctx) => {
    const issuers = Array.isArray(options.issuer) ? options.issuer : [options.issuer];
    if (options.synthetic !== undefined && issuers.includes(options.synthetic.issuer)) {
      ctx.addIssue({ code: 'custom', path: ['synthetic', 'issuer'], message: 'the synthetic issuer must differ from every trusted JWKS issuer' });
    }
  });

/**
 * The options as given to {@link EdgeAuthenticator.create}; see {@link EdgeAuthOptionsSchema}.
 * @category Edge
 */
export type EdgeAuthOptionsInput = z.input<typeof EdgeAuthOptionsSchema>;

/**
 * The parsed options, defaults applied; see {@link EdgeAuthOptionsSchema}.
 * @category Edge
 */
export type EdgeAuthOptions = z.output<typeof EdgeAuthOptionsSchema>;

/**
 * Validates edge options and applies their defaults.
 * @param input - the options as given
 * @param source - what to name in the error message
 * @returns the parsed options
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when an option is not valid
 * @category Edge
 */
export function parseEdgeAuthOptions(input: unknown, source = 'edge authentication'): EdgeAuthOptions {
  const parsed = EdgeAuthOptionsSchema.safeParse(input);
  if (!parsed.success) throw configError(source, parsed.error);
  return parsed.data;
}

/**
 * Builds the `CONFIG_INVALID` error for a failed parse, naming the most specific issue.
 * @internal
 */
export function configError(source: string, error: z.ZodError): ConfigurationError {
  const first = error.issues[0];
  const { path, message } = first === undefined ? { path: [], message: 'invalid' } : mostSpecific(first, []);
  const where = path.length === 0 ? '' : ` ${path.join('.')}`;
  return new ConfigurationError('CONFIG_INVALID', `${source}: invalid option${where}: ${message}.`, {
    details: { path: path.join('.'), issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
  });
}

/** In a union, the branch with the fewest issues is the one the author meant. */
function mostSpecific(issue: z.core.$ZodIssue, prefix: readonly string[]): { path: string[]; message: string } {
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branch = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    const next = branch?.[0];
    if (next !== undefined) return mostSpecific(next, path);
  }
  return { path, message: issue.message };
}
