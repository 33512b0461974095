// Property tests that throw random requests at one in-process gateway (R-EDGE-1, "bad input"):
// whatever the method, path, headers and body, the gateway answers below 500, with the one error
// shape for every refusal, refuses every request without a valid credential with 401 unless the
// path is public, never runs a handler for such a request, and keeps serving afterwards.
import { expect } from 'chai';
import fc from 'fast-check';
import { aKey, aToken, b64url } from '../edge/edgeFixtures.js';
import { type TestGateway, testGateway } from '../helpers/testGateway.js';

/** Paths the gateway serves without a credential (exact match on the path, as the gateway does). */
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
type Method = (typeof METHODS)[number];

/** A way to present (or not) a credential; `valid` ones are verified tokens of a known user. */
interface Auth {
  readonly kind: string;
  readonly valid: boolean;
  readonly header: string | undefined;
}

interface FuzzRequest {
  readonly method: Method;
  readonly url: string;
  readonly auth: Auth;
  readonly headers: Record<string, string>;
  readonly payload: string | Buffer | undefined;
}

/**
 * The path the gateway sees for an URL given to `inject` (light-my-request parses it as a WHATWG
 * URL, which normalizes `..` and percent-encodes what needs it), or undefined when that parser
 * refuses it (`inject` would throw before any request exists, e.g. `/\\%zz` read as a host).
 */
function pathSeen(url: string): string | undefined {
  try {
    return (url.startsWith('//') ? new URL(`http://localhost${url}`) : new URL(url, 'http://localhost')).pathname;
  } catch {
    return undefined;
  }
}

/** Fastify's own limit on a path parameter (routerOptions.maxParamLength of the gateway). */
const MAX_PARAM_LENGTH = 256;

/**
 * Whether Fastify's router refuses the URL itself, before any hook and the gateway's error handler
 * (see the skipped property): a percent-escape in the path that does not decode (`%`, `%zz`, a cut
 * or non-UTF-8 sequence), or a path segment longer than the router's parameter limit.
 */
function routerRefuses(url: string): boolean {
  const path = pathSeen(url);
  if (path === undefined) return false;
  if (path.split('/').some((s) => s.length > MAX_PARAM_LENGTH)) return true;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** A fast-check reporter that names the failing request briefly (payloads can be 150 kB). */
async function briefReport(details: fc.RunDetails<[FuzzRequest]>): Promise<void> {
  if (!details.failed) return;
  const [r] = details.counterexample ?? [];
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`Property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"): ${r ? describeRequest(r) : 'no counterexample'}\n${cause.slice(0, 1500)}`);
}

/** A short, printable description of a request for failure messages. */
function describeRequest(r: FuzzRequest): string {
  const payload = r.payload === undefined ? 'none' : Buffer.isBuffer(r.payload) ? `Buffer(${r.payload.length}) ${r.payload.subarray(0, 40).toString('hex')}` : `${JSON.stringify(r.payload.slice(0, 120))} (${r.payload.length} chars)`;
  const url = r.url.length > 200 ? `${r.url.slice(0, 200)}…(${r.url.length})` : r.url;
  return `${r.method} ${JSON.stringify(url)} auth=${r.auth.kind} headers=${JSON.stringify(r.headers).slice(0, 300)} payload=${payload}`;
}

/** Characters that tend to break things: bidi controls, NUL, BOM, lone surrogates, ZWJ sequences, quotes. */
const oddChar = fc.oneof(
  fc.constantFrom('\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200b', '\ufeff', '\u0000', '\u0007', '\ud800', '\udfff', '\udbff', '👩‍👩‍👧', '﷽', 'é', '\u0301', '"', '\\', '/', '%', '\n', '\r'),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
);
const oddString = fc.string({ unit: oddChar, maxLength: 40 });

