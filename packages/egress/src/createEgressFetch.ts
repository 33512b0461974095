import { lookup as dnsLookup } from 'node:dns/promises';
import { AgentStudioError } from '@agent-studio/core';
import { Agent, fetch as undiciFetch } from 'undici';
import { EgressDeniedError, type EgressDenial, type EgressDenyReason, EgressResponseTooLargeError, EgressTransportError } from './errors.js';
import { EgressPolicy, type EgressPolicyOptions } from './EgressPolicy.js';
import { normalizeHostname } from './internal/hostPattern.js';
import { parseIp } from './internal/ipAddress.js';
import { isLlmApiHost } from './llmApiHosts.js';

/**
 * One address a host name resolves to.
 * @category Egress
 */
export interface EgressAddress {
  /** The IP address. */
  readonly address: string;
  /** 4 or 6. */
  readonly family: number;
}

/**
 * Resolves a host name to all its addresses. The default uses `node:dns` `lookup` with
 * `{ all: true }`; tests inject their own.
 * @category Egress
 */
export type EgressLookup = (hostname: string) => Promise<readonly EgressAddress[]>;

/**
 * The `fetch` an action gets as `ctx.http`: the standard signature, restricted to `string` and
 * `URL` inputs. Honours `method`, `headers`, `body`, `signal`, `redirect` and `duplex` of the
 * init; rejects with an `EGRESS_DENIED` error for anything the policy does not allow.
 * @category Egress
 */
export type EgressFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Options of {@link createEgressFetch}.
 * @category Egress
 */
export interface EgressFetchOptions {
  /** The policy (or its options, compiled on the spot). */
  readonly policy: EgressPolicy | EgressPolicyOptions;
  /** The tenant the calls are made for (its allowlist applies). */
  readonly tenantId: string;
  /** The agent the calls are made for (its allowlist applies). */
  readonly agent: string;
  /** Resolves host names (default: `node:dns` lookup). */
  readonly lookup?: EgressLookup;
  /** How many redirects to follow, each re-checked (default 5). */
  readonly maxRedirects?: number;
  /** The limit for the whole call, redirects and body included, in milliseconds (default 30000). */
  readonly timeoutMs?: number;
  /** The largest response body accepted, in bytes (default: no limit). */
  readonly maxResponseBytes?: number;
  /** Called with each refusal's details (never a secret), for example to record it on the run. */
  readonly onDenied?: (denial: EgressDenial) => void;
}

/** Host names of cloud metadata services, refused like their addresses. */
const METADATA_HOSTNAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const NULL_BODY: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
const CROSS_ORIGIN_DROP = ['authorization', 'cookie', 'proxy-authorization'];

const defaultLookup: EgressLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type Scheme = 'http' | 'https';

/**
 * Creates the egress-checked `fetch` for one tenant and one agent (R-EGRESS-1/2/3). For every
 * hop, before any byte is sent, it:
 * 1. refuses third-party LLM API hosts (SPEC §12) and cloud metadata host names;
 * 2. checks scheme, host and port against both the tenant's and the agent's allowlists;
 * 3. resolves the host itself and refuses if any address is loopback, link-local, private,
 *    unspecified, reserved or a metadata address, unless an IP or CIDR rule allows it;
 * 4. connects to the address it checked (no second DNS lookup, so no DNS rebinding), with the
 *    host name kept for SNI and `Host`;
 * 5. injects the named credential of the matching rule, refusing if the caller set that header.
 *
 * Redirects are followed by hand (at most `maxRedirects`), each hop checked again; a credential
 * goes only to the hops whose rules name it.
 *
 * @param options - the policy, the tenant, the agent and the limits
 * @returns the fetch function
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for invalid policy options
 * @example
 * ```ts
 * const http = createEgressFetch({ policy, tenantId: 'acme', agent: 'order-status' });
 * const res = await http('https://api.crm.example.com/orders/42', { signal });
 * ```
 * @category Egress
 */
