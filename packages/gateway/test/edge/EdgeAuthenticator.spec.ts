import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccessContextIssuer, ConfigurationError } from '@agent-studio/core';
import { expect } from 'chai';
import { SignJWT, base64url } from 'jose';
import { EdgeAuthenticationError, EdgeAuthenticator, type EdgeAuthOptionsInput, createSyntheticCredentials } from '../../src/edge/index.js';
import { AUDIENCE, ISSUER, type TestKey, aKey, aTempDir, aToken, b64url, outcome, rejection } from './edgeFixtures.js';

describe(EdgeAuthenticator.name, () => {
  let key: TestKey;
  let edge: EdgeAuthenticator;

  const optionsFor = (...keys: TestKey[]): EdgeAuthOptionsInput => ({
    jwks: { keys: { keys: keys.map((k) => k.publicJwk) } },
    issuer: ISSUER,
    audience: AUDIENCE,
  });

  before(async () => {
    key = await aKey('k1');
    edge = await EdgeAuthenticator.create(optionsFor(key));
  });

  describe('.authenticate() with a valid token', () => {
    it('R-EDGE-1: returns a frozen principal with tenant, user and roles from the claims', async () => {
      const principal = await edge.authenticate(`Bearer ${await aToken(key)}`);
      expect(principal).to.deep.include({ tenantId: 't1', userId: 'u1', roles: ['agent.use'], tokenId: 'jti-1', synthetic: false });
      expect(principal.expiresAt).to.be.a('number').greaterThan(Date.now() / 1000);
      expect(Object.isFrozen(principal)).to.equal(true);
      expect(Object.isFrozen(principal.roles)).to.equal(true);
    });

    it('R-EDGE-1: accepts the scheme in any case', async () => {
      const token = await aToken(key);
      expect(await outcome(edge.authenticate(`bearer ${token}`))).to.equal('ok');
      expect(await outcome(edge.authenticate(`BEARER ${token}`))).to.equal('ok');
    });

    it('R-EDGE-1: gives no roles when the roles claim is absent, and no tokenId without jti', async () => {
      const token = await new SignJWT({ sub: 'u1', tid: 't1' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1m')
        .sign(key.privateKey);
      const principal = await edge.authenticate(`Bearer ${token}`);
      expect(principal.roles).to.deep.equal([]);
      expect(principal).to.not.have.property('tokenId');
    });

    it('R-EDGE-1: verifies ES256 and RS256 keys of the JWKS too (default algorithms)', async () => {
      const es = await aKey('es', 'ES256');
      const rs = await aKey('rs', 'RS256');
      const mixed = await EdgeAuthenticator.create(optionsFor(key, es, rs));
      expect(await outcome(mixed.authenticate(`Bearer ${await aToken(es)}`))).to.equal('ok');
      expect(await outcome(mixed.authenticate(`Bearer ${await aToken(rs)}`))).to.equal('ok');
    });

    it('R-EDGE-1: accepts any of several configured issuers and audiences', async () => {
      const multi = await EdgeAuthenticator.create({ ...optionsFor(key), issuer: ['https://a.test/', ISSUER], audience: ['other', AUDIENCE] });
      expect(await outcome(multi.authenticate(`Bearer ${await aToken(key)}`))).to.equal('ok');
    });

    it('R-EDGE-3: reads the identity from custom claim names when configured', async () => {
      const custom = await EdgeAuthenticator.create({ ...optionsFor(key), claims: { tenant: 'org', user: 'email', roles: 'groups' } });
      const token = await aToken(key, { sub: 'ignored', tid: 'ignored', org: 'acme', email: 'ada@acme.test', groups: ['admins'] });
      const principal = await custom.authenticate(`Bearer ${token}`);
      expect(principal).to.deep.include({ tenantId: 'acme', userId: 'ada@acme.test', roles: ['admins'] });
      const defaultsOnly = await aToken(key, { sub: 'u1', tid: 't1' });
      expect(await outcome(custom.authenticate(`Bearer ${defaultsOnly}`))).to.equal('EDGE_UNAUTHENTICATED:claims');
    });

    it('R-EDGE-3: takes only the Authorization header and ignores identity-looking claims it was not told to read', async () => {
      expect(EdgeAuthenticator.prototype.authenticate.length).to.equal(1);
      const token = await aToken(key, { sub: 'u1', tid: 't1', userId: 'admin', tenantId: 'other', originalUserId: 'root' });
      const principal = await edge.authenticate(`Bearer ${token}`);
      expect(principal).to.deep.include({ tenantId: 't1', userId: 'u1' });
      expect(Object.keys(principal).sort()).to.deep.equal(['expiresAt', 'roles', 'synthetic', 'tenantId', 'tokenId', 'userId']);
    });
  });

  describe('.authenticate() with a malformed Authorization header', () => {
    it('R-EDGE-1: refuses a missing header with reason missing', async () => {
      expect(await outcome(edge.authenticate(undefined))).to.equal('EDGE_UNAUTHENTICATED:missing');
      expect(await outcome(edge.authenticate(''))).to.equal('EDGE_UNAUTHENTICATED:missing');
    });

    it('R-EDGE-1: refuses another scheme, a bare scheme, extra parts and extra spaces with reason malformed', async () => {
      const token = await aToken(key);
      for (const header of ['Basic x', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', `Bearer ${token} extra`, `Bearer  ${token}`, `Token ${token}`, token]) {
        expect(await outcome(edge.authenticate(header)), header.slice(0, 20)).to.equal('EDGE_UNAUTHENTICATED:malformed');
      }
    });

    it('R-EDGE-1: refuses garbage that only looks like a JWS with reason malformed', async () => {
      for (const garbage of ['abc.def.ghi', `${b64url('{"alg":')}.${b64url({})}.sig`, `${b64url({ alg: 'EdDSA' })}.${b64url('[1,2]')}.sig`, 'a.b', 'a.b.c.d', 'éé.b.c']) {
        expect(await outcome(edge.authenticate(`Bearer ${garbage}`)), garbage).to.equal('EDGE_UNAUTHENTICATED:malformed');
      }
    });

    it('R-EDGE-1: refuses an oversized token with reason too-large, before parsing it', async () => {
      const huge = `${'a'.repeat(9_000)}.b.c`;
      expect(await outcome(edge.authenticate(`Bearer ${huge}`))).to.equal('EDGE_UNAUTHENTICATED:too-large');
      const small = await EdgeAuthenticator.create({ ...optionsFor(key), maxTokenBytes: 256 });
      const padded = await aToken(key, { sub: 'u1', tid: 't1', pad: 'x'.repeat(300) });
      expect(await outcome(small.authenticate(`Bearer ${padded}`))).to.equal('EDGE_UNAUTHENTICATED:too-large');
    });

    it('R-EDGE-1: never echoes the token in the error', async () => {
      const token = await aToken(key, { sub: 'u1', tid: 't1' }, { audience: 'elsewhere' });
      const error = await rejection(edge.authenticate(`Bearer ${token}`));
      expect(error).to.be.instanceOf(EdgeAuthenticationError);
      const json = JSON.stringify((error as EdgeAuthenticationError).toJSON());
      expect(json).to.not.include(token.split('.')[1]);
      expect((error as Error).message).to.not.include(token.slice(0, 16));
      expect((error as EdgeAuthenticationError).reason).to.equal('audience');
    });
  });

  describe('.authenticate() with a token on a refused algorithm', () => {
    it('R-EDGE-1: refuses an unsigned token (alg none) with reason algorithm', async () => {
      const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u1', tid: 't1', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.`;
      expect(await outcome(edge.authenticate(`Bearer ${unsigned}`))).to.equal('EDGE_UNAUTHENTICATED:algorithm');
    });

    it('R-EDGE-1: refuses HS256 signed with the public key bytes (algorithm confusion) with reason algorithm', async () => {
      const publicBytes = base64url.decode(String(key.publicJwk.x));
      const confused = await new SignJWT({ sub: 'u1', tid: 't1' })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('1m')
        .sign(publicBytes);
      expect(await outcome(edge.authenticate(`Bearer ${confused}`))).to.equal('EDGE_UNAUTHENTICATED:algorithm');
      const jsonBytes = new TextEncoder().encode(JSON.stringify(key.publicJwk));
      const confused2 = await new SignJWT({ sub: 'u1', tid: 't1' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1m').sign(jsonBytes);
      expect(await outcome(edge.authenticate(`Bearer ${confused2}`))).to.equal('EDGE_UNAUTHENTICATED:algorithm');
    });

    it('R-EDGE-1: refuses HS256 signed with any secret with reason algorithm', async () => {
      const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
      const hs = await new SignJWT({ sub: 'u1', tid: 't1' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1m').sign(secret);
      expect(await outcome(edge.authenticate(`Bearer ${hs}`))).to.equal('EDGE_UNAUTHENTICATED:algorithm');
    });

    it('R-EDGE-1: refuses an asymmetric algorithm outside the configured allow-list with reason algorithm', async () => {
      const es = await aKey('es', 'ES256');
      const edOnly = await EdgeAuthenticator.create({ ...optionsFor(key, es), algorithms: ['EdDSA'] });
      expect(await outcome(edOnly.authenticate(`Bearer ${await aToken(es)}`))).to.equal('EDGE_UNAUTHENTICATED:algorithm');
    });
  });

  describe('.authenticate() with a token whose claims do not check out', () => {
    it('R-EDGE-1: refuses an expired token with reason expired', async () => {
      const expired = await aToken(key, undefined, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      expect(await outcome(edge.authenticate(`Bearer ${expired}`))).to.equal('EDGE_UNAUTHENTICATED:expired');
    });

    it('R-EDGE-1: honours the clock tolerance on exp', async () => {
      const justExpired = await aToken(key, undefined, { expiresIn: Math.floor(Date.now() / 1000) - 2 });
      expect(await outcome(edge.authenticate(`Bearer ${justExpired}`))).to.equal('ok');
      const strict = await EdgeAuthenticator.create({ ...optionsFor(key), clockToleranceSeconds: 0 });
      expect(await outcome(strict.authenticate(`Bearer ${justExpired}`))).to.equal('EDGE_UNAUTHENTICATED:expired');
    });

    it('R-EDGE-1: refuses a token without exp (requireExpiry) with reason claims', async () => {
      const forever = await aToken(key, undefined, { expiresIn: null });
      expect(await outcome(edge.authenticate(`Bearer ${forever}`))).to.equal('EDGE_UNAUTHENTICATED:claims');
    });

    it('R-EDGE-1: refuses a token whose nbf is in the future with reason not-yet-valid', async () => {
      const early = await aToken(key, undefined, { notBefore: '10m' });
      expect(await outcome(edge.authenticate(`Bearer ${early}`))).to.equal('EDGE_UNAUTHENTICATED:not-yet-valid');
    });

    it('R-EDGE-1: refuses another issuer, or none, with reason issuer', async () => {
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key, undefined, { issuer: 'https://evil.test/' })}`))).to.equal('EDGE_UNAUTHENTICATED:issuer');
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key, undefined, { issuer: null })}`))).to.equal('EDGE_UNAUTHENTICATED:issuer');
    });

    it('R-EDGE-1: refuses another audience, or none, with reason audience', async () => {
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key, undefined, { audience: 'another-service' })}`))).to.equal('EDGE_UNAUTHENTICATED:audience');
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key, undefined, { audience: null })}`))).to.equal('EDGE_UNAUTHENTICATED:audience');
    });

    it('R-EDGE-3: refuses a token without the tenant claim with reason claims, naming the claim', async () => {
      const error = await rejection(edge.authenticate(`Bearer ${await aToken(key, { sub: 'u1' })}`));
      expect(error).to.be.instanceOf(EdgeAuthenticationError).with.property('details').that.deep.equals({ reason: 'claims', claim: 'tid' });
    });

    it('R-EDGE-3: refuses empty, too long, control-character or non-string tenant and user ids with reason claims', async () => {
      for (const claims of [
        { sub: 'u1', tid: '' },
        { sub: 'u1', tid: 't'.repeat(257) },
        { sub: 'u1', tid: 't1\u0000' },
        { sub: 'u1\n', tid: 't1' },
        { sub: 'u1', tid: 42 },
        { sub: 'u1', tid: ['t1'] },
        { tid: 't1' },
      ]) {
        expect(await outcome(edge.authenticate(`Bearer ${await aToken(key, claims)}`)), JSON.stringify(claims)).to.equal('EDGE_UNAUTHENTICATED:claims');
      }
    });

    it('R-EDGE-3: refuses roles that are not an array of strings with reason claims', async () => {
      for (const roles of ['admin', { admin: true }, [1], ['ok', null], ['']]) {
        const token = await aToken(key, { sub: 'u1', tid: 't1', roles });
        expect(await outcome(edge.authenticate(`Bearer ${token}`)), JSON.stringify(roles)).to.equal('EDGE_UNAUTHENTICATED:claims');
      }
    });
  });

  describe('.authenticate() with a token signed by a key it does not trust', () => {
    it('R-EDGE-1: refuses an unknown kid with reason unknown-key', async () => {
      const stranger = await aKey('stranger');
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(stranger)}`))).to.equal('EDGE_UNAUTHENTICATED:unknown-key');
    });

    it('R-EDGE-1: refuses a signature by another key under a known kid with reason signature', async () => {
      const impostor = await aKey('k1');
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(impostor)}`))).to.equal('EDGE_UNAUTHENTICATED:signature');
    });

    it('R-EDGE-1: refuses a token whose payload was edited after signing with reason signature', async () => {
      const [h, , s] = (await aToken(key)).split('.');
      const forged = `${h}.${b64url({ sub: 'admin', tid: 't1', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.${s}`;
      expect(await outcome(edge.authenticate(`Bearer ${forged}`))).to.equal('EDGE_UNAUTHENTICATED:signature');
    });

    it('R-TOKEN-2: treats an internal access-context token presented by a client as an ordinary, untrusted credential', async () => {
      const platform = await aKey('platform');
      const internal = await new AccessContextIssuer({ privateKey: platform.privateKey, keyId: 'platform', issuer: ISSUER, audience: AUDIENCE }).mint({
        tenantId: 't1',
        userId: 'u1',
        agent: 'a',
        sessionId: 's',
        surface: 'runtime',
        audience: 'employee',
      });
      expect(await outcome(edge.authenticate(`Bearer ${internal}`))).to.equal('EDGE_UNAUTHENTICATED:unknown-key');
    });
  });

  describe('synthetic traffic', () => {
    it('R-EDGE-1: accepts a token of the synthetic key and marks the principal synthetic', async () => {
      const canary = await createSyntheticCredentials();
      const withCanary = await EdgeAuthenticator.create({ ...optionsFor(key), claims: { tenant: 'org' }, synthetic: canary.verifierOptions });
      const principal = await withCanary.authenticate(`Bearer ${await canary.mint({ tenantId: 'health', userId: 'canary', roles: ['probe'] })}`);
      expect(principal).to.deep.include({ tenantId: 'health', userId: 'canary', roles: ['probe'], synthetic: true });
      expect(principal.expiresAt - Date.now() / 1000).to.be.within(55, 61);
    });

    it('R-EDGE-1: refuses a JWKS-signed token that claims the synthetic issuer', async () => {
      const canary = await createSyntheticCredentials();
      const withCanary = await EdgeAuthenticator.create({ ...optionsFor(key), synthetic: canary.verifierOptions });
      const claimsSynthetic = await aToken(key, undefined, { issuer: canary.verifierOptions.issuer, audience: canary.verifierOptions.audience });
      expect(await outcome(withCanary.authenticate(`Bearer ${claimsSynthetic}`))).to.equal('EDGE_UNAUTHENTICATED:signature');
      expect(await outcome(withCanary.authenticate(`Bearer ${await aToken(key)}`))).to.equal('ok');
    });

    it('R-EDGE-1: refuses a synthetic token when no synthetic key is configured', async () => {
      const canary = await createSyntheticCredentials();
      expect(await outcome(edge.authenticate(`Bearer ${await canary.mint({ tenantId: 'health', userId: 'canary' })}`))).to.equal('EDGE_UNAUTHENTICATED:unknown-key');
    });

    it('R-EDGE-1: refuses a synthetic token from another process key with reason signature', async () => {
      const mine = await createSyntheticCredentials();
      const theirs = await createSyntheticCredentials();
      const withCanary = await EdgeAuthenticator.create({ ...optionsFor(key), synthetic: mine.verifierOptions });
      expect(await outcome(withCanary.authenticate(`Bearer ${await theirs.mint({ tenantId: 'health', userId: 'canary' })}`))).to.equal('EDGE_UNAUTHENTICATED:signature');
    });

    it('R-EDGE-1: refuses a synthetic issuer that is also a trusted JWKS issuer with CONFIG_INVALID', async () => {
      const canary = await createSyntheticCredentials({ issuer: ISSUER });
      expect(await outcome(EdgeAuthenticator.create({ ...optionsFor(key), synthetic: canary.verifierOptions }))).to.equal('CONFIG_INVALID');
    });

    it('R-EDGE-1: refuses a private key as the synthetic public key with CONFIG_INVALID', async () => {
      expect(await outcome(EdgeAuthenticator.create({ ...optionsFor(key), synthetic: { publicKey: key.privateKey, issuer: 'synthetic' } }))).to.equal('CONFIG_INVALID');
    });
  });

  describe('.create()', () => {
    let temp: Awaited<ReturnType<typeof aTempDir>>;
    beforeEach(async () => {
      temp = await aTempDir();
    });
    afterEach(async () => {
      await temp.remove();
    });

    it('R-EDGE-1: loads a JWKS file once and verifies with it', async () => {
      const file = join(temp.dir, 'jwks.json');
      await writeFile(file, JSON.stringify({ keys: [key.publicJwk] }));
      const fromFile = await EdgeAuthenticator.create({ jwks: { file }, issuer: ISSUER, audience: AUDIENCE });
      await writeFile(file, 'changed later: not read again');
      expect(await outcome(fromFile.authenticate(`Bearer ${await aToken(key)}`))).to.equal('ok');
    });

    it('R-EDGE-1: accepts inline keys as a JWKS or as its keys array', async () => {
      const asArray = await EdgeAuthenticator.create({ jwks: { keys: [key.publicJwk] }, issuer: ISSUER, audience: AUDIENCE });
      expect(await outcome(asArray.authenticate(`Bearer ${await aToken(key)}`))).to.equal('ok');
    });

    it('R-EDGE-1: refuses a missing JWKS file with ConfigurationError CONFIG_INVALID', async () => {
      const error = await rejection(EdgeAuthenticator.create({ jwks: { file: join(temp.dir, 'absent.json') }, issuer: ISSUER, audience: AUDIENCE }));
      expect(error).to.be.instanceOf(ConfigurationError).with.property('code', 'CONFIG_INVALID');
    });

    it('R-EDGE-1: refuses a garbage, empty or keyless JWKS file with CONFIG_INVALID', async () => {
      for (const content of ['not json', '', '{}', '{"keys":[]}', '{"keys":[{"kty":"OKP","crv":"Ed25519","x":"!!"}]}', '[1,2]']) {
        const file = join(temp.dir, 'jwks.json');
        await writeFile(file, content);
        expect(await outcome(EdgeAuthenticator.create({ jwks: { file }, issuer: ISSUER, audience: AUDIENCE })), content).to.equal('CONFIG_INVALID');
      }
    });

    it('R-EDGE-1: refuses a JWKS holding a private or symmetric key with CONFIG_INVALID', async () => {
      const privateJwk = { ...key.publicJwk, d: 'AAAA' };
      const secretJwk = { kty: 'oct', k: 'c2VjcmV0', kid: 'hs' };
      for (const jwk of [privateJwk, secretJwk]) {
        const error = await rejection(EdgeAuthenticator.create({ jwks: { keys: { keys: [jwk] } }, issuer: ISSUER, audience: AUDIENCE }));
        expect(error).to.be.instanceOf(ConfigurationError).with.property('code', 'CONFIG_INVALID');
      }
    });

    it("R-EDGE-1: refuses algorithms 'none' and any HS* with CONFIG_INVALID", async () => {
      for (const algorithms of [['none'], ['HS256'], ['EdDSA', 'HS512'], ['hs384'], ['NONE'], []]) {
        const error = await rejection(EdgeAuthenticator.create({ ...optionsFor(key), algorithms }));
        expect(error, algorithms.join()).to.be.instanceOf(ConfigurationError).with.property('code', 'CONFIG_INVALID');
      }
    });

    it('R-EDGE-1: refuses a plain-http JWKS URL to a non-loopback host, a disabled expiry and unknown options with CONFIG_INVALID', async () => {
      expect(await outcome(EdgeAuthenticator.create({ jwks: { url: 'http://idp.example.test/jwks' }, issuer: ISSUER, audience: AUDIENCE }))).to.equal('CONFIG_INVALID');
      const unsafe = { ...optionsFor(key), requireExpiry: false } as unknown as EdgeAuthOptionsInput;
      expect(await outcome(EdgeAuthenticator.create(unsafe))).to.equal('CONFIG_INVALID');
      const typo = { ...optionsFor(key), audiences: ['x'] } as unknown as EdgeAuthOptionsInput;
      expect(await outcome(EdgeAuthenticator.create(typo))).to.equal('CONFIG_INVALID');
      expect(await outcome(EdgeAuthenticator.create({ ...optionsFor(key), issuer: [] }))).to.equal('CONFIG_INVALID');
    });
  });
});
