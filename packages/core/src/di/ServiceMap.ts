import type { AccessContextIssuer } from '../access/AccessContextIssuer.js';
import type { CostLedger } from '../stores/CostLedger.js';
import type { PendingActionStore } from '../stores/PendingActionStore.js';
import type { RunStateStore } from '../stores/RunStateStore.js';
import type { TraceStore } from '../stores/TraceStore.js';
import type { AccessContextVerifier } from '../access/AccessContextVerifier.js';
import type { ActionDefinition } from '../actions/ActionConfig.js';
import type { ActionContextProvider } from '../actions/ActionContextProvider.js';
import type { ActionRegistry } from '../actions/ActionRegistry.js';
import type { RuntimeEvents } from '../events/RuntimeEvents.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';
import type { AgentRuntime } from '../runtime/AgentRuntime.js';
import type { Logger } from '../runtime/Logger.js';
import type { ModelClient } from '../runtime/ModelClient.js';
import type { RuntimeOptions } from '../runtime/RuntimeOptions.js';

/**
 * The DI ids of the core, with their types. Each plugin package adds its own ids by declaration
 * merging, namespaced `'<package>.<Service>'`.
 *
 * @example
 * ```ts
 * declare module '@agent-studio/core' {
 *   interface ServiceMap { 'pii.Masker': Masker }
 * }
 * ```
 * @category DI
 */
export interface ServiceMap {
  /** Every enforcement plugin (a multi-binding). */
  'core.Plugin': AgentPlugin;
  /** The model. */
  'core.ModelClient': ModelClient;
  /** Milliseconds since the epoch. */
  'core.Clock': () => number;
  /** The runtime's events. */
  'core.Events': RuntimeEvents;
  /** The action registry. */
  'core.ActionRegistry': ActionRegistry;
  /** Action definitions to register at startup (a multi-binding). */
  'core.Action': ActionDefinition;
  /** Objects with `@Action` methods to register at startup (a multi-binding). */
  'core.ActionProvider': object;
  /** Agent definitions (a multi-binding). */
  'core.Agent': AgentDefinition;
  /** Verifies AccessContext tokens. */
  'core.AccessVerifier': AccessContextVerifier;
  /** Runtime options (the run-state key). */
  'core.RuntimeOptions': RuntimeOptions;
  /** Where suspended run states are kept; bound only when `createContainer` gets `runStates`. */
  'core.RunStateStore': RunStateStore;
  /** Where pending actions are kept; bound only when `createContainer` gets `pendingActions`. */
  'core.PendingActionStore': PendingActionStore;
  /** Where traces are kept; bound only when `createContainer` gets `traces`. */
  'core.TraceStore': TraceStore;
  /** Where model-call costs are kept; bound only when `createContainer` gets `costLedger`. */
  'core.CostLedger': CostLedger;
  /** The access layer's token issuer; bound only when `createContainer` gets `issuer`. */
  'core.AccessIssuer': AccessContextIssuer;
  /** The logger. */
  'core.Logger': Logger;
  /** The runtime. */
  'core.Runtime': AgentRuntime;
  /** Adds fields such as `data` to every action's context (a multi-binding). */
  'core.ActionContextProvider': ActionContextProvider;
}
