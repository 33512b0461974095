import semver from 'semver';
import { ConfigurationError } from '../errors/AgentStudioError.js';
import type { AgentPlugin } from './AgentPlugin.js';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Checks a set of plugins before the first run (the fastify model) and returns them in run
 * order: highest priority first, equal priorities in registration order.
 *
 * @param plugins - the plugins, in registration order
 * @param coreVersion - the version of `@agent-studio/core` in use
 * @returns the plugins, sorted
 * @throws {@link ConfigurationError} `PLUGIN_MANIFEST_INVALID`, `PLUGIN_DUPLICATE`,
 *   `PLUGIN_DEPENDENCY_MISSING`, `PLUGIN_ORDER_CONFLICT` or `CORE_VERSION_MISMATCH`
 * @category Plugins
 */
export function validatePlugins(plugins: readonly AgentPlugin[], coreVersion: string): AgentPlugin[] {
  const byName = new Map<string, AgentPlugin>();
  for (const plugin of plugins) {
    const m = plugin?.manifest;
    if (!m || typeof m.name !== 'string' || !NAME.test(m.name)) {
      throw new ConfigurationError('PLUGIN_MANIFEST_INVALID', `A plugin has no valid manifest name (got ${JSON.stringify(m?.name)}). Use kebab-case, such as "sharing-rules".`);
    }
    if (!Number.isFinite(m.priority)) {
      throw new ConfigurationError('PLUGIN_MANIFEST_INVALID', `Plugin "${m.name}" has no numeric priority. Use a PluginPriority value.`);
    }
    if (m.failureMode !== 'closed' && m.failureMode !== 'open') {
      throw new ConfigurationError('PLUGIN_MANIFEST_INVALID', `Plugin "${m.name}" has failureMode ${JSON.stringify(m.failureMode)}; use 'closed' or 'open'.`);
    }
    if (typeof m.version !== 'string' || semver.valid(m.version) === null) {
      throw new ConfigurationError('PLUGIN_MANIFEST_INVALID', `Plugin "${m.name}" has version ${JSON.stringify(m.version)}, which is not semver.`);
    }
    if (typeof m.coreRange !== 'string' || semver.validRange(m.coreRange) === null) {
      throw new ConfigurationError('PLUGIN_MANIFEST_INVALID', `Plugin "${m.name}" has coreRange ${JSON.stringify(m.coreRange)}, which is not a semver range.`);
    }
    const other = byName.get(m.name);
    if (other) {
      throw new ConfigurationError('PLUGIN_DUPLICATE', `Plugin "${m.name}" is loaded twice (versions ${other.manifest.version} and ${m.version}). Load its module once.`, {
        details: { plugin: m.name },
      });
    }
    if (!semver.satisfies(coreVersion, m.coreRange, { includePrerelease: true })) {
      throw new ConfigurationError(
        'CORE_VERSION_MISMATCH',
        `Plugin "${m.name}" needs @agent-studio/core ${m.coreRange}, but ${coreVersion} is loaded. Upgrade the plugin or the core.`,
        { details: { plugin: m.name, coreRange: m.coreRange, coreVersion } },
      );
    }
    byName.set(m.name, plugin);
  }
  for (const plugin of plugins) {
    for (const dep of plugin.manifest.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) {
        throw new ConfigurationError(
          'PLUGIN_DEPENDENCY_MISSING',
          `Plugin "${plugin.manifest.name}" depends on "${dep}", which is not loaded. Load "${dep}" as well.`,
          { details: { plugin: plugin.manifest.name, dependency: dep } },
        );
      }
      if (target.manifest.priority <= plugin.manifest.priority) {
        throw new ConfigurationError(
          'PLUGIN_ORDER_CONFLICT',
          `Plugin "${plugin.manifest.name}" (priority ${plugin.manifest.priority}) depends on "${dep}" (priority ${target.manifest.priority}), which must run first and so needs a higher priority.`,
          { details: { plugin: plugin.manifest.name, dependency: dep } },
        );
      }
    }
  }
  return plugins
    .map((plugin, index) => ({ plugin, index }))
    .sort((a, b) => b.plugin.manifest.priority - a.plugin.manifest.priority || a.index - b.index)
    .map((e) => e.plugin);
}
