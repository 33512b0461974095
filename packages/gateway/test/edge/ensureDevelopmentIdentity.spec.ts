import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@agent-studio/core';
import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { EdgeAuthenticator, ensureDevelopmentIdentity } from '../../src/edge/index.js';
import { aTempDir, outcome, rejection } from './edgeFixtures.js';

const posix = process.platform !== 'win32';

describe(ensureDevelopmentIdentity.name, () => {
  let temp: Awaited<ReturnType<typeof aTempDir>>;
  beforeEach(async () => {
    temp = await aTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('R-EDGE-1: creates a private key file (0600) in a 0700 directory and a public JWKS with one Ed25519 key', async () => {
    const home = join(temp.dir, 'home');
    const dev = await ensureDevelopmentIdentity(home);
    expect(dev).to.deep.include({ jwksFile: join(home, 'dev-jwks.json'), signingKeyFile: join(home, 'dev-signing-key.json'), issuer: 'agent-studio.dev', audience: 'agent-studio.gateway' });
    if (posix) {
      expect((await stat(dev.signingKeyFile)).mode & 0o777).to.equal(0o600);
      expect((await stat(home)).mode & 0o777).to.equal(0o700);
    }
    const jwks = JSON.parse(await readFile(dev.jwksFile, 'utf8')) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).to.include({ kty: 'OKP', crv: 'Ed25519', kid: dev.keyId, alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).to.not.have.property('d');
    const privateJwk = JSON.parse(await readFile(dev.signingKeyFile, 'utf8')) as Record<string, unknown>;
    expect(privateJwk).to.include({ kty: 'OKP', crv: 'Ed25519', kid: dev.keyId }).and.to.have.property('d');
  });

  it('R-EDGE-1: mints tokens the edge accepts, with the documented header and claims', async () => {
    const dev = await ensureDevelopmentIdentity(temp.dir);
    const token = await dev.mint({ userId: 'ada', tenantId: 'dev', roles: ['agent.use'] });
    expect(decodeProtectedHeader(token)).to.deep.equal({ alg: 'EdDSA', kid: dev.keyId, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).to.include({ tid: 'dev', sub: 'ada', iss: 'agent-studio.dev', aud: 'agent-studio.gateway' });
    expect(claims.roles).to.deep.equal(['agent.use']);
    expect(claims.jti).to.be.a('string');
    expect(Number(claims.exp) - Number(claims.iat)).to.equal(3_600);
    expect(claims.nbf).to.equal(claims.iat);
    const edge = await EdgeAuthenticator.create(dev.edgeAuthOptions);
    const principal = await edge.authenticate(`Bearer ${token}`);
    expect(principal).to.deep.include({ tenantId: 'dev', userId: 'ada', roles: ['agent.use'], synthetic: false });
  });

  it('R-EDGE-1: reuses the same key on a second call, so tokens from both calls verify', async () => {
    const first = await ensureDevelopmentIdentity(temp.dir);
    const jwksBefore = await readFile(first.jwksFile, 'utf8');
    const second = await ensureDevelopmentIdentity(temp.dir);
    expect(second.keyId).to.equal(first.keyId);
    expect(await readFile(second.jwksFile, 'utf8')).to.equal(jwksBefore);
    const edge = await EdgeAuthenticator.create(second.edgeAuthOptions);
    expect(await outcome(edge.authenticate(`Bearer ${await first.mint({ userId: 'u', tenantId: 't' })}`))).to.equal('ok');
    expect(await outcome(edge.authenticate(`Bearer ${await second.mint({ userId: 'u', tenantId: 't' })}`))).to.equal('ok');
  });

  it('R-EDGE-1: ends with exactly one key when five calls race, and leaves no temporary file', async () => {
    const home = join(temp.dir, 'race');
    const all = await Promise.all(Array.from({ length: 5 }, () => ensureDevelopmentIdentity(home)));
    expect(new Set(all.map((d) => d.keyId)).size).to.equal(1);
    const jwks = JSON.parse(await readFile(join(home, 'dev-jwks.json'), 'utf8')) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).to.deep.equal([all[0]?.keyId]);
    expect((await readdir(home)).sort()).to.deep.equal(['dev-jwks.json', 'dev-signing-key.json']);
    const last = all[4];
    if (last === undefined) throw new Error('five identities expected');
    const edge = await EdgeAuthenticator.create(last.edgeAuthOptions);
    for (const dev of all) {
      expect(await outcome(edge.authenticate(`Bearer ${await dev.mint({ userId: 'u', tenantId: 't' })}`))).to.equal('ok');
    }
  });

  it('R-EDGE-1: rewrites a deleted or stale public JWKS from the private key', async () => {
    const first = await ensureDevelopmentIdentity(temp.dir);
    const good = await readFile(first.jwksFile, 'utf8');
    await writeFile(first.jwksFile, '{"keys":[]}');
    await ensureDevelopmentIdentity(temp.dir);
    expect(await readFile(first.jwksFile, 'utf8')).to.equal(good);
  });

  it('R-EDGE-1: honours ttlSeconds and refuses a lifetime outside 1..86400 with CONFIG_INVALID', async () => {
    const dev = await ensureDevelopmentIdentity(temp.dir);
    const claims = decodeJwt(await dev.mint({ userId: 'u', tenantId: 't', ttlSeconds: 60 }));
    expect(Number(claims.exp) - Number(claims.iat)).to.equal(60);
    for (const ttlSeconds of [0, 86_401, 1.5]) {
      expect(await outcome(dev.mint({ userId: 'u', tenantId: 't', ttlSeconds })), String(ttlSeconds)).to.equal('CONFIG_INVALID');
    }
    expect(await outcome(dev.mint({ userId: '', tenantId: 't' }))).to.equal('CONFIG_INVALID');
  });

  it('R-EDGE-1: refuses a garbage key file with CONFIG_INVALID rather than replacing it', async () => {
    await writeFile(join(temp.dir, 'dev-signing-key.json'), '{"kty":"oct"}', { mode: 0o600 });
    const error = await rejection(ensureDevelopmentIdentity(temp.dir));
    expect(error).to.be.instanceOf(ConfigurationError).with.property('code', 'CONFIG_INVALID');
    expect(await readFile(join(temp.dir, 'dev-signing-key.json'), 'utf8')).to.equal('{"kty":"oct"}');
  });

  it('R-EDGE-1: refuses a key file readable by others with CONFIG_INVALID', async function () {
    if (!posix) this.skip();
    const dev = await ensureDevelopmentIdentity(temp.dir);
    await chmod(dev.signingKeyFile, 0o644);
    expect(await outcome(ensureDevelopmentIdentity(temp.dir))).to.equal('CONFIG_INVALID');
  });
});
