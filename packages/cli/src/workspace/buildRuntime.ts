import {
  type AccessContextIssuer,
  type AccessContextVerifier,
  type AgentApp,
  type AgentPlugin,
  type AgentRuntime,
  type AgentStudioContainer,
  ConfigurationError,
  createContainer,
  type ModelClient,
  type TokenReplayGuard,
} from '@agent-studio/core';
import type { ContainerModule } from 'inversify';
import { createLogger } from '@agent-studio/observability';
import type { Workspace } from './Workspace.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * A runtime wired for the CLI.
 * @category CLI
 */
export interface CliRuntime {
  /** The container. */
  readonly container: AgentStudioContainer;
  /** The started runtime. */
  readonly runtime: AgentRuntime;
}

/**
 * What a served runtime adds to the app's own wiring: the shared replay guard, the tenant quota
 * plugin, the egress module.
 * @category CLI
 */
export interface RuntimeExtras {
  /** Spends token ids once across instances. */
  readonly replayGuard?: TokenReplayGuard;
  /** More plugins. */
  readonly plugins?: readonly AgentPlugin[];
  /** More modules. */
  readonly modules?: readonly ContainerModule[];
}

/**
 * Wires an agent app with the workspace's durable stores (run states, pending actions, traces,
 * cost ledger) and the local access authority, and starts the runtime. Logs are pino JSON lines on
 * standard error, content redacted, at `AGENT_STUDIO_LOG_LEVEL` (default `warn`, so startup
 * warnings such as full audit content show).
 * @param app - the agent app
 * @param model - the model client
 * @param workspace - the stores and the state key
 * @param authority - the verifier of AccessContext tokens and, where this process mints them, the issuer
 * @param env - the environment (`AGENT_STUDIO_LOG_LEVEL`)
 * @param extras - the replay guard, plugins and modules a served runtime adds
 * @returns the container and the runtime
 * @category CLI
 */
export async function buildRuntime(
  app: AgentApp,
  model: ModelClient,
  workspace: Workspace,
  authority: { readonly verifier: AccessContextVerifier; readonly issuer?: AccessContextIssuer },
  env: NodeJS.ProcessEnv = process.env,
  extras: RuntimeExtras = {},
): Promise<CliRuntime> {
  const { stores } = workspace;
  const wanted = env.AGENT_STUDIO_LOG_LEVEL ?? 'warn';
  const level = (LOG_LEVELS as readonly string[]).includes(wanted) ? (wanted as (typeof LOG_LEVELS)[number]) : undefined;
  if (level === undefined) throw new ConfigurationError('CONFIG_INVALID', `AGENT_STUDIO_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${wanted}".`);
  const container = createContainer({
    model,
    verifier: authority.verifier,
    ...(authority.issuer ? { issuer: authority.issuer } : {}),
    ...(extras.replayGuard ? { replayGuard: extras.replayGuard } : {}),
    stateKey: workspace.stateKey,
    logger: createLogger({ level, destination: process.stderr }),
    runStates: stores.runStates,
    pendingActions: stores.pendingActions,
    traces: stores.traces,
    costLedger: stores.costLedger,
    agents: [app.agent],
    ...(app.actions ? { actions: app.actions } : {}),
    ...(app.actionProviders ? { actionProviders: app.actionProviders } : {}),
    plugins: [...(app.plugins ?? []), ...(extras.plugins ?? [])],
    modules: [...(app.modules ?? []), ...(extras.modules ?? [])],
  });
  const runtime = container.get('core.Runtime');
  await runtime.start();
  return { container, runtime };
}
