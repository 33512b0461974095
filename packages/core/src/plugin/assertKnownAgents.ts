import { ConfigurationError } from '../errors/AgentStudioError.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';

/**
 * Refuses per-agent plugin settings for an agent that is not registered: a typo in an agent name
 * must fail at startup, not leave that agent silently without its settings.
 * @param moduleName - the module the settings were given to, for the message (e.g. `promptSafetyModule`)
 * @param configured - the agent names the settings are keyed by
 * @param agents - the registered agents
 * @throws {@link ConfigurationError} `CONFIG_INVALID` naming the first unknown agent and the registered ones
 * @example
 * ```ts
 * setup() { assertKnownAgents('myModule', Object.keys(this.options.agents), this.agents); }
 * ```
 * @category Plugins
 */
export function assertKnownAgents(moduleName: string, configured: Iterable<string>, agents: readonly Pick<AgentDefinition, 'name'>[]): void {
  const names = new Set(agents.map((a) => a.name));
  for (const name of configured) {
    if (names.has(name)) continue;
    throw new ConfigurationError(
      'CONFIG_INVALID',
      `${moduleName}: agents.${name} names no registered agent (registered: ${[...names].join(', ') || 'none'}). Fix the name, or its settings would never apply.`,
      { details: { agent: name } },
    );
  }
}
