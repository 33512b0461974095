import { z } from 'zod';
import { type TenantLimits, TenantLimitsSchema } from './TenantLimits.js';

/**
 * The limits of every tenant: conservative defaults, and overrides per tenant (R-RATE-2).
 * @category Gateway
 */
export const LimitsConfigSchema = z.strictObject({
  /** The limits of a tenant without its own entry. */
  defaults: TenantLimitsSchema.prefault({}),
  /** Tenant id → the fields that differ from the defaults. */
  tenants: z.record(z.string().min(1), TenantLimitsSchema.partial()).default({}),
});

/**
 * The limits, parsed; see {@link LimitsConfigSchema}.
 * @category Gateway
 */
export type LimitsConfig = z.output<typeof LimitsConfigSchema>;

/**
 * The limits that apply to one tenant: its overrides on top of the defaults.
 * @param config - the parsed limits
 * @param tenantId - the tenant
 * @returns its limits
 * @category Gateway
 */
export function limitsFor(config: LimitsConfig, tenantId: string): TenantLimits {
  const own = Object.hasOwn(config.tenants, tenantId) ? config.tenants[tenantId] : undefined;
  if (!own) return config.defaults;
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return { ...config.defaults, ...defined, requests: { ...config.defaults.requests, ...(own.requests ?? {}) } };
}
