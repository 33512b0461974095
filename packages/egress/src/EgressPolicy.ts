import { BlockList } from 'node:net';
import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { z } from 'zod';
import { isValidHostPattern, hostMatches, normalizeHostname } from './internal/hostPattern.js';
import { type AddressCategory, classifyIp, embeddedIpv4, type IpFamily, parseIp, sameIp } from './internal/ipAddress.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * One allowlist entry: a host name (exact or `*.` wildcard), an IP literal, or a CIDR block, with
 * the schemes and ports it allows and the named credential it sends.
 * @category Egress
 */
export const EgressRuleSchema = z
  .object({
    /**
     * An exact host (`api.example.com`), a wildcard (`*.example.com`: any subdomain, not the
     * domain itself) or an IP literal (`10.0.0.5`, `::1`). An IP literal also allows that address
     * when a host name resolves to it, even if it is private.
     */
    host: z.string().min(1).optional(),
    /** A CIDR block (`10.0.0.0/24`); allows IP-literal URLs in it and host names resolving into it. */
    cidr: z.string().min(1).optional(),
    /** Allowed ports (default: 443 for https and 80 for http). */
    ports: z.array(z.number().int().min(1).max(65_535)).min(1).readonly().optional(),
    /** Allowed schemes (default: https only). */
    schemes: z.array(z.enum(['https', 'http'])).min(1).readonly().optional(),
    /** The name of a credential in the policy's `credentials`, injected on every call this rule allows. */
    credential: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.host === undefined) === (rule.cidr === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of `host` or `cidr`' });
    }
    if (rule.host !== undefined && !parseIp(rule.host) && !isValidHostPattern(rule.host)) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: `"${rule.host}" is not a host name, a "*." wildcard or an IP literal` });
    }
    if (rule.cidr !== undefined && !parseCidr(rule.cidr)) {
      ctx.addIssue({ code: 'custom', path: ['cidr'], message: `"${rule.cidr}" is not a CIDR block such as 10.0.0.0/24 or fd00::/8` });
    }
  });

/**
 * One allowlist entry, as written in an {@link EgressPolicyOptions}.
 * @category Egress
 */
export type EgressRule = z.input<typeof EgressRuleSchema>;

/**
 * A named credential: the header it goes in, and its value given inline or read from an
 * environment variable at send time. Actions only ever see the name.
 * @category Egress
 */
export const EgressCredentialSchema = z.union([
  z
    .object({
      /** The header the value is sent in, such as `Authorization` or `X-Api-Key`. */
      header: z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
      /** The header value (secret). */
      value: z.string().min(1),
    })
    .strict(),
  z
    .object({
      /** The header the value is sent in, such as `Authorization` or `X-Api-Key`. */
      header: z.string().regex(HEADER_NAME, 'must be an HTTP header name'),
      /** The environment variable that holds the header value, read on each call. */
      env: z.string().min(1),
    })
    .strict(),
]);

/**
 * A named credential, as written in an {@link EgressPolicyOptions}.
 * @category Egress
 */
export type EgressCredential = z.input<typeof EgressCredentialSchema>;

/**
 * The egress policy: allowlists per tenant and per agent, and the named credentials. A
 * destination is allowed only when both the tenant's list and the agent's list allow it; a
 * missing list allows nothing.
 * @category Egress
 */
export const EgressPolicySchema = z
  .object({
    /** Allowlists by tenant id. */
    tenants: z.record(z.string(), z.array(EgressRuleSchema).readonly()).default({}),
    /** Allowlists by agent name. */
    agents: z.record(z.string(), z.array(EgressRuleSchema).readonly()).default({}),
    /** Named credentials that rules refer to. */
    credentials: z.record(z.string(), EgressCredentialSchema).default({}),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const [kind, lists] of [
      ['tenants', policy.tenants],
      ['agents', policy.agents],
    ] as const) {
      for (const [owner, rules] of Object.entries(lists)) {
        rules.forEach((rule, i) => {
          if (rule.credential !== undefined && !Object.hasOwn(policy.credentials, rule.credential)) {
            ctx.addIssue({ code: 'custom', path: [kind, owner, i, 'credential'], message: `names credential "${rule.credential}", which \`credentials\` does not define` });
          }
        });
      }
    }
  });

/**
 * The options of an {@link EgressPolicy}, as written by the developer.
 * @example
 * ```ts
 * const options: EgressPolicyOptions = {
 *   tenants: { acme: [{ host: 'api.crm.example.com', credential: 'crm-key' }, { host: '*.acme.example' }] },
 *   agents: { 'order-status': [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *   credentials: { 'crm-key': { header: 'Authorization', env: 'CRM_TOKEN' } },
 * };
 * ```
 * @category Egress
 */
