import { z } from 'zod';

/**
 * The API surface a request came through (R-API-3).
 * @category Access
 */
export type Surface = 'runtime' | 'preview' | 'authoring';

/**
 * The verified request context: who asks, in which tenant, for which agent and session. It is
 * only ever produced by {@link AccessContextVerifier.verify} from a signed token; identity never
 * comes from a request body (R-EDGE-3, R-API-1).
 * @category Access
 */
export const AccessContextSchema = z.object({
  /** The tenant (org) id. */
  tenantId: z.string().min(1),
  /** The authenticated user's id. */
  userId: z.string().min(1),
  /** The agent the request is for. */
  agent: z.string().min(1),
  /** The session (conversation) id. */
  sessionId: z.string().min(1),
  /** The run id, when the token is bound to one run. */
  runId: z.string().min(1).optional(),
  /** The API surface. */
  surface: z.enum(['runtime', 'preview', 'authoring']),
  /** Whether the caller is an employee or a customer of a service agent. */
  audience: z.enum(['employee', 'service']),
  /**
   * Synthetic traffic (the gateway's health canary, R-HEALTH-2): tagged so that rate limits and
   * cost analytics leave it out. Only the access layer's own probe credentials set it.
   */
  synthetic: z.boolean().default(false),
  /** Roles or permission names granted by the edge credential. */
  roles: z.array(z.string()).readonly().default([]),
  /** The token's unique id (jti). */
  tokenId: z.string().min(1),
  /** The digest binding the token to one request (method + path + body hash), when minted for one. */
  requestDigest: z.string().optional(),
  /** Issued at, epoch seconds. */
  issuedAt: z.number().int(),
  /** Expires at, epoch seconds. */
  expiresAt: z.number().int(),
});

/**
 * A verified request context.
 * @category Access
 */
export type AccessContext = Readonly<z.output<typeof AccessContextSchema>>;

/**
 * What the access layer states when it mints a token.
 * @category Access
 */
export type AccessGrant = Omit<z.input<typeof AccessContextSchema>, 'tokenId' | 'issuedAt' | 'expiresAt'>;
