/**
 * Who the edge authenticated (R-EDGE-1): the identity read from the verified credential's
 * configured claims and nothing else (R-EDGE-3). It is frozen.
 *
 * @remarks
 * The edge authenticates only (R-EDGE-2): `roles` are what the issuer asserted, reported as
 * facts; permission decisions belong to the core authority, never to the edge.
 * @category Edge
 */
export interface EdgePrincipal {
  /** The tenant id, from the tenant claim (default `tid`). */
  readonly tenantId: string;
  /** The user id, from the user claim (default `sub`). */
  readonly userId: string;
  /** The roles the issuer asserted, from the roles claim (default `roles`); empty when absent. */
  readonly roles: readonly string[];
  /** The token's `jti`, when it has one. */
  readonly tokenId?: string;
  /** The token's `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
  /** True for the gateway's own synthetic traffic (health canaries), verified with the synthetic key only. */
  readonly synthetic: boolean;
}
