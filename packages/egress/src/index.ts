/**
 * Agent Studio egress filtering: the `ctx.http` fetch actions get. It allows only destinations on
 * both the tenant's and the agent's allowlists (R-EGRESS-1), checks the addresses a host resolves
 * to and connects only to them, re-checks every redirect (R-EGRESS-2), injects named credentials
 * at send time so actions never see secrets (R-EGRESS-3), and refuses third-party LLM APIs
 * whatever the allowlist says (SPEC §12).
 *
 * @example
 * ```ts
 * import { egressModule } from '@agent-studio/egress';
 *
 * const modules = [
 *   egressModule({
 *     tenants: { acme: [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *     agents: { 'order-status': [{ host: 'api.crm.example.com', credential: 'crm-key' }] },
 *     credentials: { 'crm-key': { header: 'Authorization', env: 'CRM_TOKEN' } },
 *   }),
 * ];
 * // inside an action:
 * const res = await ctx.http('https://api.crm.example.com/orders/42', { signal: ctx.signal });
 * ```
 *
 * @packageDocumentation
 */
export { createEgressFetch, type EgressAddress, type EgressFetch, type EgressFetchOptions, type EgressLookup } from './createEgressFetch.js';
export {
  type EgressCredential,
  EgressCredentialSchema,
  EgressPolicy,
  type EgressPolicyOptions,
  EgressPolicySchema,
  type EgressRule,
  EgressRuleSchema,
} from './EgressPolicy.js';
export { egressModule, type EgressModuleOptions } from './egressModule.js';
export { type EgressDenial, EgressDeniedError, type EgressDenyReason, EgressResponseTooLargeError, EgressTransportError } from './errors.js';
export { isLlmApiHost, LLM_API_HOSTS } from './llmApiHosts.js';
