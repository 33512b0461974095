import type { RunStateStore } from '../stores/RunStateStore.js';
import { randomBytes } from 'node:crypto';
import type { ContainerModule } from 'inversify';
import type { AccessGrant } from '../access/AccessContext.js';
import { createLocalAccessAuthority, type LocalAccessAuthority } from '../access/createLocalAccessAuthority.js';
import type { ActionDefinition } from '../actions/ActionConfig.js';
import { type AgentStudioContainer, createContainer } from '../di/createContainer.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';
import type { AgentRuntime } from '../runtime/AgentRuntime.js';
import type { ModelClient } from '../runtime/ModelClient.js';
import { ScriptedModel, type ScriptStep } from './ScriptedModel.js';

/**
 * Options of {@link createTestContainer}.
 * @category Testing
 */
export interface TestContainerOptions {
  /** The agents. */
  readonly agents?: readonly AgentDefinition[];
  /** Actions declared with `defineAction`. */
  readonly actions?: readonly ActionDefinition[];
  /** Objects with `@Action` methods. */
  readonly actionProviders?: readonly object[];
  /** Plugin instances. */
  readonly plugins?: readonly AgentPlugin[];
  /** Container modules. */
  readonly modules?: readonly ContainerModule[];
  /** A script for a {@link ScriptedModel} (ignored when `model` is given). */
  readonly script?: readonly ScriptStep[];
  /** A model client of your own. */
  readonly model?: ModelClient;
  /** The runtime's clock (default Date.now). */
  readonly clock?: () => number;
  /** Where suspended run states are kept (default: nowhere). */
  readonly runStates?: RunStateStore;
  /** The access authority (default: a new one); pass your own to hand its issuer to a module. */
  readonly authority?: LocalAccessAuthority;
}

/**
 * A container wired for tests, with an in-memory access authority to mint tokens.
 * @category Testing
 */
export interface TestContainer {
  /** The container. */
  readonly container: AgentStudioContainer;
  /** The runtime. */
  readonly runtime: AgentRuntime;
  /** The model (a ScriptedModel unless you gave one). */
  readonly model: ModelClient;
  /** The access authority. */
  readonly authority: LocalAccessAuthority;
  /**
   * Mints a fresh token for the first agent (or the one named), for user `u-1` in tenant `t-1`,
   * session `session-1`.
   * @param grant - fields to override
   * @returns the token
   */
  token(grant?: Partial<AccessGrant>): Promise<string>;
}

/**
 * Creates a fresh container for one test: a scripted model, an in-memory access authority and a
 * random run-state key. Use one per test.
 *
 * @param options - agents, actions, plugins, modules and the script
 * @returns the container, the runtime, the model and a token minter
 * @example
 * ```ts
 * const t = await createTestContainer({ agents: [agent], actions: [getOrder], script: [{ content: 'hi' }] });
 * const result = await t.runtime.run({ agent: agent.name, accessToken: await t.token(), input: 'hello' });
 * ```
 * @category Testing
 */
export async function createTestContainer(options: TestContainerOptions = {}): Promise<TestContainer> {
  const authority = options.authority ?? (await createLocalAccessAuthority());
  const model = options.model ?? new ScriptedModel(options.script ?? []);
  const container = createContainer({
    model,
    verifier: authority.verifier,
    stateKey: randomBytes(32),
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.actions ? { actions: options.actions } : {}),
    ...(options.actionProviders ? { actionProviders: options.actionProviders } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.runStates ? { runStates: options.runStates } : {}),
  });
  const runtime = container.get('core.Runtime');
  const first = options.agents?.[0];
  return {
    container,
    runtime,
    model,
    authority,
    token: (grant = {}) =>
      authority.issuer.mint({
        tenantId: 't-1',
        userId: 'u-1',
        agent: first?.name ?? 'agent',
        sessionId: 'session-1',
        surface: 'runtime',
        audience: first?.audience ?? 'employee',
        ...grant,
      }),
  };
}
