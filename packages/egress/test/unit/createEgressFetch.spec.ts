import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import { createEgressFetch, type EgressDenial, EgressDeniedError, type EgressPolicyOptions, type EgressRule } from '../../src/index.js';
import { fakeLookup, rejectionOf, startServer, type TestServer } from '../helpers.js';

const TENANT = 't-1';
const AGENT = 'crm';
const SECRET = 's3cr3t-value-never-shown';

/** The same rules on the tenant's and the agent's lists. */
function both(rules: EgressRule[], extra: Partial<EgressPolicyOptions> = {}): EgressPolicyOptions {
  return { tenants: { [TENANT]: rules }, agents: { [AGENT]: rules }, ...extra };
}

/** A rule allowing plain http on the test server's port. */
function local(host: string, port: number, more: Partial<EgressRule> = {}): EgressRule {
  return { host, schemes: ['http'], ports: [port], ...more };
}

describe('createEgressFetch', () => {
  let a: TestServer;
  let b: TestServer;

  beforeEach(async () => {
    a = await startServer();
    b = await startServer();
  });

  afterEach(async () => {
    await a.close();
    await b.close();
  });

  describe('allowlists (R-EGRESS-1)', () => {
    it('R-EGRESS-1: serves a destination both lists allow', async () => {
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT });
      const res = await http(`http://127.0.0.1:${a.port}/hello`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('ok');
      expect(a.seen.map((r) => r.url)).to.deep.equal(['/hello']);
    });

    it('R-EGRESS-1/2: resolves a host name once, connects to the checked address and keeps the Host header', async () => {
      const dns = fakeLookup({ 'api.example.test': ['127.0.0.1'] });
      const policy = both([local('api.example.test', a.port), local('127.0.0.1', a.port)]);
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      const res = await http(`http://api.example.test:${a.port}/x`, { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
      expect(res.status).to.equal(200);
      expect(dns.calls).to.deep.equal(['api.example.test']);
      expect(a.seen[0]?.headers.host).to.equal(`api.example.test:${a.port}`);
      expect(a.seen[0]?.method).to.equal('POST');
    });

    it('R-EGRESS-1: refuses a host missing from the tenant list before anything is sent', async () => {
      const policy: EgressPolicyOptions = { tenants: { [TENANT]: [local('10.9.9.9', a.port)] }, agents: { [AGENT]: [local('127.0.0.1', a.port)] } };
      const dns = fakeLookup({});
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(EgressDeniedError.isDenial(err)).to.equal(true);
      expect(err.details).to.include({ reason: 'host-not-allowed', list: 'tenant' });
      expect(a.seen).to.have.length(0);
      expect(dns.calls).to.have.length(0);
    });

    it('R-EGRESS-1: refuses a host on the tenant list but not on the agent list', async () => {
      const policy: EgressPolicyOptions = { tenants: { [TENANT]: [local('127.0.0.1', a.port)] }, agents: { [AGENT]: [local('10.9.9.9', a.port)] } };
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(err.code).to.equal('EGRESS_DENIED');
      expect(err.details).to.include({ reason: 'host-not-allowed', list: 'agent' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-1: denies everything for a tenant or agent without a list', async () => {
      const policy = both([local('127.0.0.1', a.port)]);
      const other = createEgressFetch({ policy, tenantId: 't-2', agent: AGENT });
      const stranger = createEgressFetch({ policy, tenantId: TENANT, agent: 'other-agent' });
      expect((await rejectionOf(other(`http://127.0.0.1:${a.port}/`))).details).to.include({ reason: 'host-not-allowed', list: 'tenant' });
      expect((await rejectionOf(stranger(`http://127.0.0.1:${a.port}/`))).details).to.include({ reason: 'host-not-allowed', list: 'agent' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-1: refuses http when the rule does not allow it (https only by default)', async () => {
      const http = createEgressFetch({ policy: both([{ host: '127.0.0.1', ports: [a.port] }]), tenantId: TENANT, agent: AGENT });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(err.details).to.include({ reason: 'scheme', scheme: 'http' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-1: refuses schemes other than http and https', async () => {
      const http = createEgressFetch({ policy: both([{ host: 'files.example.test' }]), tenantId: TENANT, agent: AGENT });
      expect((await rejectionOf(http('ftp://files.example.test/x'))).details).to.include({ reason: 'scheme' });
      expect((await rejectionOf(http('file:///etc/passwd'))).details).to.include({ reason: 'scheme' });
      expect((await rejectionOf(http('not a url'))).details).to.include({ reason: 'invalid-url' });
    });

    it('R-EGRESS-1: refuses a port the rule does not allow (default 80 for http)', async () => {
      const http = createEgressFetch({ policy: both([{ host: '127.0.0.1', schemes: ['http'] }]), tenantId: TENANT, agent: AGENT });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(err.details).to.include({ reason: 'port', port: a.port });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-1: matches "*." wildcards on subdomains only', async () => {
      const dns = fakeLookup({ 'x.example.test': ['127.0.0.1'], 'example.test': ['127.0.0.1'] });
      const policy = both([local('*.example.test', a.port), local('127.0.0.1', a.port)]);
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await http(`http://x.example.test:${a.port}/`)).status).to.equal(200);
      expect((await rejectionOf(http(`http://example.test:${a.port}/`))).details).to.include({ reason: 'host-not-allowed' });
    });

    it('R-EGRESS-1 / SPEC §12: refuses third-party LLM API hosts even when allow-listed', async () => {
      const dns = fakeLookup({ 'api.openai.com': ['127.0.0.1'] });
      const policy = both([{ host: 'api.openai.com' }, { host: '*.openai.azure.com' }, { host: '*.amazonaws.com' }, { host: 'api.anthropic.com' }]);
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      for (const url of [
        'https://api.openai.com/v1/chat/completions',
        'https://API.OpenAI.com./v1/models',
        'https://my-res.openai.azure.com/openai/deployments/x',
        'https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke',
        'https://api.anthropic.com/v1/messages',
      ]) {
        const err = await rejectionOf(http(url));
        expect(err.details, url).to.include({ reason: 'llm-api' });
      }
      expect(dns.calls).to.have.length(0);
    });
  });

  describe('resolved addresses (R-EGRESS-2)', () => {
    const cases: [string, string, string][] = [
      ['loopback', '127.0.0.1', 'private-address'],
      ['private 10/8', '10.0.0.1', 'private-address'],
      ['private 192.168/16', '192.168.1.20', 'private-address'],
      ['CGNAT', '100.64.0.7', 'private-address'],
      ['link-local', '169.254.10.10', 'private-address'],
      ['unspecified', '0.0.0.0', 'private-address'],
      ['IPv6 loopback', '::1', 'private-address'],
      ['IPv6 unique local', 'fd12:3456::1', 'private-address'],
      ['IPv4-mapped loopback', '::ffff:127.0.0.1', 'private-address'],
      ['IPv4-mapped private (hex form)', '::ffff:a00:1', 'private-address'],
      ['cloud metadata', '169.254.169.254', 'metadata-address'],
      ['IPv4-mapped metadata', '::ffff:169.254.169.254', 'metadata-address'],
      ['AWS IPv6 metadata', 'fd00:ec2::254', 'metadata-address'],
    ];
    for (const [label, address, reason] of cases) {
      it(`R-EGRESS-2: refuses a name resolving to ${label} (${address}) without an IP rule`, async () => {
        const dns = fakeLookup({ 'api.example.test': [address] });
        const http = createEgressFetch({ policy: both([local('api.example.test', a.port)]), tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
        const err = await rejectionOf(http(`http://api.example.test:${a.port}/`));
        expect(err.details).to.include({ reason, address });
        expect(a.seen).to.have.length(0);
      });
    }

    it('R-EGRESS-2: refuses localhost through the real DNS lookup', async () => {
      const http = createEgressFetch({ policy: both([local('localhost', a.port)]), tenantId: TENANT, agent: AGENT });
      expect((await rejectionOf(http(`http://localhost:${a.port}/`))).details).to.include({ reason: 'private-address' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-2: refuses when any one of several resolved addresses is private', async () => {
      const dns = fakeLookup({ 'api.example.test': ['93.184.216.34', '10.0.0.1'] });
      const http = createEgressFetch({ policy: both([{ host: 'api.example.test' }]), tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await rejectionOf(http('https://api.example.test/'))).details).to.include({ reason: 'private-address', address: '10.0.0.1' });
    });

    it('R-EGRESS-2: refuses IP-literal URLs in the IPv4-mapped IPv6 form', async () => {
      const http = createEgressFetch({ policy: both([{ cidr: '::ffff:0:0/96', schemes: ['http'], ports: [a.port] }]), tenantId: TENANT, agent: AGENT });
      // the CIDR lets the literal through the host check; the address check still names loopback
      const err = await rejectionOf(http(`http://[::ffff:127.0.0.1]:${a.port}/`));
      expect(err.details).to.include({ reason: 'private-address' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-2: refuses metadata host names whatever the allowlist', async () => {
      const dns = fakeLookup({ 'metadata.google.internal': ['8.8.8.8'] });
      const http = createEgressFetch({ policy: both([{ host: 'metadata.google.internal', schemes: ['http'] }]), tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await rejectionOf(http('http://metadata.google.internal/computeMetadata/v1/'))).details).to.include({ reason: 'metadata-address' });
      expect(dns.calls).to.have.length(0);
    });

    it('R-EGRESS-2: a CIDR rule allows a private range deliberately, but not the metadata address inside it', async () => {
      const dns = fakeLookup({ 'svc.internal.test': ['127.0.0.1'], 'meta.internal.test': ['169.254.169.254'] });
      const policy = both([local('svc.internal.test', a.port), local('meta.internal.test', a.port), { cidr: '127.0.0.0/8', schemes: ['http'], ports: [a.port] }, { cidr: '169.254.0.0/16', schemes: ['http'], ports: [a.port] }]);
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await http(`http://svc.internal.test:${a.port}/`)).status).to.equal(200);
      expect((await rejectionOf(http(`http://meta.internal.test:${a.port}/`))).details).to.include({ reason: 'metadata-address' });
    });

    it('R-EGRESS-2: the private exemption must be on both lists', async () => {
      const dns = fakeLookup({ 'svc.internal.test': ['127.0.0.1'] });
      const policy: EgressPolicyOptions = {
        tenants: { [TENANT]: [local('svc.internal.test', a.port), local('127.0.0.1', a.port)] },
        agents: { [AGENT]: [local('svc.internal.test', a.port)] },
      };
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await rejectionOf(http(`http://svc.internal.test:${a.port}/`))).details).to.include({ reason: 'private-address' });
      expect(a.seen).to.have.length(0);
    });
  });

  describe('redirects (R-EGRESS-2)', () => {
    it('R-EGRESS-2: refuses a redirect to a host not on the allowlist; the target is never called', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${b.port}/stolen` }).end());
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/start`));
      expect(err.details).to.include({ reason: 'host-not-allowed', host: '127.0.0.2', redirects: 1 });
      expect(a.seen).to.have.length(1);
      expect(b.seen).to.have.length(0);
    });

    it('R-EGRESS-2: refuses a redirect to a name resolving to a metadata address', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(307, { location: 'http://evil.example.test/latest/meta-data/' }).end());
      const dns = fakeLookup({ 'evil.example.test': ['169.254.169.254'] });
      const policy = both([local('127.0.0.1', a.port), { host: 'evil.example.test', schemes: ['http'] }]);
      const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT, lookup: dns.lookup });
      expect((await rejectionOf(http(`http://127.0.0.1:${a.port}/`))).details).to.include({ reason: 'metadata-address' });
    });

    it('R-EGRESS-2: follows a redirect to an allowed host', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(303, { location: `http://127.0.0.1:${b.port}/landed` }).end());
      const http = createEgressFetch({ policy: both([{ host: '127.0.0.1', schemes: ['http'], ports: [a.port, b.port] }]), tenantId: TENANT, agent: AGENT });
      const res = await http(`http://127.0.0.1:${a.port}/start`, { method: 'POST', body: 'x' });
      expect(res.status).to.equal(200);
      expect(res.redirected).to.equal(true);
      expect(res.url).to.equal(`http://127.0.0.1:${b.port}/landed`);
      expect(b.seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal(['GET /landed']);
    });

    it('R-EGRESS-2: stops a redirect loop with too-many-redirects', async () => {
      await a.close();
      a = await startServer((req, res) => res.writeHead(302, { location: `${req.url}x` }).end());
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT, maxRedirects: 3 });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(err.details).to.include({ reason: 'too-many-redirects', redirects: 3 });
      expect(a.seen).to.have.length(4);
    });

    it('returns the redirect itself when the caller asks for redirect: "manual"', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(302, { location: 'https://elsewhere.example.test/' }).end());
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT });
      const res = await http(`http://127.0.0.1:${a.port}/`, { redirect: 'manual' });
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal('https://elsewhere.example.test/');
    });
  });

  describe('named credentials (R-EGRESS-3)', () => {
    function credentialPolicy(): EgressPolicyOptions {
      return both(
        [
          local('crm.example.test', a.port, { credential: 'crm-key' }),
          local('other.example.test', b.port),
          { host: '127.0.0.1', schemes: ['http'], ports: [a.port, b.port] },
        ],
        { credentials: { 'crm-key': { header: 'X-Api-Key', value: SECRET } } },
      );
    }
    const dns = (): ReturnType<typeof fakeLookup> => fakeLookup({ 'crm.example.test': ['127.0.0.1'], 'other.example.test': ['127.0.0.1'] });

    it('R-EGRESS-3: injects the credential its rule names on the allowed host', async () => {
      const http = createEgressFetch({ policy: credentialPolicy(), tenantId: TENANT, agent: AGENT, lookup: dns().lookup });
      await http(`http://crm.example.test:${a.port}/orders`);
      expect(a.seen[0]?.headers['x-api-key']).to.equal(SECRET);
    });

    it('R-EGRESS-3: reads an environment credential at send time', async () => {
      process.env.EGRESS_TEST_TOKEN = 'Bearer from-env';
      try {
        const policy = both([local('127.0.0.1', a.port, { credential: 'env-key' })], { credentials: { 'env-key': { header: 'Authorization', env: 'EGRESS_TEST_TOKEN' } } });
        const http = createEgressFetch({ policy, tenantId: TENANT, agent: AGENT });
        await http(`http://127.0.0.1:${a.port}/`);
        expect(a.seen[0]?.headers.authorization).to.equal('Bearer from-env');
      } finally {
        delete process.env.EGRESS_TEST_TOKEN;
      }
    });

    it('R-EGRESS-3: does not send the credential after a redirect to another host', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(302, { location: `http://other.example.test:${b.port}/next` }).end());
      const http = createEgressFetch({ policy: credentialPolicy(), tenantId: TENANT, agent: AGENT, lookup: dns().lookup });
      const res = await http(`http://crm.example.test:${a.port}/start`, { headers: { authorization: 'Bearer caller' } });
      expect(res.status).to.equal(200);
      expect(a.seen[0]?.headers['x-api-key']).to.equal(SECRET);
      expect(b.seen).to.have.length(1);
      expect(b.seen[0]?.headers).to.not.have.property('x-api-key');
      expect(b.seen[0]?.headers).to.not.have.property('authorization');
    });

    it('R-EGRESS-3: refuses a call whose caller sets the credential header, without sending it', async () => {
      const http = createEgressFetch({ policy: credentialPolicy(), tenantId: TENANT, agent: AGENT, lookup: dns().lookup });
      const err = await rejectionOf(http(`http://crm.example.test:${a.port}/`, { headers: { 'x-api-key': 'guess' } }));
      expect(err.details).to.include({ reason: 'credential-conflict' });
      expect(a.seen).to.have.length(0);
    });

    it('R-EGRESS-3: never puts the credential value in an error or a recorded denial', async () => {
      const denials: EgressDenial[] = [];
      const http = createEgressFetch({ policy: credentialPolicy(), tenantId: TENANT, agent: AGENT, lookup: dns().lookup, onDenied: (d) => denials.push(d) });
      const err = await rejectionOf(http(`http://crm.example.test:${a.port}/`, { headers: { 'X-Api-Key': 'x' } }));
      const text = JSON.stringify({ json: AgentStudioError.is(err) ? err.toJSON() : undefined, stack: err.stack, denials });
      expect(text).to.not.include(SECRET);
      expect(denials).to.have.length(1);
    });

    it('R-EGRESS-3: refuses user info in the URL', async () => {
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT });
      expect((await rejectionOf(http(`http://user:pw@127.0.0.1:${a.port}/`))).details).to.include({ reason: 'credential-conflict' });
      expect(a.seen).to.have.length(0);
    });
  });

  describe('limits', () => {
    it('refuses a body larger than maxResponseBytes announced by Content-Length', async () => {
      await a.close();
      a = await startServer((_req, res) => res.writeHead(200, { 'content-length': '2048' }).end('y'.repeat(2048)));
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT, maxResponseBytes: 1024 });
      expect((await rejectionOf(http(`http://127.0.0.1:${a.port}/`))).code).to.equal('EGRESS_RESPONSE_TOO_LARGE');
    });

    it('cuts off a streamed body once it passes maxResponseBytes', async () => {
      await a.close();
      a = await startServer((_req, res) => {
        res.write('z'.repeat(800));
        setTimeout(() => res.end('z'.repeat(800)), 20);
      });
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT, maxResponseBytes: 1024 });
      const res = await http(`http://127.0.0.1:${a.port}/`);
      const err = await rejectionOf(res.text());
      expect(AgentStudioError.hasCode(err, 'EGRESS_RESPONSE_TOO_LARGE') || AgentStudioError.hasCode(err.cause, 'EGRESS_RESPONSE_TOO_LARGE')).to.equal(true);
    });

    it('passes the caller signal abort through as its reason', async () => {
      await a.close();
      a = await startServer(() => undefined);
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`, { signal: controller.signal }));
      expect(err.name).to.equal('AbortError');
    });

    it('fails with EGRESS_TIMEOUT when the server does not answer in time', async () => {
      await a.close();
      a = await startServer(() => undefined);
      const http = createEgressFetch({ policy: both([local('127.0.0.1', a.port)]), tenantId: TENANT, agent: AGENT, timeoutMs: 50 });
      const err = await rejectionOf(http(`http://127.0.0.1:${a.port}/`));
      expect(err.code).to.equal('EGRESS_TIMEOUT');
    });

    it('reports a DNS failure as EGRESS_NETWORK_ERROR', async () => {
      const http = createEgressFetch({ policy: both([{ host: 'nowhere.example.test' }]), tenantId: TENANT, agent: AGENT, lookup: fakeLookup({}).lookup });
      expect((await rejectionOf(http('https://nowhere.example.test/'))).code).to.equal('EGRESS_NETWORK_ERROR');
    });
  });
});
