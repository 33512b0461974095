import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EgressAddress, EgressLookup } from '../src/index.js';

/** One request a test server received. */
export interface SeenRequest {
  /** The method. */
  readonly method: string;
  /** The path and query. */
  readonly url: string;
  /** The headers. */
  readonly headers: IncomingHttpHeaders;
}

/** A local HTTP server on 127.0.0.1 that records what it receives. */
export interface TestServer {
  /** The port. */
  readonly port: number;
  /** Every request received, in order. */
  readonly seen: SeenRequest[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 with a random port.
 * @param handler - answers each request (default: 200 "ok")
 * @returns the server
 */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok')): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A lookup over a fixed table that counts its calls. */
export interface FakeLookup {
  /** The lookup function. */
  readonly lookup: EgressLookup;
  /** The host names looked up, in order. */
  readonly calls: string[];
}

/**
 * A DNS stand-in: each name resolves to the addresses given; unknown names fail like ENOTFOUND.
 * @param table - addresses by host name
 * @returns the lookup and its calls
 */
export function fakeLookup(table: Readonly<Record<string, readonly string[]>>): FakeLookup {
  const calls: string[] = [];
  const lookup: EgressLookup = async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address): EgressAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { lookup, calls };
}

/**
 * Awaits a promise that must reject, and returns the rejection.
 * @param promise - the promise
 * @returns what it rejected with
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a rejection, got a result');
}