export function createEgressFetch(options: EgressFetchOptions): EgressFetch {
  const policy = EgressPolicy.from(options.policy);
  const lookup = options.lookup ?? defaultLookup;
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const { tenantId, agent, maxResponseBytes } = options;

  return async (input, init = {}) => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new EgressTransportError('EGRESS_TIMEOUT', `The outbound call did not finish within ${timeoutMs} ms.`, { retryable: true })), timeoutMs);
    timer.unref?.();
    const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    const abortReason = (): unknown => (init.signal?.aborted ? init.signal.reason : timeout.signal.reason);

    let redirects = 0;
    const deny = (reason: EgressDenyReason, message: string, facts: Partial<EgressDenial> = {}): never => {
      const denial: EgressDenial = { reason, tenantId, agent, redirects, ...facts };
      options.onDenied?.(denial);
      throw new EgressDeniedError(message, denial);
    };

    let url: URL;
    try {
      url = new URL(input instanceof URL ? input.href : String(input));
    } catch {
      return deny('invalid-url', 'Outbound call refused: the URL is not an absolute http(s) URL.');
    }
    const callerHeaders = new Headers(init.headers ?? undefined);
    if (callerHeaders.has('host')) deny('header-not-allowed', 'Outbound call refused: the Host header is set by the egress layer, not by the caller.');
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? null;
    const replayable = body === null || !(body instanceof ReadableStream);

    try {
      for (;;) {
        signal.throwIfAborted();
        const hop = await checkHop(url);
        const headers = new Headers(callerHeaders);
        if (hop.credential !== undefined) {
          const header = policy.credentialHeader(hop.credential) ?? '';
          if (headers.has(header)) {
            deny('credential-conflict', `Outbound call refused: the caller set the ${header} header, which the egress layer fills with credential "${hop.credential}".`, hop.facts);
          }
          const secret = policy.credential(hop.credential);
          headers.set(secret.header, secret.value);
        }
        const dispatcher = pinnedAgent(hop.address, hop.family);
        let response: Awaited<ReturnType<typeof undiciFetch>>;
        try {
          response = await undiciFetch(url, {
            method,
            headers: [...headers],
            body: body as never,
            redirect: 'manual',
            signal,
            dispatcher,
            ...(body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
          });
        } catch (error) {
          void dispatcher.destroy().catch(() => undefined);
          throw error;
        }
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location !== null && (init.redirect ?? 'follow') !== 'manual') {
          await response.body?.cancel().catch(() => undefined);
          void dispatcher.close().catch(() => undefined);
          if (init.redirect === 'error') {
            throw new EgressTransportError('EGRESS_NETWORK_ERROR', `The server at ${hop.facts.host} answered with a redirect, and redirect is "error".`);
          }
          if (redirects >= maxRedirects) {
            deny('too-many-redirects', `Outbound call refused: more than ${maxRedirects} redirects.`, hop.facts);
          }
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return deny('invalid-url', 'Outbound call refused: a redirect points to an invalid URL.', hop.facts);
          }
          if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = null;
            for (const h of BODY_HEADERS) callerHeaders.delete(h);
          } else if (body !== null && !replayable) {
            throw new EgressTransportError('EGRESS_NETWORK_ERROR', 'A redirect asks to resend a streamed request body, which cannot be replayed.');
          }
          if (next.origin !== url.origin) for (const h of CROSS_ORIGIN_DROP) callerHeaders.delete(h);
          url = next;
          redirects += 1;
          continue;
        }
        void dispatcher.close().catch(() => undefined);
        return toResponse(response, url, redirects > 0, hop.facts.host ?? '', maxResponseBytes);
      }
    } catch (error) {
      if (signal.aborted) throw abortReason();
      if (AgentStudioError.is(error)) throw error;
      throw new EgressTransportError('EGRESS_NETWORK_ERROR', `The outbound call to ${url.host} failed on the network.`, { cause: error, retryable: true });
    } finally {
      clearTimeout(timer);
    }

    async function checkHop(target: URL): Promise<{ address: string; family: 4 | 6; credential: string | undefined; facts: Partial<EgressDenial> }> {
      const scheme = target.protocol.slice(0, -1);
      const host = normalizeHostname(target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname);
      if (scheme !== 'http' && scheme !== 'https') {
        return deny('scheme', `Outbound call refused: scheme "${scheme}" is not allowed; only https (and http where a rule allows it).`, { scheme, host });
      }
      const port = target.port === '' ? (scheme === 'https' ? 443 : 80) : Number(target.port);
      const facts = { scheme, host, port };
      if (target.username !== '' || target.password !== '') {
        deny('credential-conflict', 'Outbound call refused: URLs may not carry user info; use a named credential.', facts);
      }
      if (isLlmApiHost(host)) {
        deny('llm-api', `Outbound call refused: ${host} is a third-party LLM API; actions reach models only through the model gateway (SPEC §12).`, facts);
      }
      if (METADATA_HOSTNAMES.has(host)) deny('metadata-address', `Outbound call refused: ${host} is a cloud metadata service.`, facts);
      const decision = policy.authorizeHost(tenantId, agent, scheme as Scheme, host, port);
      if (!decision.ok) {
        const where = decision.list === 'agent' ? `agent "${agent}"` : `tenant "${tenantId}"`;
        const messages: Record<typeof decision.reason, string> = {
          'host-not-allowed': `Outbound call refused: ${host} is not on the egress allowlist of ${where}. Add a rule for it to both the tenant's and the agent's lists.`,
          scheme: `Outbound call refused: the allowlist of ${where} does not allow ${scheme} for ${host}.`,
          port: `Outbound call refused: the allowlist of ${where} does not allow port ${port} on ${host}.`,
          'credential-ambiguous': `Outbound call refused: the rules matching ${host} name different credentials.`,
        };
        deny(decision.reason, messages[decision.reason], decision.list ? { ...facts, list: decision.list } : facts);
      }
      const literal = parseIp(host);
      let addresses: readonly EgressAddress[];
      if (literal) {
        addresses = [{ address: literal.address, family: literal.family === 'ipv4' ? 4 : 6 }];
      } else {
        try {
          addresses = await raceSignal(lookup(host), signal);
        } catch (error) {
          if (signal.aborted) throw abortReason();
          throw new EgressTransportError('EGRESS_NETWORK_ERROR', `Could not resolve ${host}.`, { cause: error, retryable: true });
        }
        if (addresses.length === 0) throw new EgressTransportError('EGRESS_NETWORK_ERROR', `${host} resolves to no address.`, { retryable: true });
      }
      for (const a of addresses) {
        const verdict = policy.authorizeAddress(tenantId, agent, scheme as Scheme, port, a.address);
        if (!verdict.ok) {
          deny(
            verdict.reason,
            verdict.reason === 'metadata-address'
              ? `Outbound call refused: ${host} resolves to a cloud metadata address.`
              : `Outbound call refused: ${host} resolves to a ${verdict.category} address, and no IP or CIDR rule of both lists allows it.`,
            { ...facts, address: a.address },
          );
        }
      }
      const first = addresses[0] as EgressAddress;
      const family = parseIp(first.address)?.family === 'ipv6' ? 6 : 4;
      return { address: parseIp(first.address)?.address ?? first.address, family, credential: decision.ok ? decision.credential : undefined, facts };
    }
  };
}

