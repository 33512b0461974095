import { type ContextBag, createContextKey } from '@agent-studio/core';

/**
 * Who an agent runs as (SPEC §3).
 * @category Plugins
 */
export interface Principal {
  /** The user whose permissions every data call uses. */
  readonly runAs: string;
  /** The authenticated user who asked (kept for audit, R-CTX-2). */
  readonly originalUserId: string;
  /** The tenant. */
  readonly tenantId: string;
  /** `user`: an employee agent running as the invoking user; `service`: a service agent's own identity. */
  readonly kind: 'user' | 'service';
}

/**
 * The bag key under which the identity plugin keeps the run's principal.
 * @category Plugins
 */
export const PRINCIPAL = createContextKey<Principal>('identity.principal');

/**
 * Reads the run's principal, as the identity plugin resolved it.
 * @param bag - the run's bag
 * @returns the principal, or undefined when the identity plugin has not run
 * @category Plugins
 */
export function principalOf(bag: ContextBag): Principal | undefined {
  return bag.get(PRINCIPAL);
}
