import { createPublicKey, KeyObject, sign } from 'node:crypto';
import { expect } from 'chai';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { AccessContextVerifier, AgentStudioError } from '../../../src/index.js';

// The verifier checks an Ed25519 key on its own thread (verifyEd25519Jwt) and a key resolver
// with jose's jwtVerify. Both must accept and refuse the same tokens, with the same codes.

const ISSUER = 'i';
const AUDIENCE = 'r';
const TYP = 'agent-studio-access+jwt';

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    const access = (await p) as { userId: string };
    return `ok:${access.userId}`;
  } catch (e) {
    return AgentStudioError.is(e) ? `${e.code}:${String(e.details?.check)}` : `other:${String(e)}`;
  }
}

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('AccessContextVerifier (Ed25519 on-thread verification)', () => {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  let fast: AccessContextVerifier;
  let viaJose: AccessContextVerifier;
  let otherPrivate: CryptoKey;

  before(async () => {
    ({ privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
    ({ privateKey: otherPrivate } = await generateKeyPair('EdDSA', { crv: 'Ed25519' }));
    fast = new AccessContextVerifier({ key: publicKey, issuer: ISSUER, audience: AUDIENCE });
    // a resolver is not an Ed25519 key object: it takes jose's path
    viaJose = new AccessContextVerifier({ key: async () => publicKey, issuer: ISSUER, audience: AUDIENCE });
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    tenant: 't',
    agent: 'a',
    session: 's',
    surface: 'runtime',
    agentAudience: 'employee',
    roles: [],
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'u',
    jti: `j-${Math.random()}`,
    iat: now(),
    nbf: now(),
    exp: now() + 60,
    ...over,
  });
  /** Signs any header and payload (raw, so malformed ones can be made). */
  const raw = async (header: unknown, payload: unknown, key: CryptoKey = privateKey): Promise<string> => {
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = sign(null, Buffer.from(input), KeyObject.from(key));
    return `${input}.${signature.toString('base64url')}`;
  };
  const header = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ alg: 'EdDSA', typ: TYP, kid: 'k', ...over });

  const cases: Array<[string, () => Promise<unknown>]> = [
    ['a valid token', () => raw(header(), claims())],
    ['a token signed with jose', () => new SignJWT(claims()).setProtectedHeader(header() as { alg: string }).sign(privateKey)],
    ['a typ written as a media type', () => raw(header({ typ: `application/${TYP.toUpperCase()}` }), claims())],
    ['an audience array holding the audience', () => raw(header(), claims({ aud: ['x', AUDIENCE] }))],
    ['another key', () => raw(header(), claims(), otherPrivate)],
    ['an edited payload', async () => {
      const [h, , s] = String(await raw(header(), claims())).split('.');
      return `${h}.${b64(claims({ sub: 'admin' }))}.${s}`;
    }],
    ['a cut signature', async () => String(await raw(header(), claims())).slice(0, -4)],
    ['an empty signature', async () => `${String(await raw(header(), claims())).split('.').slice(0, 2).join('.')}.`],
    ['alg none', async () => `${b64(header({ alg: 'none' }))}.${b64(claims())}.`],
    ['alg HS256', () => raw(header({ alg: 'HS256' }), claims())],
    ['alg Ed25519', () => raw(header({ alg: 'Ed25519' }), claims())],
    ['no alg', () => raw({ typ: TYP }, claims())],
    ['another typ', () => raw(header({ typ: 'JWT' }), claims())],
    ['no typ', () => raw({ alg: 'EdDSA' }, claims())],
    ['an expired token', () => raw(header(), claims({ exp: now() - 60 }))],
    ['exp within the tolerance', () => raw(header(), claims({ exp: now() - 2 }))],
    ['a token not yet valid', () => raw(header(), claims({ nbf: now() + 60 }))],
    ['exp as a string', () => raw(header(), claims({ exp: String(now() + 60) }))],
    ['iat as a string', () => raw(header(), claims({ iat: 'yesterday' }))],
    ['no jti', () => raw(header(), claims({ jti: undefined }))],
    ['no exp', () => raw(header(), claims({ exp: undefined }))],
    ['no nbf', () => raw(header(), claims({ nbf: undefined }))],
    ['no iss', () => raw(header(), claims({ iss: undefined }))],
    ['another issuer', () => raw(header(), claims({ iss: 'evil' }))],
    ['another audience', () => raw(header(), claims({ aud: 'gateway' }))],
    ['an audience array without it', () => raw(header(), claims({ aud: ['gateway'] }))],
    ['no aud', () => raw(header(), claims({ aud: undefined }))],
    ['a payload that is an array', () => raw(header(), [1, 2])],
    ['a payload that is not JSON', () => raw(header(), 'not json')],
    ['a header that is not JSON', () => raw('{', claims())],
    ['two segments', async () => String(await raw(header(), claims())).split('.').slice(0, 2).join('.')],
    ['four segments', async () => `${String(await raw(header(), claims()))}.x`],
    ['claims of the wrong shape', () => raw(header(), claims({ roles: 'admin' }))],
  ];

  for (const [name, make] of cases) {
    it(`decides like jose on ${name}`, async () => {
      const token = await make();
      const a = await outcome(fast.verify(token, { agent: 'a' }));
      const b = await outcome(viaJose.verify(token, { agent: 'a' }));
      expect(a).to.equal(b);
    });
  }

  it('accepts what jose accepts and refuses what it refuses (sanity of the table)', async () => {
    expect(await outcome(fast.verify(await raw(header(), claims())))).to.equal('ok:u');
    expect(await outcome(fast.verify(await raw(header(), claims({ exp: now() - 60 }))))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWT_EXPIRED');
    expect(await outcome(fast.verify(await raw(header({ alg: 'HS256' }), claims())))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JOSE_ALG_NOT_ALLOWED');
    expect(await outcome(fast.verify(await raw(header(), claims(), otherPrivate)))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses JWS extensions (crit, b64) and non-base64url segments', async () => {
    expect(await outcome(fast.verify(await raw(header({ crit: ['exp'] }), claims())))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_INVALID');
    expect(await outcome(fast.verify(await raw(header({ b64: true, crit: ['b64'] }), claims())))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_INVALID');
    const [h, p, s] = String(await raw(header(), claims())).split('.');
    expect(await outcome(fast.verify(`${h}.${p}+.${s}`))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_INVALID');
    expect(await outcome(fast.verify(`${h}.${p}.${s}=`))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_INVALID');
  });

  it('uses a node KeyObject and a JWK-imported key the same way', async () => {
    const jwk = await exportJWK(publicKey);
    const fromJwk = await importJWK(jwk, 'EdDSA');
    const token = await raw(header(), claims());
    const token2 = await raw(header(), claims());
    expect(await outcome(new AccessContextVerifier({ key: createPublicKey({ key: jwk as never, format: 'jwk' }), issuer: ISSUER, audience: AUDIENCE }).verify(token))).to.equal('ok:u');
    expect(await outcome(new AccessContextVerifier({ key: fromJwk as CryptoKey, issuer: ISSUER, audience: AUDIENCE }).verify(token2))).to.equal('ok:u');
  });

  it('verifies every token: a forged one is refused after a valid one passed', async () => {
    const good = await raw(header(), claims({ jti: 'same' }));
    const forged = await raw(header(), claims({ jti: 'same' }), otherPrivate);
    expect(await outcome(fast.verify(good))).to.equal('ok:u');
    expect(await outcome(fast.verify(forged))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });
});