/**
 * An undici agent whose every connection goes to one pre-checked address.
 * @param address - the checked address
 * @param family - its family
 * @returns the dispatcher
 */
function pinnedAgent(address: string, family: 4 | 6): Agent {
  const lookup = (_hostname: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
    if (opts.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return new Agent({ connect: { lookup } as never, keepAliveTimeout: 1_000 });
}

function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Turns undici's response into a standard one, capping the body when asked.
 * @param response - undici's response
 * @param url - the final URL
 * @param redirected - whether a redirect was followed
 * @param host - the host that answered (for the size error)
 * @param limit - the body limit in bytes
 * @returns the response the caller gets
 */
async function toResponse(response: Awaited<ReturnType<typeof undiciFetch>>, url: URL, redirected: boolean, host: string, limit: number | undefined): Promise<Response> {
  let body: ReadableStream<Uint8Array> | null = NULL_BODY.has(response.status) ? null : (response.body as ReadableStream<Uint8Array> | null);
  if (body && limit !== undefined) {
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await body.cancel().catch(() => undefined);
      throw new EgressResponseTooLargeError(host, limit);
    }
    let seen = 0;
    body = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > limit) controller.error(new EgressResponseTooLargeError(host, limit));
          else controller.enqueue(chunk);
        },
      }),
    );
  }
  const out = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
  Object.defineProperty(out, 'url', { value: url.href });
  Object.defineProperty(out, 'redirected', { value: redirected });
  return out;
}
