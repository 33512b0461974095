const LABEL = '[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?';
const cache = new Map<string, RegExp>();

/**
 * Lowercases a host name and drops a trailing dot.
 * @param hostname - a host name
 * @returns the normalized name
 */
export function normalizeHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Whether a host pattern is well formed: labels of letters, digits, `-` and `_`, an optional
 * leading `*.`, and (for fixed lists only) `*` as a whole label or a label prefix.
 * @param pattern - the pattern
 * @returns true when it is usable
 */
export function isValidHostPattern(pattern: string): boolean {
  const p = normalizeHostname(pattern);
  const body = p.startsWith('*.') ? p.slice(2) : p;
  return body.length > 0 && body.length <= 253 && body.split('.').every((label) => new RegExp(`^${LABEL}$`).test(label));
}

/**
 * Matches a host name against a pattern. A leading `*.` matches one or more labels (never the
 * bare domain); any other `*` matches within one label.
 * @param pattern - an exact host or a wildcard pattern
 * @param hostname - the host name to test
 * @returns true when it matches
 */
export function hostMatches(pattern: string, hostname: string): boolean {
  const p = normalizeHostname(pattern);
  let re = cache.get(p);
  if (!re) {
    const toRegex = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9_-]+');
    re = p.startsWith('*.') ? new RegExp(`^(?:${LABEL}\\.)+${toRegex(p.slice(2))}$`) : new RegExp(`^${toRegex(p)}$`);
    cache.set(p, re);
  }
  return re.test(normalizeHostname(hostname));
}
