import type {
  AccessContextVerifier,
  AccessPolicy,
  AgentRuntime,
  ConcurrencyLimiter,
  Logger,
  PendingActionStore,
  RateLimiter,
  RunStateStore,
  SessionStore,
  TraceStore,
} from '@agent-studio/core';
import type { ApprovalService } from '@agent-studio/plugin-approvals';
import type { CryptoKey, KeyObject } from 'jose';
import type { Registry } from 'prom-client';
import type { GatewayConfigInput } from './config/GatewayConfig.js';
import type { ContinuationExecutor } from './continuations/ContinuationExecutor.js';
import type { ContinuationQueue } from './continuations/ContinuationQueue.js';
import type { EdgeAuthentication } from './http/GatewayPrincipal.js';

/**
 * One agent the gateway serves: its started runtime and, when the agent has human-in-the-loop
 * actions, its approval service.
 * @category Gateway
 */
export interface GatewayApp {
  /** The runtime (one agent per app; started, or started by the gateway). */
  readonly runtime: AgentRuntime;
  /** The approval service of the app's container (`approvals.Service`), when it has one. */
  readonly approvals?: ApprovalService;
}

/**
 * The shared state of the gateway (R-SCALE-1): with Redis and SQL stores, any number of instances
 * behave as one.
 * @category Gateway
 */
export interface GatewayStores {
  /** Sessions with a TTL (R-SESS-*). */
  readonly sessions: SessionStore;
  /** Request, model-call and token budgets (R-RATE-*). */
  readonly rateLimiter: RateLimiter;
  /** Runs in flight per tenant (R-RATE-1, R-BLAST-1). */
  readonly concurrency: ConcurrencyLimiter;
  /** Suspended runs (confirmations and approvals find their agent here). */
  readonly runStates?: RunStateStore;
  /** Pending actions (the approvals API). */
  readonly pendingActions?: PendingActionStore;
  /** Audit trails (the trace API). */
  readonly traces?: TraceStore;
}

/**
 * The key the gateway mints AccessContext tokens with (R-TOKEN-1/2): only the access layer holds
 * it; the runtimes and workers hold the public half.
 * @category Gateway
 */
export interface GatewaySigningKey {
  /** The Ed25519 private key. */
  readonly privateKey: CryptoKey | KeyObject;
  /** Its key id (`kid`), for rotation. */
  readonly keyId: string;
  /** The tokens' `iss`. */
  readonly issuer: string;
  /** The tokens' `aud`: the runtime. */
  readonly audience: string;
}

/**
 * What {@link createGateway} needs.
 * @category Gateway
 */
export interface GatewayOptions {
  /** Settings (defaults for everything). */
  readonly config?: GatewayConfigInput;
  /** The agents served. */
  readonly apps: readonly GatewayApp[];
  /** Edge authentication (JWT against a JWKS). */
  readonly edge: EdgeAuthentication;
  /** The core access policy: who may do what (R-AUTHZ-1). */
  readonly policy: AccessPolicy;
  /** The key minted tokens are signed with. */
  readonly signing: GatewaySigningKey;
  /** Verifies minted tokens (the public half), for continuations run in this process. */
  readonly verifier: AccessContextVerifier;
  /** The shared stores. */
  readonly stores: GatewayStores;
  /** Where decided runs go (default: resumed in this process). */
  readonly continuations?: (executor: ContinuationExecutor) => ContinuationQueue;
  /** The health canary: its app (on the stub model) and its synthetic edge credential. */
  readonly canary?: {
    /** The canary's app, on a runtime with the stub model. */
    readonly app: GatewayApp;
    /** Mints the synthetic edge credential the canary sends. */
    readonly credential: () => Promise<string>;
  };
  /** The Prometheus registry `/metrics` serves (default: a new one); pass the apps' registry to serve theirs too. */
  readonly registry?: Registry;
  /** Logs: ids, codes and durations only. */
  readonly logger?: Logger;
}
