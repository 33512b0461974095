import { resolve } from 'node:path';
import { createContainer, RoleAccessPolicy } from '@agent-studio/core';
import {
  BullMqContinuationQueue,
  CanaryModel,
  createCanaryApp,
  createGateway,
  createSyntheticCredentials,
  EdgeAuthenticator,
  ensureDevelopmentIdentity,
  type Gateway,
} from '@agent-studio/gateway';
import { createLogger } from '@agent-studio/observability';
import { Registry } from 'prom-client';
import { loadAccessKey } from '../workspace/loadAccessKey.js';
import { openWorkspace, type Workspace } from '../workspace/Workspace.js';
import { buildServedApps } from './buildServedApps.js';
import { openSharedStores, type SharedStores } from './openSharedStores.js';
import { DEFAULT_ROLE_GRANTS, loadServeConfig } from './ServeConfig.js';

/**
 * A started `agent-studio serve`.
 * @category CLI
 */
export interface ServeHandle {
  /** The gateway. */
  readonly gateway: Gateway;
  /** The address it listens on. */
  readonly url: string;
  /** What it printed at startup. */
  readonly banner: string;
  /** Stops everything. */
  close(): Promise<void>;
}

/**
 * Starts the gateway: the agents (each on its own runtime), the workspace's durable stores (SQLite,
 * or PostgreSQL with `DATABASE_URL`), shared state in memory or Redis (`REDIS_URL`, which also
 * sends approved runs to `agent-studio worker` through BullMQ), edge authentication from the config
 * or the development JWKS, and the health canary.
 * @param options - the config file and an optional port override
 * @param env - the environment
 * @returns the running server
 * @category CLI
 */
export async function serveCommand(options: { readonly config?: string; readonly port?: number; readonly host?: string }, env: NodeJS.ProcessEnv): Promise<ServeHandle> {
  const config = await loadServeConfig(options.config);
  const home = resolve(env.AGENT_STUDIO_HOME && env.AGENT_STUDIO_HOME.length > 0 ? env.AGENT_STUDIO_HOME : '.agent-studio');
  let workspace: Workspace | undefined;
  let shared: SharedStores | undefined;
  try {
    workspace = await openWorkspace(env);
    shared = await openSharedStores(env);
    const key = await loadAccessKey(home, env);
    const registry = new Registry();
    const served = await buildServedApps(config, workspace, key, { replayGuard: shared.replayGuard, rateLimiter: shared.rateLimiter, registry }, env);
    const synthetic = await createSyntheticCredentials();
    const dev = config.edge === undefined ? await ensureDevelopmentIdentity(home) : undefined;
    const edgeOptions = config.edge ?? dev?.edgeAuthOptions;
    const edge = await EdgeAuthenticator.create({ ...(edgeOptions as object), synthetic: synthetic.verifierOptions } as Parameters<typeof EdgeAuthenticator.create>[0]);
    const canaryApp = createCanaryApp();
    const canaryContainer = createContainer({ model: new CanaryModel(), verifier: key.verifier, stateKey: workspace.stateKey, replayGuard: shared.replayGuard, agents: [canaryApp.agent], actions: canaryApp.actions ?? [] });
    const queueConnection = shared.queueConnection;
    const gateway = await createGateway({
      config: config.gateway,
      apps: served.apps,
      edge,
      policy: new RoleAccessPolicy(config.access ?? DEFAULT_ROLE_GRANTS),
      signing: { privateKey: key.privateKey, keyId: key.keyId, issuer: key.issuer, audience: key.audience },
      verifier: key.verifier,
      stores: {
        sessions: shared.sessions,
        rateLimiter: shared.rateLimiter,
        concurrency: shared.concurrency,
        runStates: workspace.stores.runStates,
        pendingActions: workspace.stores.pendingActions,
        traces: workspace.stores.traces,
      },
      ...(queueConnection ? { continuations: () => new BullMqContinuationQueue({ connection: queueConnection, prefix: env.AGENT_STUDIO_QUEUE_PREFIX || 'agent-studio' }) } : {}),
      canary: { app: { runtime: canaryContainer.get('core.Runtime') }, credential: () => synthetic.mint({ tenantId: 'agent-studio.synthetic', userId: 'canary' }) },
      logger: createLogger({ level: 'warn', destination: process.stderr }),
      registry,
    });
    const url = await gateway.listen({ host: options.host ?? config.host, port: options.port ?? config.port });
    const agents = served.apps.flatMap((a) => a.runtime.agents.map((d) => d.name)).join(', ');
    const banner = [
      `agent-studio gateway listening on ${url}`,
      `  agents: ${agents} · model: ${config.model === 'scripted' ? 'scripted (no LLM)' : 'openai'}`,
      `  stores: ${workspace.where} · shared state: ${shared.where} · approved runs: ${queueConnection ? 'BullMQ (run agent-studio worker)' : 'resumed in this process'}`,
      dev
        ? `  edge: development JWKS ${dev.jwksFile}; get a token with: agent-studio token --user u1 --tenant t1 [--role approver]`
        : '  edge: the configured JWKS',
      `  try: curl -s -X POST -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{}' ${url}/v1/agents/${served.apps[0]?.runtime.agents[0]?.name ?? 'AGENT'}/sessions`,
      `  docs: ${url}/openapi.json · health: ${url}/readyz · metrics: ${url}/metrics`,
    ].join('\n');
    const ws = workspace;
    const sh = shared;
    return {
      gateway,
      url,
      banner,
      async close() {
        await gateway.close();
        await served.stop();
        await sh.close();
        await ws.close();
      },
    };
  } catch (error) {
    await shared?.close();
    await workspace?.close();
    throw error;
  }
}
