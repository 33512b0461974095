import { randomBytes, randomUUID } from 'node:crypto';
import {
  AccessContextVerifier,
  type ConcurrencyLimiter,
  contextInput,
  createContainer,
  defineAction,
  defineAgent,
  MemoryConcurrencyLimiter,
  MemoryPendingActionStore,
  MemoryRateLimiter,
  MemoryRunStateStore,
  MemorySessionStore,
  MemoryTokenReplayGuard,
  MemoryTraceStore,
  type PendingActionStore,
  type RateLimiter,
  RoleAccessPolicy,
  type RunStateStore,
  type SessionStore,
  type TokenReplayGuard,
  type TraceStore,
} from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { type ApprovalService, approvalsModule, approverAllowList } from '@agent-studio/plugin-approvals';
import { type CryptoKey, generateKeyPair } from 'jose';
import { z } from 'zod';
import {
  CanaryModel,
  type ContinuationExecutor,
  type ContinuationQueue,
  createCanaryApp,
  createGateway,
  createSyntheticCredentials,
  EdgeAuthenticator,
  type Gateway,
  type GatewayApp,
  type GatewayConfigInput,
  TenantQuotaPlugin,
  LimitsConfigSchema,
} from '../../src/index.js';
import { aKey, aToken, AUDIENCE, ISSUER, type TestKey } from '../edge/edgeFixtures.js';

/** The shared state one or more test gateways use. */
export interface TestStores {
  readonly sessions: SessionStore;
  readonly rateLimiter: RateLimiter;
  readonly concurrency: ConcurrencyLimiter;
  readonly replayGuard: TokenReplayGuard;
  readonly runStates: RunStateStore;
  readonly pendingActions: PendingActionStore;
  readonly traces: TraceStore;
}

/** In-memory shared state. */
export function memoryStores(): TestStores {
  return {
    sessions: new MemorySessionStore(),
    rateLimiter: new MemoryRateLimiter(),
    concurrency: new MemoryConcurrencyLimiter(),
    replayGuard: new MemoryTokenReplayGuard(),
    runStates: new MemoryRunStateStore(),
    pendingActions: new MemoryPendingActionStore(),
    traces: new MemoryTraceStore(),
  };
}

/** Key material several gateways (instances) share. */
export interface SharedKeys {
  readonly edgeKey: TestKey;
  readonly signing: { readonly privateKey: CryptoKey; readonly publicKey: CryptoKey; readonly keyId: string };
  readonly stateKey: Uint8Array;
}

/** Fresh shared keys. */
export async function sharedKeys(): Promise<SharedKeys> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { edgeKey: await aKey('edge-1'), signing: { privateKey, publicKey, keyId: randomUUID() }, stateKey: randomBytes(32) };
}

/** What the refund action saw. */
export interface RefundSeen {
  readonly orderId: string;
  readonly runAs: string;
}

/** A built test gateway. */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly stores: TestStores;
  readonly keys: SharedKeys;
  readonly refunds: RefundSeen[];
  readonly handlerCalls: { count: number };
  readonly approvals: ApprovalService;
  /** What the async report action saw. */
  readonly reports: { topic: string; runAs: string }[];
  /** The runtime verifier (for a worker's executor). */
  readonly verifier: AccessContextVerifier;
  /** Agent name → runtime (for a worker's executor). */
  readonly runtimes: ReadonlyMap<string, import('@agent-studio/core').AgentRuntime>;
  /** A Bearer header for a user (roles default `user`). */
  auth(userId?: string, tenantId?: string, roles?: string[]): Promise<Record<string, string>>;
}

/** Options of {@link testGateway}. */
export interface TestGatewayOptions {
  readonly stores?: TestStores;
  readonly keys?: SharedKeys;
  readonly config?: GatewayConfigInput;
  readonly canary?: boolean;
  readonly continuations?: (executor: ContinuationExecutor) => ContinuationQueue;
  readonly refunds?: RefundSeen[];
}

const ROLES = {
  user: ['agent:use:*'],
  customer: ['agent:use:orders'],
  approver: ['agent:use:*', 'approval:decide', 'trace:read'],
  author: ['agent:author:*'],
  admin: ['agent:admin', 'agent:author:*', 'agent:use:*'],
} as const;

/**
 * A gateway serving two agents on scripted models (`orders`: one tool call then a reply; `refunds`:
 * a refund that needs an approval), with in-memory stores unless given shared ones.
 */
