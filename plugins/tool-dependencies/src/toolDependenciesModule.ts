import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { DependencyGraph } from './DependencyGraph.js';
import { graphStatus } from './validateDependencyGraph.js';
import { type ToolDependencyOptions, type ToolDependencyOptionsInput, ToolDependencyOptionsSchema } from './ToolDependencyOptions.js';
import { ToolDependencyPlugin } from './ToolDependencyPlugin.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The tool dependency plugin's options. */
    'toolDependencies.Options': ToolDependencyOptions;
  }
}

/**
 * Parses and checks the options: no graph is a draft or has any status other than `approved`
 * (R-DEP-12, fail closed), the shape, that a graph naming its `agent` is given for that agent,
 * cycles (R-DEP-11), and, where a graph lists its `tools`, that it names no other tool.
 * @param options - the options as written
 * @returns the parsed options
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when they are invalid
 * @category Plugins
 */
export function parseToolDependencyOptions(options: ToolDependencyOptionsInput): ToolDependencyOptions {
  refuseUnapproved(options);
  const parsed = ToolDependencyOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `toolDependenciesModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  for (const [agent, raw] of Object.entries(parsed.data.agents)) {
    const graph = new DependencyGraph(raw);
    const cycle = graph.findCycle();
    if (cycle) {
      throw new ConfigurationError('CONFIG_INVALID', `toolDependenciesModule: the dependency graph of agent "${agent}" has a cycle: ${cycle.join(' → ')}.`, {
        details: { agent, cycle },
      });
    }
    if (raw.agent !== undefined && raw.agent !== agent) {
      throw new ConfigurationError('CONFIG_INVALID', `toolDependenciesModule: the dependency graph given for agent "${agent}" was made for agent "${raw.agent}".`, {
        details: { agent, graphAgent: raw.agent },
      });
    }
    if (raw.tools) {
      const unknown = graph.unknownTools(raw.tools);
      if (unknown.length > 0) {
        throw new ConfigurationError('CONFIG_INVALID', `toolDependenciesModule: the dependency graph of agent "${agent}" names unknown tools: ${unknown.join(', ')}.`, {
          details: { agent, unknown },
        });
      }
    }
  }
  return parsed.data;
}

/**
 * Fails closed on a graph document that is not approved (SPEC §15 row 10, R-DEP-12): a `draft`
 * written by `agent-studio deps suggest`, or any status other than `approved`. Plain graphs without
 * a status are hand-written and load as before. Checked before the schema so the message says why.
 */
function refuseUnapproved(options: unknown): void {
  const agents = typeof options === 'object' && options !== null ? (options as { agents?: unknown }).agents : undefined;
  if (typeof agents !== 'object' || agents === null) return;
  for (const [agent, raw] of Object.entries(agents)) {
    const status = graphStatus(raw);
    if (status === undefined || status === 'approved') continue;
    throw new ConfigurationError(
      'CONFIG_INVALID',
      `toolDependenciesModule: the dependency graph of agent "${agent}" has status "${status}" and is not loaded: only approved graphs are.${status === 'draft' ? ' A generated graph must be reviewed and approved by an administrator first (agent-studio deps approve).' : ''}`,
      { details: { agent, status } },
    );
  }
}

/**
 * Loads the tool dependency plugin (SPEC §7). Graphs are validated now (shape, cycles, the optional
 * `tools` list) and again at startup against each agent's capabilities.
 * @param options - see {@link ToolDependencyOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * toolDependenciesModule({
 *   agents: { 'crm-agent': { dependencies: { update_record: { allOf: ['get_record_details'] } } } },
 *   maxDependencyViolations: 5,
 * })
 * ```
 * @category Plugins
 */
export function toolDependenciesModule(options: ToolDependencyOptionsInput): ContainerModule {
  const data = parseToolDependencyOptions(options);
  return new ContainerModule(({ bind }) => {
    bind('toolDependencies.Options').toConstantValue(data);
    bind('core.Plugin').to(ToolDependencyPlugin).inSingletonScope();
  });
}
