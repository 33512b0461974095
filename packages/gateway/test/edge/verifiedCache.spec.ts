import { expect } from 'chai';
import { EdgeAuthenticator } from '../../src/edge/index.js';
import { AUDIENCE, aKey, aToken, ISSUER, outcome } from './edgeFixtures.js';

describe('EdgeAuthenticator verified-token cache (R-EDGE-1)', () => {
  it('trusts a verified token again without a signature check, but never past its expiry', async () => {
    const key = await aKey();
    const edge = await EdgeAuthenticator.create({ jwks: { keys: [key.publicJwk] }, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 0 });
    const token = await aToken(key, { sub: 'u1', tid: 't1', roles: [] }, { expiresIn: Math.floor(Date.now() / 1000) + 1 });
    const first = await edge.authenticate(`Bearer ${token}`);
    expect(await edge.authenticate(`Bearer ${token}`)).to.equal(first);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await outcome(edge.authenticate(`Bearer ${token}`))).to.equal('EDGE_UNAUTHENTICATED:expired');
  });

  it('does not cache a failure: a tampered token stays refused, the original still passes', async () => {
    const key = await aKey();
    const edge = await EdgeAuthenticator.create({ jwks: { keys: [key.publicJwk] }, issuer: ISSUER, audience: AUDIENCE });
    const token = await aToken(key, { sub: 'u1', tid: 't1', roles: [] });
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(await outcome(edge.authenticate(`Bearer ${tampered}`))).to.match(/^EDGE_UNAUTHENTICATED/);
    expect((await edge.authenticate(`Bearer ${token}`)).userId).to.equal('u1');
    expect(await outcome(edge.authenticate(`Bearer ${tampered}`))).to.match(/^EDGE_UNAUTHENTICATED/);
  });
});