/** encodeURIComponent that survives lone surrogates (it throws on them). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return escape(value);
  }
}

/** One odd path segment. */
function segment(sessionIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('orders', 'refunds', 'agent-studio-canary', ...sessionIds),
    fc.constantFrom('%00', '%00%00%00', '..', '.', '%2e%2e', '%2E%2E%2F', '%2F', '%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%EF%BB%BF', '~', ';', 'a;b=c', '*', '', ' ', '%20', '+', '__proto__', 'constructor', 'é', '👩‍👩‍👧', '\u202e', '\u0000'),
    fc.integer({ min: 200, max: MAX_PARAM_LENGTH }).map((n) => 'a'.repeat(n)),
    fc.integer({ min: MAX_PARAM_LENGTH + 1, max: 6000 }).map((n) => 'a'.repeat(n)),
    fc.uuid(),
    fc.string({ maxLength: 30 }).map(encodeSegment),
    oddString.map(encodeSegment),
    oddString.filter((s) => !/[?#]/.test(s)),
  );
}

/** Known routes with odd segments, public paths and their look-alikes, unknown paths and other versions. */
function urlArb(sessionIds: readonly string[]): fc.Arbitrary<string> {
  const seg = segment(sessionIds);
  const known = fc.oneof(
    seg.map((a) => `/v1/agents/${a}/sessions`),
    seg.map((a) => `/v1/preview/agents/${a}/sessions`),
    seg.map((s) => `/v1/sessions/${s}/messages`),
    seg.map((id) => `/v1/approvals/${id}/decision`),
    seg.map((a) => `/v1/agents/${a}`),
    seg.map((r) => `/v1/runs/${r}/trace`),
    fc.constant('/v1/approvals'),
    fc.constantFrom(...PUBLIC_PATHS),
  );
  const odd = fc.oneof(
    fc.constantFrom('/', '/v1', '/v1/', '//v1/agents/orders/sessions', '/V1/agents/orders/sessions', '/healthz/', '/HEALTHZ', '/metrics/../v1/approvals', '/v1/../healthz', '/openapi.json%00', '/readyz;x', '/v1/approvals/', '/v1/agents/orders/sessions/'),
    fc.tuple(fc.constantFrom('v0', 'v2', 'v10', 'v999', 'V2', 'v1.1', 'v-1'), seg).map(([v, s]) => `/${v}/agents/${s}/sessions`),
    fc.array(seg, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
    fc.array(seg, { minLength: 1, maxLength: 4 }).map((parts) => `/v1/${parts.join('/')}`),
  );
  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    fc.constantFrom('?status=pending', '?status=%00', '?status[]=x', '?__proto__[x]=1', '?status=pending&status=approved', '?', '?a=%zz', '#frag'),
    fc.string({ maxLength: 20 }).map((s) => `?q=${encodeSegment(s)}`),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => `?q=${'a'.repeat(n)}`),
  );
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: known }, { weight: 2, arbitrary: odd }), query)
    .map(([path, q]) => `${path}${q}`)
    .filter((url) => pathSeen(url) !== undefined);
}

