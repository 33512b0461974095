/**
 * Who calls the served tools: the identity the AccessContext token of each call is minted for.
 * Over stdio it is the process owner, given by options; over Streamable HTTP it comes from the
 * verified `Authorization: Bearer` credential of each request.
 * @category MCP
 */
export interface McpPrincipal {
  /** The user id. */
  readonly userId: string;
  /** The tenant id. */
  readonly tenantId: string;
  /** The roles the identity asserted (default none). */
  readonly roles?: readonly string[];
  /** True for the access layer's own synthetic traffic (verified with the synthetic key only). */
  readonly synthetic?: boolean;
}
