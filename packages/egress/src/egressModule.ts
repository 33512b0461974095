import type { ActionContextExtensions, ActionContextProvider, ActionContextProviderInput } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { createEgressFetch, type EgressFetch, type EgressLookup } from './createEgressFetch.js';
import { EgressPolicy, type EgressPolicyOptions } from './EgressPolicy.js';

declare module '@agent-studio/core' {
  interface ActionContextExtensions {
    /**
     * Outbound HTTP for the action, checked by the egress policy of the call's tenant and agent
     * (R-EGRESS-1/2/3): deny by default, resolved addresses checked, redirects re-checked, named
     * credentials injected at send time. Present when `egressModule(...)` is loaded; the only
     * sanctioned way for an action to reach the network.
     */
    readonly http: EgressFetch;
  }
}

/**
 * Limits and hooks of {@link egressModule}, applied to every action call.
 * @category Egress
 */
export interface EgressModuleOptions {
  /** How many redirects to follow (default 5). */
  readonly maxRedirects?: number;
  /** The limit for one outbound call, in milliseconds (default 30000). */
  readonly timeoutMs?: number;
  /** The largest response body accepted, in bytes (default: no limit). */
  readonly maxResponseBytes?: number;
  /** Resolves host names (default: `node:dns` lookup); for tests. */
  readonly lookup?: EgressLookup;
}

/**
 * Gives every action `ctx.http`: a {@link createEgressFetch} for the call's tenant
 * (`access.tenantId`) and agent (`agent.name`). Each refusal is also recorded on the run's
 * timeline as an `egress-denied` decision (reason, host and port; never a secret).
 * @param policy - the egress policy, or its options (validated here, so a bad policy fails at startup)
 * @param options - limits applied to every call
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the policy options are invalid
 * @example
 * ```ts
 * createContainer({ ..., modules: [egressModule({
 *   tenants: { acme: [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *   agents: { 'order-status': [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *   credentials: { 'crm-key': { header: 'Authorization', env: 'CRM_TOKEN' } },
 * })] });
 * // in an action: const res = await ctx.http('https://api.crm.example.com/orders/42', { signal: ctx.signal });
 * ```
 * @category Egress
 */
export function egressModule(policy: EgressPolicy | EgressPolicyOptions, options: EgressModuleOptions = {}): ContainerModule {
  const compiled = EgressPolicy.from(policy);
  const provider: ActionContextProvider = {
    provide(input: ActionContextProviderInput): Partial<ActionContextExtensions> {
      const http = createEgressFetch({
        ...options,
        policy: compiled,
        tenantId: input.access.tenantId,
        agent: input.agent.name,
        onDenied: (d) => input.record('egress-denied', `${d.reason}: ${d.scheme ?? '?'}://${d.host ?? '?'}:${d.port ?? '?'}`),
      });
      return { http };
    },
  };
  return new ContainerModule(({ bind }) => {
    bind('core.ActionContextProvider').toConstantValue(provider);
  });
}
