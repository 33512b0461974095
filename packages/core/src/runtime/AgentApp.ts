import type { ContainerModule } from 'inversify';
import type { ActionDefinition } from '../actions/ActionConfig.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import type { ScriptStep } from '../testing/ScriptedModel.js';
import type { AgentDefinition } from './AgentDefinition.js';

/**
 * Everything needed to run one agent: the agent, its actions, its plugins, and optionally a script
 * for the scripted model. An agent file for `agent-studio run` default-exports one.
 * @category Runtime
 */
export interface AgentApp {
  /** The agent. */
  readonly agent: AgentDefinition;
  /** Actions declared with `defineAction`. */
  readonly actions?: readonly ActionDefinition[];
  /** Objects whose `@Action` methods are actions. */
  readonly actionProviders?: readonly object[];
  /** Plugin instances. */
  readonly plugins?: readonly AgentPlugin[];
  /** Container modules (plugin modules and your own services). */
  readonly modules?: readonly ContainerModule[];
  /** The script the scripted model follows (`--model scripted`). */
  readonly script?: readonly ScriptStep[];
  /** A sample user message, used when none is given. */
  readonly sampleMessage?: string;
}

/**
 * Declares an agent app (typed identity function), for agent files.
 * @param app - the agent, actions, plugins and script
 * @returns the same app
 * @example
 * ```ts
 * export default defineAgentApp({ agent, actionProviders: [new OrderActions(store)], script });
 * ```
 * @category Runtime
 */
export function defineAgentApp(app: AgentApp): AgentApp {
  return app;
}