export type EgressPolicyOptions = z.input<typeof EgressPolicySchema>;

type Scheme = 'http' | 'https';

interface CompiledRule {
  readonly kind: 'name' | 'ip';
  readonly pattern: string;
  /** The address when the rule names exactly one address (an IP literal, a /32 or a /128). */
  readonly exact: string | undefined;
  readonly block: BlockList | undefined;
  readonly family: IpFamily | undefined;
  readonly ports: readonly number[] | undefined;
  readonly schemes: readonly Scheme[];
  readonly credential: string | undefined;
}

/** The outcome of {@link EgressPolicy.authorizeHost}. @internal */
export type HostDecision =
  | { readonly ok: true; readonly credential: string | undefined }
  | { readonly ok: false; readonly reason: 'host-not-allowed' | 'scheme' | 'port' | 'credential-ambiguous'; readonly list?: 'tenant' | 'agent' };

/** The outcome of {@link EgressPolicy.authorizeAddress}. @internal */
export type AddressDecision = { readonly ok: true } | { readonly ok: false; readonly reason: 'private-address' | 'metadata-address'; readonly category: AddressCategory };

function parseCidr(text: string): { readonly address: string; readonly prefix: number; readonly family: IpFamily } | undefined {
  const [addr = '', bits, extra] = text.trim().split('/');
  if (bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits)) return undefined;
  const ip = parseIp(addr);
  const prefix = Number(bits);
  if (!ip || prefix > (ip.family === 'ipv4' ? 32 : 128)) return undefined;
  return { address: ip.address, prefix, family: ip.family };
}

/**
 * The default port of a scheme.
 * @param scheme - http or https
 * @returns 80 or 443
 */
function defaultPort(scheme: Scheme): number {
  return scheme === 'https' ? 443 : 80;
}

function compileRule(rule: z.output<typeof EgressRuleSchema>): CompiledRule {
  const base = { ports: rule.ports, schemes: rule.schemes ?? ['https'], credential: rule.credential } as const;
  const ip = rule.host === undefined ? undefined : parseIp(rule.host);
  if (rule.host !== undefined && !ip) return { ...base, kind: 'name', pattern: normalizeHostname(rule.host), exact: undefined, block: undefined, family: undefined };
  const block = new BlockList();
  if (ip) {
    block.addAddress(ip.address, ip.family);
    return { ...base, kind: 'ip', pattern: ip.address, exact: ip.address, block, family: ip.family };
  }
  const cidr = parseCidr(rule.cidr ?? '');
  if (!cidr) throw new ConfigurationError('CONFIG_INVALID', 'Invalid egress policy: a rule has neither host nor cidr.');
  block.addSubnet(cidr.address, cidr.prefix, cidr.family);
  const full = cidr.prefix === (cidr.family === 'ipv4' ? 32 : 128);
  return { ...base, kind: 'ip', pattern: `${cidr.address}/${cidr.prefix}`, exact: full ? cidr.address : undefined, block, family: cidr.family };
}

function allowsSchemePort(rule: CompiledRule, scheme: Scheme, port: number): boolean {
  return rule.schemes.includes(scheme) && (rule.ports ? rule.ports.includes(port) : port === defaultPort(scheme));
}

function containsIp(rule: CompiledRule, address: string, sameFamily = false): boolean {
  const ip = parseIp(address);
  if (ip === undefined || rule.block === undefined || (sameFamily && rule.family !== ip.family)) return false;
  return rule.block.check(ip.address, ip.family);
}

/**
 * A validated, compiled egress policy (R-EGRESS-1): deny by default, allow a destination only
 * when both the tenant's and the agent's allowlists allow its scheme, host and port. Build it
 * once at startup; {@link createEgressFetch} and {@link egressModule} take it (or its options).
 * @example
 * ```ts
 * const policy = new EgressPolicy({
 *   tenants: { acme: [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *   agents: { 'order-status': [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *   credentials: { 'crm-key': { header: 'Authorization', env: 'CRM_TOKEN' } },
 * });
 * ```
 * @category Egress
 */
export class EgressPolicy {
  readonly #tenants: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly #agents: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly #credentials: ReadonlyMap<string, EgressCredential>;

