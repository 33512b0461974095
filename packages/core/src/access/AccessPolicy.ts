import { z } from 'zod';

/**
 * What a caller asks to do (R-AUTHZ-1, R-API-3):
 * - `agent.use`: start a session with an agent and send it messages (runtime surface);
 * - `agent.preview`: run an agent at design time (preview surface; needs authoring rights);
 * - `agent.author`: create or change an agent's definition (authoring surface; agent admins only);
 * - `approval.list` / `approval.decide`: see and decide the tenant's pending actions;
 * - `trace.read`: read the trace of a run someone else started (one's own runs need no grant);
 * - `act-on-behalf`: name another user of the same tenant as the one a request is for (R-EDGE-3).
 * @category Access
 */
export const AccessOperationSchema = z.enum(['agent.use', 'agent.preview', 'agent.author', 'approval.list', 'approval.decide', 'trace.read', 'act-on-behalf']);

/**
 * An operation; see {@link AccessOperationSchema}.
 * @category Access
 */
export type AccessOperation = z.infer<typeof AccessOperationSchema>;

/**
 * One authorization question: who (from a verified credential), in which tenant, wants to do what,
 * on which agent.
 * @category Access
 */
export interface AccessQuestion {
  /** The tenant, from the verified credential. */
  readonly tenantId: string;
  /** The user, from the verified credential. */
  readonly userId: string;
  /** The roles the verified credential grants. */
  readonly roles: readonly string[];
  /** What the caller wants to do. */
  readonly operation: AccessOperation;
  /** The agent it concerns, for the `agent.*` operations. */
  readonly agent?: string;
}

/**
 * An authorization answer. A refusal says why, in words safe to show the caller.
 * @category Access
 */
export interface AccessAnswer {
  /** Whether the operation is allowed. */
  readonly allowed: boolean;
  /** Why (names the missing permission when refused). */
  readonly reason: string;
}

/**
 * The one authority that decides what a caller may do (R-AUTHZ-1). The edge only authenticates
 * (R-EDGE-2); every surface asks this policy before it acts, and the default is deny.
 * @category Access
 */
export interface AccessPolicy {
  /**
   * Decides one question. Implementations must fail closed: anything they cannot decide is refused.
   * @param question - who wants to do what
   * @returns the answer
   */
  authorize(question: AccessQuestion): AccessAnswer | Promise<AccessAnswer>;
}