/** A JSON text with the given keys (so `__proto__` stays an own key, as a client would send it). */
function objectText(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

const huge = fc.integer({ min: 65_537, max: 150_000 });
const nested = fc.integer({ min: 1, max: 30_000 });

/** Random bodies: JSON values, odd text, raw bytes, huge, deeply nested, prototype keys, near-valid shapes. */
const bodyArb: fc.Arbitrary<string | Buffer | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '{}', '[]', 'null', '0', '"x"', '{', '{"content": ', '\ufeff{}', '{"content":"hi"}', '{"content":"hi","admin":true}', '{"decision":"approve"}', '{"confirm":true}', '{"instructions":"Be brief."}'),
  fc.json(),
  oddString,
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  huge.map((n) => 'x'.repeat(n)),
  huge.map((n) => JSON.stringify({ content: '\u202e'.repeat(n) })),
  nested.map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  nested.map((n) => `{"content":${'['.repeat(n)}"x"${']'.repeat(n)}}`),
  nested.map((n) => `{"content":"hi","metadata":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  nested.map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc
    .array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'content', 'userId', 'tenantId', 'originalUserId', 'roles', 'decision', 'confirm', 'comment', 'toString', 'hasOwnProperty'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 })
    .map(objectText),
  fc.constantFrom('{"__proto__":{"admin":true},"content":"hi"}', '{"constructor":{"prototype":{"polluted":true}},"content":"hi"}', '{"content":"hi","__proto__":null}', '{"decision":"approve","__proto__":{"decision":"reject"}}'),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddString).map((content) => JSON.stringify({ content })),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddString).map((confirm) => JSON.stringify({ confirm })),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddString, fc.constantFrom('approve', 'reject', 'APPROVE', 'approve\u0000')).map((decision) => JSON.stringify({ decision, comment: 'fuzz' })),
);

const contentTypeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant(undefined) },
  fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/json ; charset=latin1', 'application/jsonx', 'application/json+x', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '', ';', '*/*', 'application/', 'application/json\u0000', 'text/html; charset=\u202e'),
  fc.string({ maxLength: 20 }),
);

/** Headers that should not change anything: spoofed identity, ids, odd values. */
const extraHeadersArb = fc.dictionary(
  fc.constantFrom('x-request-id', 'x-user-id', 'x-tenant-id', 'x-forwarded-for', 'accept', 'accept-encoding', 'x-original-user', 'cookie', 'origin'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('the-ceo', '*', 'gzip, br', '\u202e', 'a'.repeat(2000))),
  { maxKeys: 3 },
);

describe('gateway fuzz (R-EDGE-1, bad input): random requests never get a 5xx', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let validAuth: Auth[];
  let invalidAuth: Auth[];
  let sessionIds: string[];
  let owned: { readonly url: string; readonly auth: Auth }[];

  before(async () => {
    t = await testGateway();
    const claims = { sub: 'fz-u1', tid: 'fz-t1', roles: ['user'] };
    const bearer = async (tenant: string, user: string, roles: string[]) => (await t.auth(user, tenant, roles)).authorization;
    validAuth = [
      { kind: 'valid user', valid: true, header: await bearer('fz-t1', 'fz-u1', ['user']) },
      { kind: 'valid admin', valid: true, header: await bearer('fz-t2', 'fz-a1', ['admin']) },
      { kind: 'valid approver', valid: true, header: await bearer('fz-t3', 'mia', ['approver']) },
      { kind: 'valid author', valid: true, header: await bearer('fz-t4', 'fz-w1', ['author']) },
      { kind: 'valid customer', valid: true, header: await bearer('fz-t5', 'fz-c1', ['customer']) },
      { kind: 'valid no roles', valid: true, header: await bearer('fz-t6', 'fz-n1', []) },
    ];
    const otherKeySameKid = await aKey(t.keys.edgeKey.kid);
    const otherKid = await aKey('edge-unknown');
    const good = await aToken(t.keys.edgeKey, claims);
    const [h, p, s] = good.split('.') as [string, string, string];
    invalidAuth = [
      { kind: 'none', valid: false, header: undefined },
      { kind: 'empty', valid: false, header: '' },
      { kind: 'Bearer only', valid: false, header: 'Bearer ' },
      { kind: 'Basic', valid: false, header: 'Basic dTpw' },
      { kind: 'garbage', valid: false, header: 'Bearer not-a-jwt' },
      { kind: 'three dots', valid: false, header: 'Bearer ...' },
      { kind: 'token without scheme', valid: false, header: good },
      { kind: 'alg none', valid: false, header: `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, iss: 'https://login.example.test/', aud: 'agent-studio.gateway', exp: 9e9 })}.` },
      { kind: 'alg none with kid', valid: false, header: `Bearer ${b64url({ alg: 'none', kid: t.keys.edgeKey.kid })}.${p}.` },
      { kind: 'alg HS256', valid: false, header: `Bearer ${b64url({ alg: 'HS256', kid: t.keys.edgeKey.kid })}.${p}.${s}` },
      { kind: 'header not JSON', valid: false, header: `Bearer ${b64url('{"alg":')}.${p}.${s}` },
      { kind: 'payload not JSON', valid: false, header: `Bearer ${h}.${b64url('\u202e\ud800')}.${s}` },
      { kind: 'tampered payload', valid: false, header: `Bearer ${h}.${b64url({ ...claims, roles: ['admin'], exp: 9e9 })}.${s}` },
      { kind: 'stripped signature', valid: false, header: `Bearer ${h}.${p}.` },
      { kind: 'expired', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { expiresIn: Math.floor(Date.now() / 1000) - 600 })}` },
      { kind: 'no exp', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { expiresIn: null })}` },
      { kind: 'not yet valid', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { notBefore: '10m' })}` },
      { kind: 'wrong audience', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { audience: 'someone-else' })}` },
      { kind: 'no audience', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { audience: null })}` },
      { kind: 'wrong issuer', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { issuer: 'https://evil.example/' })}` },
      { kind: 'wrong kid', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, claims, { header: { kid: 'no-such-kid' } })}` },
      { kind: 'unknown key', valid: false, header: `Bearer ${await aToken(otherKid, claims)}` },
      { kind: 'other key, same kid', valid: false, header: `Bearer ${await aToken(otherKeySameKid, claims)}` },
      { kind: 'bad sub', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, { ...claims, sub: 'u\u0000\ud800' })}` },
      { kind: 'numeric tid', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, { ...claims, tid: 42 })}` },
      { kind: 'roles not a list', valid: false, header: `Bearer ${await aToken(t.keys.edgeKey, { ...claims, roles: 'admin' })}` },
      { kind: 'huge token', valid: false, header: `Bearer ${'a'.repeat(9000)}.${'b'.repeat(9000)}.c` },
    ];
    // real sessions, so that some random messages reach a handler with a valid credential
    sessionIds = [];
    owned = [];
    for (const [agent, auth] of [
      ['orders', validAuth[0]],
      ['refunds', validAuth[0]],
      ['orders', validAuth[1]],
    ] as const) {
      const res = await t.gateway.server.inject({ method: 'POST', url: `/v1/agents/${agent}/sessions`, headers: { 'content-type': 'application/json', authorization: auth?.header ?? '' }, payload: '{}' });
      expect(res.statusCode, res.body).to.equal(201);
      const { sessionId } = res.json() as { sessionId: string };
      sessionIds.push(sessionId);
      if (auth) owned.push({ url: `/v1/sessions/${sessionId}/messages`, auth });
    }
  });

  after(async () => {
    await t?.gateway.close();
  });

  function authArb(pool: () => readonly Auth[]): fc.Arbitrary<Auth> {
    return fc.oneof(
      fc.constantFrom(...pool()),
      fc.string({ maxLength: 60 }).map((s): Auth => ({ kind: 'Bearer random', valid: false, header: `Bearer ${s}` })),
      fc.string({ unit: 'binary', maxLength: 60 }).map((s): Auth => ({ kind: 'garbage random', valid: false, header: s })),
      fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 40 })).map(([a, b, c]): Auth => ({ kind: 'random jws-ish', valid: false, header: `Bearer ${a}.${b}.${c}`.replaceAll('=', '') })),
    );
  }

  function requestArb(auth: fc.Arbitrary<Auth>, url: fc.Arbitrary<string> = urlArb(sessionIds).filter((u) => !routerRefuses(u))): fc.Arbitrary<FuzzRequest> {
    return fc.record({ method: fc.constantFrom(...METHODS), url, auth, contentType: contentTypeArb, extra: extraHeadersArb, payload: bodyArb }).map(({ contentType, extra, ...rest }) => ({
      ...rest,
      headers: { ...extra, ...(contentType === undefined ? {} : { 'content-type': contentType }), ...(rest.auth.header === undefined ? {} : { authorization: rest.auth.header }) },
    }));
  }

  /** Sends one request and checks every invariant of the gateway's answer. */
  async function check(r: FuzzRequest): Promise<void> {
    const what = describeRequest(r);
    const before = t.handlerCalls.count;
    const res = await t.gateway.server.inject({ method: r.method, url: r.url, headers: r.headers, ...(r.payload === undefined ? {} : { payload: r.payload }) });
    expect(res.statusCode, `5xx for ${what}: ${res.body.slice(0, 300)}`).to.be.below(500);
    if (res.statusCode >= 400 && r.method !== 'HEAD') {
      let body: unknown;
      expect(() => {
        body = JSON.parse(res.body);
      }, `body not JSON for ${what}: ${res.body.slice(0, 200)}`).not.to.throw();
      const error = (body as { error?: Record<string, unknown> } | null)?.error;
      expect(error, `no error object for ${what}: ${res.body.slice(0, 200)}`).to.be.an('object');
      expect(error?.code, `error.code for ${what}`).to.be.a('string');
      expect(error?.message, `error.message for ${what}`).to.be.a('string');
      expect(error?.requestId, `error.requestId for ${what}`).to.be.a('string').and.equal(res.headers['x-request-id']);
    }
    const isPublic = PUBLIC_PATHS.has(pathSeen(r.url) ?? '');
    if (!r.auth.valid) {
      if (!isPublic) {
        expect(res.statusCode, `not refused for ${what}: ${res.body.slice(0, 200)}`).to.equal(401);
        expect(res.headers['www-authenticate']).to.equal('Bearer');
      }
      expect(t.handlerCalls.count, `a handler ran without a valid credential: ${what}`).to.equal(before);
    }
  }

  async function stillServes(): Promise<void> {
    const res = await t.gateway.server.inject({ method: 'POST', url: '/v1/agents/orders/sessions', headers: { 'content-type': 'application/json', ...(await t.auth('fz-final', `fz-final-${Date.now()}`)) }, payload: '{}' });
    expect(res.statusCode, res.body).to.equal(201);
  }

  it('R-EDGE-1 + bad input: any method, path, header and body answers < 500 with the error shape; no valid token means 401 off the public paths and no handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestArb(authArb(() => [...validAuth, ...validAuth, ...invalidAuth])),
        async (r) => check(r),
      ),
      { numRuns: 180, asyncReporter: briefReport },
    );
    await stillServes();
  });

  it('R-EDGE-1: every kind of invalid credential (alg none, expired, wrong audience, wrong kid, garbage) is refused 401 before any handler, whatever the request', async () => {
    const calls = t.handlerCalls.count;
    await fc.assert(
      fc.asyncProperty(requestArb(authArb(() => invalidAuth)), async (r) => check(r)),
      { numRuns: 80, asyncReporter: briefReport },
    );
    expect(t.handlerCalls.count).to.equal(calls);
    await stillServes();
  });

  it('bad input (R-EDGE-1 valid credential): bodies on the message and decision routes of real sessions answer < 500 with the error shape', async () => {
    const route = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...owned) },
      fc.record({
        url: fc.oneof(
          fc.constantFrom(...sessionIds).map((id) => `/v1/sessions/${id}/messages`),
          fc.constantFrom('/v1/approvals/x/decision', '/v1/agents/orders', '/v1/preview/agents/orders/sessions', '/v1/agents/refunds/sessions'),
        ),
        auth: fc.constantFrom(...validAuth.slice(0, 4)),
      }),
    );
    const message = fc
      .tuple(fc.oneof(oddString, fc.string({ maxLength: 200 }), fc.constantFrom('Where is my order?', 'refund my order')), fc.option(fc.constantFrom('metadata', 'userId', 'tenantId', 'roles', '__proto__'), { nil: undefined }), fc.jsonValue({ maxDepth: 1 }))
      .map(([content, extra, value]) => objectText(extra === undefined ? [['content', content]] : [['content', content], [extra, value]]));
    const targeted = fc.record({
      method: fc.constantFrom<Method>('POST', 'POST', 'POST', 'PUT', 'GET'),
      route,
      headers: fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, contentTypeArb).map((ct): Record<string, string> => (ct === undefined ? {} : { 'content-type': ct })),
      payload: fc.oneof({ weight: 2, arbitrary: message }, bodyArb),
    }).map(({ route: { url, auth }, ...rest }): FuzzRequest => ({ ...rest, url, auth }));
    await fc.assert(
      fc.asyncProperty(targeted, async (r) => check({ ...r, headers: { ...r.headers, ...(r.auth.header === undefined ? {} : { authorization: r.auth.header }) } })),
      { numRuns: 60, asyncReporter: briefReport },
    );
    await stillServes();
  });

  // FINDINGS (not fixed here; no 5xx, and the gateway keeps serving). Fastify's router refuses
  // some URLs itself, before the onRequest hook (edge authentication) and the gateway's error
  // handler, and answers with Fastify's default error body instead of the gateway's error shape,
  // without x-request-id or cache-control headers, echoing the URL back; a stranger gets 400 or
  // 414 instead of 401:
  //  1. a percent-escape in the path that does not decode. Minimal request: `GET /v1/%` without
  //     an Authorization header -> 400 {"error":"Bad Request","code":"FST_ERR_BAD_URL",
  //     "message":"'/v1/%' is not a valid url component","statusCode":400}. Also `/%E0%A4%A`,
  //     `/v1/agents/%zz/sessions`, `/v1/sessions/%ED%A0%80/messages`.
  //  2. a path parameter longer than routerOptions.maxParamLength (256). Minimal request:
  //     `GET /v1/runs/<257 x 'a'>/trace` without an Authorization header -> 414
  //     {"error":"Bad Request","code":"FST_ERR_MAX_PARAM_LENGTH","message":"'/v1/runs/aaa…' ...};
  //     the same on every parametric route, with or without a valid token (256 x 'a' gets 401).
  // Skipped because it fails on every run until the gateway maps Fastify's router errors
  // (`frameworkErrors`) to its own shape after authentication; the properties above exclude such
  // URLs (routerRefuses) so that they keep checking everything else.
  it('R-EDGE-1 + bad input: URLs the router refuses (undecodable percent-escape, over-long parameter) get the error shape, and 401 without a valid token', async () => {
    const badUrl = fc
      .tuple(urlArb(sessionIds), fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%uD800', '%C3', 'a'.repeat(MAX_PARAM_LENGTH + 1)), fc.nat())
      .map(([url, bad, at]) => {
        const [path = '', query] = url.split('?');
        const slash = path.indexOf('/', 1 + (at % Math.max(1, path.length)));
        const cut = slash < 0 ? path.length : slash + 1;
        return `${path.slice(0, cut)}${bad}${path.slice(cut)}${query === undefined ? '' : `?${query}`}`;
      })
      .filter(routerRefuses);
    await fc.assert(
      fc.asyncProperty(requestArb(authArb(() => [...validAuth, ...invalidAuth]), badUrl), async (r) => check(r)),
      { numRuns: 40, asyncReporter: briefReport },
    );
    await stillServes();
  });

  it('R-EDGE-1 + bad input: after the fuzzing the gateway still serves a valid request (201)', async () => {
    await stillServes();
    const health = await t.gateway.server.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).to.equal(200);
  });
});
