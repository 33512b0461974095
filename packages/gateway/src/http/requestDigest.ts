import { createHash } from 'node:crypto';

/**
 * The digest that binds a minted token to one request (R-TOKEN-1): SHA-256 over the method, the
 * path and the SHA-256 of the body, so a token minted for one request is refused for any other.
 * @param method - the HTTP method (or a hop's verb, such as `CONTINUE`)
 * @param path - the request path with its query
 * @param body - the raw body (empty when none)
 * @returns the digest, `sha256:<hex>`
 * @category Gateway
 */
export function requestDigest(method: string, path: string, body: Uint8Array | string = ''): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `sha256:${createHash('sha256').update(`${method.toUpperCase()} ${path}\n${bodyHash}`).digest('hex')}`;
}
