/** A lowercase host name, optionally starting with `*.` (any subdomain). */
export const HOST_PATTERN = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Whether a URL's host name is on an allowlist: `example.com` matches only that host, `*.example.com`
 * matches its subdomains (not the apex).
 * @param hostname - the parsed URL's `hostname` (lowercase, punycode)
 * @param hosts - the allowlist
 * @returns true when one entry matches
 */
export function hostMatches(hostname: string, hosts: readonly string[]): boolean {
  for (const host of hosts) {
    if (host.startsWith('*.') ? hostname.length > host.length - 1 && hostname.endsWith(host.slice(1)) : hostname === host) return true;
  }
  return false;
}
