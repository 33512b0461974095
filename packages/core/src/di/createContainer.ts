import type { AccessContextIssuer } from '../access/AccessContextIssuer.js';
import type { CostLedger } from '../stores/CostLedger.js';
import type { PendingActionStore } from '../stores/PendingActionStore.js';
import type { RunStateStore } from '../stores/RunStateStore.js';
import type { TokenReplayGuard } from '../stores/TokenReplayGuard.js';
import type { TraceStore } from '../stores/TraceStore.js';
import { TypedContainer, TypedContainerModule } from '@inversifyjs/strongly-typed';
import type { ContainerModule } from 'inversify';
import type { AccessContextVerifier } from '../access/AccessContextVerifier.js';
import type { ActionDefinition } from '../actions/ActionConfig.js';
import { ActionRegistry } from '../actions/ActionRegistry.js';
import { RuntimeEvents } from '../events/RuntimeEvents.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';
import { AgentRuntime } from '../runtime/AgentRuntime.js';
import { type Logger, silentLogger } from '../runtime/Logger.js';
import type { ModelClient } from '../runtime/ModelClient.js';
import type { ServiceMap } from './ServiceMap.js';

/**
 * The container type of an Agent Studio app: an inversify container typed by {@link ServiceMap}.
 * @category DI
 */
export type AgentStudioContainer = TypedContainer<ServiceMap>;

/**
 * What {@link createContainer} wires.
 * @category DI
 */
export interface ContainerOptions {
  /** The model client. */
  readonly model: ModelClient;
  /** Verifies the AccessContext tokens minted by the access layer. */
  readonly verifier: AccessContextVerifier;
  /** The HMAC key (at least 32 random bytes) that signs suspended run states. */
  readonly stateKey: Uint8Array;
  /** How long a suspended state can be resumed, in milliseconds (default 24 h). */
  readonly stateTtlMs?: number;
  /** How long one plugin hook may take, in milliseconds (default 10 s). */
  readonly hookTimeoutMs?: number;
  /**
   * Where suspended run states are kept (default: nowhere; the caller keeps the state from the
   * result). Bound as `core.RunStateStore` too.
   */
  readonly runStates?: RunStateStore;
  /**
   * Spends each AccessContext token id once (R-TOKEN-3); default in-process. Share one (Redis)
   * between runtime instances.
   */
  readonly replayGuard?: TokenReplayGuard;
  /** Where pending actions are kept; bound as `core.PendingActionStore` for the approvals plugin. */
  readonly pendingActions?: PendingActionStore;
  /** Where traces are kept; bound as `core.TraceStore`. */
  readonly traces?: TraceStore;
  /** Where model-call costs are kept; bound as `core.CostLedger` for the cost-accounting plugin. */
  readonly costLedger?: CostLedger;
  /**
   * The access layer's token issuer, bound as `core.AccessIssuer`: the approvals service mints the
   * original user's token with it to resume an approved run.
   */
  readonly issuer?: AccessContextIssuer;
  /** Agent definitions. */
  readonly agents?: readonly AgentDefinition[];
  /** Actions declared with `defineAction`. */
  readonly actions?: readonly ActionDefinition[];
  /** Objects whose `@Action` methods are actions. */
  readonly actionProviders?: readonly object[];
  /** Plugin instances (plugins with dependencies are better loaded as modules). */
  readonly plugins?: readonly AgentPlugin[];
  /** Container modules, such as plugin modules. */
  readonly modules?: readonly ContainerModule[];
  /** The logger (default: silent). */
  readonly logger?: Logger;
  /** The clock (default: Date.now). */
  readonly clock?: () => number;
}

/**
 * The core bindings: events, action registry, logger, clock and the runtime itself.
 * @param options - the values to bind
 * @returns the module
 * @example
 * ```ts
 * container.load(coreModule(options));
 * ```
 * @category DI
 */
export function coreModule(options: ContainerOptions): ContainerModule {
  return new TypedContainerModule<ServiceMap>(({ bind }) => {
    bind('core.ModelClient').toConstantValue(options.model);
    bind('core.AccessVerifier').toConstantValue(options.verifier);
    bind('core.RuntimeOptions').toConstantValue({
      stateKey: options.stateKey,
      ...(options.stateTtlMs === undefined ? {} : { stateTtlMs: options.stateTtlMs }),
      ...(options.hookTimeoutMs === undefined ? {} : { hookTimeoutMs: options.hookTimeoutMs }),
      ...(options.runStates === undefined ? {} : { runStates: options.runStates }),
      ...(options.replayGuard === undefined ? {} : { replayGuard: options.replayGuard }),
    });
    if (options.runStates !== undefined) bind('core.RunStateStore').toConstantValue(options.runStates);
    if (options.pendingActions !== undefined) bind('core.PendingActionStore').toConstantValue(options.pendingActions);
    if (options.traces !== undefined) bind('core.TraceStore').toConstantValue(options.traces);
    if (options.costLedger !== undefined) bind('core.CostLedger').toConstantValue(options.costLedger);
    if (options.issuer !== undefined) bind('core.AccessIssuer').toConstantValue(options.issuer);
    bind('core.Logger').toConstantValue(options.logger ?? silentLogger);
    bind('core.Clock').toConstantValue(options.clock ?? Date.now);
    bind('core.Events').toConstantValue(new RuntimeEvents());
    bind('core.ActionRegistry').toConstantValue(new ActionRegistry());
    for (const agent of options.agents ?? []) bind('core.Agent').toConstantValue(agent);
    for (const action of options.actions ?? []) bind('core.Action').toConstantValue(action);
    for (const provider of options.actionProviders ?? []) bind('core.ActionProvider').toConstantValue(provider);
    for (const plugin of options.plugins ?? []) bind('core.Plugin').toConstantValue(plugin);
    bind('core.Runtime').to(AgentRuntime).inSingletonScope();
  }) as unknown as ContainerModule;
}

/**
 * Creates the DI container of an app, with the core module and the given modules loaded.
 * @param options - model, verifier, state key, agents, actions, plugins and modules
 * @returns the container; get the runtime with `container.get('core.Runtime')`
 * @example
 * ```ts
 * const container = createContainer({ model, verifier, stateKey, agents: [agent], actions: [getOrder],
 *   modules: [myPluginModule()] });
 * const runtime = container.get('core.Runtime');
 * await runtime.start();
 * ```
 * @category DI
 */
export function createContainer(options: ContainerOptions): AgentStudioContainer {
  const container = new TypedContainer<ServiceMap>({ defaultScope: 'Singleton' });
  container.load(coreModule(options) as unknown as TypedContainerModule<ServiceMap>);
  for (const module of options.modules ?? []) container.load(module as unknown as TypedContainerModule<ServiceMap>);
  return container;
}
