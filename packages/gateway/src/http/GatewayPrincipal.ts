/**
 * Who a request comes from, as the edge verified it: tenant, user and roles come only from the
 * credential's claims (R-EDGE-3). The edge authenticates only; what the principal may do is decided
 * by the core access policy (R-EDGE-2, R-AUTHZ-1).
 * @category Gateway
 */
export interface GatewayPrincipal {
  /** The tenant. */
  readonly tenantId: string;
  /** The user. */
  readonly userId: string;
  /** The roles the credential grants. */
  readonly roles: readonly string[];
  /** Whether this is the gateway's own synthetic traffic (R-HEALTH-2). */
  readonly synthetic: boolean;
}

/**
 * Authenticates a request's `Authorization` header at the edge (R-EDGE-1).
 * @category Gateway
 */
export interface EdgeAuthentication {
  /**
   * Verifies the credential.
   * @param authorization - the `Authorization` header, if any
   * @returns the principal
   * @throws an `EDGE_UNAUTHENTICATED` error for any missing or invalid credential
   */
  authenticate(authorization: string | undefined): Promise<GatewayPrincipal>;
}