export async function testGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const keys = options.keys ?? (await sharedKeys());
  const stores = options.stores ?? memoryStores();
  const refunds = options.refunds ?? [];
  const reports: { topic: string; runAs: string }[] = [];
  const handlerCalls = { count: 0 };
  const verifier = new AccessContextVerifier({ key: keys.signing.publicKey, issuer: 'agent-studio.gateway', audience: 'agent-studio.runtime' });
  const limits = LimitsConfigSchema.parse(options.config?.limits ?? {});
  const quota = () => new TenantQuotaPlugin(stores.rateLimiter, limits);
  const common = { verifier, stateKey: keys.stateKey, replayGuard: stores.replayGuard, runStates: stores.runStates, pendingActions: stores.pendingActions, traces: stores.traces };

  const getOrder = defineAction({
    name: 'get_order',
    description: 'Look up an order.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ orderId: z.string() }),
    run: ({ orderId }) => {
      handlerCalls.count++;
      return { orderId, status: 'shipped' };
    },
  });
  const orders = createContainer({
    ...common,
    model: new ScriptedModel([{ toolCalls: [{ name: 'get_order', arguments: { orderId: 'ORD-1' } }] }, { content: 'Your order has shipped.' }], { mode: 'per-conversation' }),
    agents: [defineAgent({ name: 'orders', audience: 'employee', model: { name: 'scripted' }, instructions: 'Help with orders.', capabilities: [{ action: 'get_order' }] })],
    actions: [getOrder],
    plugins: [quota()],
  });

  const refund = defineAction({
    name: 'refund_order',
    description: 'Refund an order.',
    audience: 'employee',
    visibility: 'private',
    effect: 'write',
    requiresConfirmation: true,
    input: z.object({ orderId: contextInput('RecordId', z.string().min(1), { kind: 'recordId' }).optional(), amount: z.number().positive() }),
    writesObject: { object: 'Order', operation: 'update' },
    run: ({ amount }, ctx) => {
      refunds.push({ orderId: String(amount), runAs: ctx.access.userId });
      return { refunded: amount };
    },
  });
  const refundContainer = createContainer({
    ...common,
    model: new ScriptedModel([{ toolCalls: [{ id: 'call-refund', name: 'refund_order', arguments: { amount: 40 } }] }, { content: 'The refund went through.' }], { mode: 'per-conversation' }),
    agents: [defineAgent({ name: 'refunds', audience: 'employee', model: { name: 'scripted' }, instructions: 'Refund orders.', capabilities: [{ action: 'refund_order', hitl: 'approval' }] })],
    actions: [refund],
    plugins: [quota()],
    modules: [approvalsModule({ store: stores.pendingActions, approvers: { refund_order: ['mia'] }, approverPolicy: approverAllowList(['mia']) })],
  });
  const approvals = refundContainer.get('approvals.Service');
  const buildReport = defineAction({
    name: 'build_report',
    description: 'Builds a long report.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ topic: z.string() }),
    run: ({ topic }, ctx) => {
      reports.push({ topic, runAs: ctx.access.userId });
      return { pages: 3 };
    },
  });
  const reportContainer = createContainer({
    ...common,
    model: new ScriptedModel([{ toolCalls: [{ id: 'call-report', name: 'build_report', arguments: { topic: 'q3' } }] }, { content: 'Your report is ready.' }], { mode: 'per-conversation' }),
    agents: [defineAgent({ name: 'reports', audience: 'employee', model: { name: 'scripted' }, instructions: 'Build reports.', capabilities: [{ action: 'build_report', async: true }] })],
    actions: [buildReport],
    plugins: [quota()],
  });
  const apps: GatewayApp[] = [
    { runtime: orders.get('core.Runtime') },
    { runtime: refundContainer.get('core.Runtime'), approvals },
    { runtime: reportContainer.get('core.Runtime') },
  ];

  const synthetic = await createSyntheticCredentials();
  const edge = await EdgeAuthenticator.create({ jwks: { keys: [keys.edgeKey.publicJwk] }, issuer: ISSUER, audience: AUDIENCE, synthetic: synthetic.verifierOptions });
  let canary: { app: GatewayApp; credential: () => Promise<string> } | undefined;
  if (options.canary) {
    const c = createCanaryApp();
    const container = createContainer({ verifier, stateKey: keys.stateKey, replayGuard: stores.replayGuard, model: new CanaryModel(), agents: [c.agent], actions: c.actions ?? [] });
    canary = { app: { runtime: container.get('core.Runtime') }, credential: () => synthetic.mint({ tenantId: 'agent-studio.synthetic', userId: 'canary' }) };
  }
  const gateway = await createGateway({
    apps,
    edge,
    policy: new RoleAccessPolicy({ roles: { ...ROLES } }),
    signing: { privateKey: keys.signing.privateKey, keyId: keys.signing.keyId, issuer: 'agent-studio.gateway', audience: 'agent-studio.runtime' },
    verifier,
    stores,
    ...(options.config ? { config: options.config } : {}),
    ...(options.continuations ? { continuations: options.continuations } : {}),
    ...(canary ? { canary } : {}),
  });
  return {
    gateway,
    stores,
    keys,
    refunds,
    handlerCalls,
    approvals,
    reports,
    verifier,
    runtimes: new Map(apps.flatMap((a) => a.runtime.agents.map((d) => [d.name, a.runtime] as const))),
    auth: async (userId = 'u1', tenantId = 't1', roles = ['user']) => ({ authorization: `Bearer ${await aToken(keys.edgeKey, { sub: userId, tid: tenantId, roles })}` }),
  };
}
