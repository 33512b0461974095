import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ContainerModule } from 'inversify';
import { AccessContextVerifier } from '../access/AccessContextVerifier.js';
import { ConfigurationError } from '../errors/AgentStudioError.js';
import { createContainer } from '../di/createContainer.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import { ScriptedModel } from './ScriptedModel.js';

/**
 * Builds a plugin the way an app gets it, from its ContainerModule (with any modules it needs, such
 * as the data module), in a throw-away container. Made for {@link describePluginContract}'s
 * factory, which must be synchronous.
 * @param name - the plugin's manifest name (a module may bind more than one plugin)
 * @param modules - the plugin's module first, then the modules it depends on
 * @returns the plugin
 * @throws `ConfigurationError` `CONFIG_INVALID` when the modules bind no plugin of that name
 * @example
 * ```ts
 * describePluginContract(() => pluginFromModule('rationale', rationaleModule({ enabled: true })));
 * ```
 * @category Testing
 */
export function pluginFromModule(name: string, ...modules: ContainerModule[]): AgentPlugin {
  const { publicKey } = generateKeyPairSync('ed25519');
  const container = createContainer({
    model: new ScriptedModel([]),
    verifier: new AccessContextVerifier({ key: publicKey, issuer: 'contract', audience: 'contract' }),
    stateKey: randomBytes(32),
    modules,
  });
  const plugin = container.getAll('core.Plugin').find((p) => p.manifest.name === name);
  if (!plugin) throw new ConfigurationError('CONFIG_INVALID', `The modules bind no plugin named "${name}".`);
  return plugin;
}
