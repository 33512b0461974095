import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { DependencyGraph } from './DependencyGraph.js';
import { type ToolDependencyGraph, ToolDependencyGraphSchema } from './ToolDependencyOptions.js';

/**
 * What {@link validateDependencyGraph} checks a graph against.
 * @category Plugins
 */
export interface DependencyGraphExpectation {
  /** The agent the graph is for; a graph that names another `agent` is refused. */
  readonly agent: string;
  /** The agent's tool (capability) names; when given, the graph may name no other tool. */
  readonly tools?: Iterable<string>;
  /** Where the graph came from, for messages (a file name, `the model's reply`…). */
  readonly source?: string;
}

/**
 * Why a graph was refused, in `details.reason` of the error.
 * @category Plugins
 */
export type DependencyGraphProblem = 'not-approved' | 'schema' | 'agent-mismatch' | 'cycle' | 'unknown-tools';

/**
 * Checks that a document is a graph that may be loaded (R-DEP-1, R-DEP-11, R-DEP-12): not a draft
 * or any status other than `approved` (a plain graph without status is fine), the R-DEP-1 shape,
 * for this agent, acyclic, and naming only the given tools and those of its own `tools` list.
 * @param raw - the document, as parsed from JSON
 * @param expect - the agent and its tools
 * @returns the parsed graph
 * @throws {@link @agent-studio/core!index.ConfigurationError} `DEPENDENCY_GRAPH_INVALID`, with
 *   `details.reason` a {@link DependencyGraphProblem}, when the graph may not be loaded
 * @example
 * ```ts
 * const graph = validateDependencyGraph(JSON.parse(text), { agent: 'records', tools: ['get_record', 'update_record'] });
 * ```
 * @category Plugins
 */
export function validateDependencyGraph(raw: unknown, expect: DependencyGraphExpectation): ToolDependencyGraph {
  const { agent } = expect;
  const source = expect.source ?? `the dependency graph of agent "${agent}"`;
  const fail = (reason: DependencyGraphProblem, message: string, details: Record<string, unknown> = {}): never => {
    throw new ConfigurationError('DEPENDENCY_GRAPH_INVALID', message, { details: { agent, reason, ...details } });
  };
  const status = graphStatus(raw);
  if (status !== undefined && status !== 'approved') {
    fail(
      'not-approved',
      `${source} has status "${status}": only approved graphs are loaded. ${status === 'draft' ? 'An administrator must review and approve it (agent-studio deps approve) first (SPEC §15 row 10).' : ''}`.trim(),
      { status },
    );
  }
  const parsed = ToolDependencyGraphSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; ');
    return fail('schema', `${source} is not a valid dependency graph (${issues}).`);
  }
  const graph = parsed.data;
  if (graph.agent !== undefined && graph.agent !== agent) {
    fail('agent-mismatch', `${source} was made for agent "${graph.agent}", not "${agent}".`, { graphAgent: graph.agent });
  }
  const model = new DependencyGraph(graph);
  const cycle = model.findCycle();
  if (cycle) fail('cycle', `${source} has a cycle: ${cycle.join(' → ')}.`, { cycle });
  for (const known of [expect.tools, graph.tools]) {
    if (known === undefined) continue;
    const unknown = model.unknownTools(known);
    if (unknown.length > 0) fail('unknown-tools', `${source} names tools the agent does not have: ${unknown.join(', ')}.`, { unknown });
  }
  return graph;
}

/**
 * The `status` a document declares, as written.
 * @param raw - the document
 * @returns its `status` as a string (`"draft"`, `"approved"`…), or undefined when it has none
 * @category Plugins
 */
export function graphStatus(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.hasOwn(raw, 'status')) return undefined;
  const status = (raw as { status?: unknown }).status;
  return typeof status === 'string' ? status : JSON.stringify(status);
}
