import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import { AccessContextIssuer, AccessContextVerifier, AgentStudioError, createLocalAccessAuthority } from '../../../src/index.js';

const grant = { tenantId: 't', userId: 'u', agent: 'a', sessionId: 's', surface: 'runtime', audience: 'employee' } as const;

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? `${e.code}:${String(e.details?.check)}` : String(e);
  }
  return undefined;
}

describe(AccessContextVerifier.name, () => {
  it('returns the frozen context of a valid token', async () => {
    const { issuer, verifier } = await createLocalAccessAuthority();
    const access = await verifier.verify(await issuer.mint({ ...grant, roles: ['agent.use'] }), { agent: 'a' });
    expect(access).to.include({ tenantId: 't', userId: 'u', agent: 'a', surface: 'runtime', audience: 'employee' });
    expect(Object.isFrozen(access)).to.equal(true);
  });

  it('refuses an expired token', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const issuer = new AccessContextIssuer({ privateKey, keyId: 'k', issuer: 'i', audience: 'r', ttlSeconds: 1 });
    const verifier = new AccessContextVerifier({ key: publicKey, issuer: 'i', audience: 'r', clockToleranceSeconds: 0 });
    const token = await issuer.mint(grant);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await code(verifier.verify(token))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWT_EXPIRED');
  });

  it('refuses another audience or issuer', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const token = await new AccessContextIssuer({ privateKey, keyId: 'k', issuer: 'i', audience: 'gateway' }).mint(grant);
    expect(await code(new AccessContextVerifier({ key: publicKey, issuer: 'i', audience: 'runtime' }).verify(token))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(await code(new AccessContextVerifier({ key: publicKey, issuer: 'other', audience: 'gateway' }).verify(token))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('refuses a token bound to another request digest', async () => {
    const { issuer, verifier } = await createLocalAccessAuthority();
    const token = await issuer.mint({ ...grant, requestDigest: 'sha256:aaa' });
    expect(await code(verifier.verify(token, { requestDigest: 'sha256:bbb' }))).to.equal('ACCESS_CONTEXT_INVALID:digest-mismatch');
    expect(await code(verifier.verify(token, { requestDigest: 'sha256:aaa' }))).to.equal(undefined);
  });

  it('refuses a token whose payload was edited', async () => {
    const { issuer, verifier } = await createLocalAccessAuthority();
    const [h, p, s] = (await issuer.mint(grant)).split('.');
    const payload = JSON.parse(Buffer.from(String(p), 'base64url').toString()) as Record<string, unknown>;
    payload.sub = 'admin';
    const edited = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(await code(verifier.verify(edited))).to.equal('ACCESS_CONTEXT_INVALID:ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses a lifetime longer than 15 minutes at construction', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expect(() => new AccessContextIssuer({ privateKey, keyId: 'k', issuer: 'i', audience: 'r', ttlSeconds: 3600 })).to.throw().with.property('code', 'CONFIG_INVALID');
  });
});