  /**
   * Validates and compiles the options.
   * @param options - the allowlists and credentials
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
   */
  constructor(options: EgressPolicyOptions) {
    const parsed = EgressPolicySchema.safeParse(options);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
      throw new ConfigurationError('CONFIG_INVALID', `Invalid egress policy: ${problems.join('; ')}.`, {
        details: { paths: parsed.error.issues.map((i) => formatIssuePath(i.path)) },
      });
    }
    const compile = (lists: Record<string, readonly z.output<typeof EgressRuleSchema>[]>) =>
      new Map(Object.entries(lists).map(([owner, rules]) => [owner, rules.map(compileRule)] as const));
    this.#tenants = compile(parsed.data.tenants);
    this.#agents = compile(parsed.data.agents);
    this.#credentials = new Map(Object.entries(parsed.data.credentials));
  }

  /**
   * Returns the policy itself, or compiles options into one.
   * @param policy - a policy or its options
   * @returns the policy
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
   */
  static from(policy: EgressPolicy | EgressPolicyOptions): EgressPolicy {
    return policy instanceof EgressPolicy ? policy : new EgressPolicy(policy);
  }

  /**
   * Checks a destination's scheme, host and port against both lists.
   * @internal
   */
  authorizeHost(tenantId: string, agent: string, scheme: Scheme, host: string, port: number): HostDecision {
    const ip = parseIp(host);
    const credentials = new Set<string>();
    for (const [list, rules] of [
      ['tenant', this.#tenants.get(tenantId)],
      ['agent', this.#agents.get(agent)],
    ] as const) {
      const matching = (rules ?? []).filter((r) => (ip ? r.kind === 'ip' && containsIp(r, ip.address) : r.kind === 'name' && hostMatches(r.pattern, host)));
      if (matching.length === 0) return { ok: false, reason: 'host-not-allowed', list };
      const withScheme = matching.filter((r) => r.schemes.includes(scheme));
      if (withScheme.length === 0) return { ok: false, reason: 'scheme', list };
      const allowed = withScheme.filter((r) => allowsSchemePort(r, scheme, port));
      if (allowed.length === 0) return { ok: false, reason: 'port', list };
      for (const r of allowed) if (r.credential !== undefined) credentials.add(r.credential);
    }
    if (credentials.size > 1) return { ok: false, reason: 'credential-ambiguous' };
    const [credential] = credentials;
    return { ok: true, credential };
  }

  /**
   * Checks one resolved address: public addresses pass; blocked ones pass only when both lists
   * have an IP or CIDR rule containing them (metadata addresses: naming exactly that address).
   * @internal
   */
  authorizeAddress(tenantId: string, agent: string, scheme: Scheme, port: number, address: string): AddressDecision {
    const category = classifyIp(address);
    if (category === undefined) return { ok: true };
    // judge an IPv6 form that embeds an IPv4 address by that IPv4 address, so that a broad IPv6
    // rule such as ::ffff:0:0/96 does not exempt 127.0.0.1 by the back door
    const ip = parseIp(address);
    const effective = ip?.family === 'ipv6' ? (embeddedIpv4(ip.address) ?? ip.address) : address;
    const exempt = (rules: readonly CompiledRule[] | undefined): boolean =>
      (rules ?? []).some(
        (r) =>
          r.kind === 'ip' &&
          allowsSchemePort(r, scheme, port) &&
          (category === 'metadata' ? r.exact !== undefined && sameIp(r.exact, address) : containsIp(r, effective, true)),
      );
    if (exempt(this.#tenants.get(tenantId)) && exempt(this.#agents.get(agent))) return { ok: true };
    return { ok: false, reason: category === 'metadata' ? 'metadata-address' : 'private-address', category };
  }

  /**
   * The header and value of a named credential, read now (environment variables on each call).
   * @internal
   */
  credential(name: string): { readonly header: string; readonly value: string } {
    const c = this.#credentials.get(name);
    if (!c) throw new ConfigurationError('CONFIG_INVALID', `Egress credential "${name}" is not defined.`, { details: { credential: name } });
    if ('value' in c) return { header: c.header, value: c.value };
    const value = process.env[c.env];
    if (value === undefined || value === '') {
      throw new ConfigurationError('CONFIG_INVALID', `Egress credential "${name}" reads environment variable ${c.env}, which is not set.`, {
        details: { credential: name, env: c.env },
      });
    }
    return { header: c.header, value };
  }

  /**
   * The header a named credential goes in.
   * @internal
   */
  credentialHeader(name: string): string | undefined {
    return this.#credentials.get(name)?.header;
  }
}
