import { type AgentApp, type AgentRuntime, type AgentStudioContainer, createContainer, type LocalAccessAuthority, type ModelClient } from '@agent-studio/core';
import type { Workspace } from './Workspace.js';

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
 * Wires an agent app with the workspace's durable stores (run states, pending actions, traces,
 * cost ledger) and the local access authority, and starts the runtime.
 * @param app - the agent app
 * @param model - the model client
 * @param workspace - the stores and the state key
 * @param authority - the local access authority
 * @returns the container and the runtime
 * @category CLI
 */
export async function buildRuntime(app: AgentApp, model: ModelClient, workspace: Workspace, authority: LocalAccessAuthority): Promise<CliRuntime> {
  const { stores } = workspace;
  const container = createContainer({
    model,
    verifier: authority.verifier,
    issuer: authority.issuer,
    stateKey: workspace.stateKey,
    runStates: stores.runStates,
    pendingActions: stores.pendingActions,
    traces: stores.traces,
    costLedger: stores.costLedger,
    agents: [app.agent],
    ...(app.actions ? { actions: app.actions } : {}),
    ...(app.actionProviders ? { actionProviders: app.actionProviders } : {}),
    ...(app.plugins ? { plugins: app.plugins } : {}),
    ...(app.modules ? { modules: app.modules } : {}),
  });
  const runtime = container.get('core.Runtime');
  await runtime.start();
  return { container, runtime };
}
