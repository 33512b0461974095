import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type JWK, exportJWK } from 'jose';
import { EdgeAuthenticationError, EdgeAuthenticator } from '../../src/edge/index.js';
import { AUDIENCE, ISSUER, type TestKey, aKey, aToken, outcome, rejection } from './edgeFixtures.js';

/** A JWKS endpoint on 127.0.0.1 whose keys and status the test controls; it counts requests. */
async function aJwksServer(keys: JWK[]): Promise<{ url: string; keys: JWK[]; status: number; hits: number; close(): Promise<void> }> {
  const state = { url: '', keys, status: 200, hits: 0, close: async () => {} };
  const server: Server = createServer((_request, response) => {
    state.hits++;
    response.writeHead(state.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

describe(`${EdgeAuthenticator.name} with a remote JWKS`, () => {
  let key: TestKey;
  before(async () => {
    key = await aKey('remote-1');
  });

  it('R-EDGE-1: verifies tokens with keys fetched from a JWKS URL, and caches them', async () => {
    const server = await aJwksServer([key.publicJwk]);
    try {
      const edge = await EdgeAuthenticator.create({ jwks: { url: server.url }, issuer: ISSUER, audience: AUDIENCE });
      expect(server.hits, 'nothing is fetched before the first request').to.equal(0);
      const principal = await edge.authenticate(`Bearer ${await aToken(key)}`);
      expect(principal).to.deep.include({ tenantId: 't1', userId: 'u1' });
      await edge.authenticate(`Bearer ${await aToken(key)}`);
      expect(server.hits).to.equal(1);
    } finally {
      await server.close();
    }
  });

  it('R-EDGE-1: picks up a rotated key after the cooldown, and still refuses an unknown kid', async () => {
    const server = await aJwksServer([key.publicJwk]);
    try {
      const edge = await EdgeAuthenticator.create({ jwks: { url: server.url, cooldownMs: 0 }, issuer: ISSUER, audience: AUDIENCE });
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key)}`))).to.equal('ok');
      const rotated = await aKey('remote-2');
      server.keys = [key.publicJwk, rotated.publicJwk];
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(rotated)}`))).to.equal('ok');
      const stranger = await aKey('remote-3');
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(stranger)}`))).to.equal('EDGE_UNAUTHENTICATED:unknown-key');
    } finally {
      await server.close();
    }
  });

  it('R-EDGE-1: fails closed with reason keys-unavailable when the JWKS URL is down', async () => {
    const server = await aJwksServer([key.publicJwk]);
    const url = server.url;
    await server.close();
    const edge = await EdgeAuthenticator.create({ jwks: { url, timeoutMs: 2_000 }, issuer: ISSUER, audience: AUDIENCE });
    const error = await rejection(edge.authenticate(`Bearer ${await aToken(key)}`));
    expect(error).to.be.instanceOf(EdgeAuthenticationError).with.property('details').that.deep.equals({ reason: 'keys-unavailable' });
    expect((error as EdgeAuthenticationError).retryable).to.equal(true);
  });

  it('R-EDGE-1: fails closed with reason keys-unavailable when the JWKS endpoint answers an error or a private key', async () => {
    const server = await aJwksServer([key.publicJwk]);
    try {
      server.status = 500;
      const failing = await EdgeAuthenticator.create({ jwks: { url: server.url }, issuer: ISSUER, audience: AUDIENCE });
      expect(await outcome(failing.authenticate(`Bearer ${await aToken(key)}`))).to.equal('EDGE_UNAUTHENTICATED:keys-unavailable');
      server.status = 200;
      server.keys = [{ ...(await exportJWK(key.privateKey)), kid: key.kid }];
      const leaking = await EdgeAuthenticator.create({ jwks: { url: server.url }, issuer: ISSUER, audience: AUDIENCE });
      expect(await outcome(leaking.authenticate(`Bearer ${await aToken(key)}`))).to.equal('EDGE_UNAUTHENTICATED:keys-unavailable');
    } finally {
      await server.close();
    }
  });

  it('R-EDGE-1: fails closed with reason keys-unavailable when the JWKS endpoint does not answer in time', async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const edge = await EdgeAuthenticator.create({ jwks: { url, timeoutMs: 200 }, issuer: ISSUER, audience: AUDIENCE });
      expect(await outcome(edge.authenticate(`Bearer ${await aToken(key)}`))).to.equal('EDGE_UNAUTHENTICATED:keys-unavailable');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
