import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DependencyGraph, graphStatus, type ToolDependencyGraph, ToolDependencyGraphSchema } from '@agent-studio/plugin-tool-dependencies';
import { loadAgentApp } from '../loadAgentApp.js';
import type { CommandOutput } from '../runCommand.js';

/**
 * Options of `agent-studio deps check`.
 * @category CLI
 */
export interface DepsCheckCommandOptions {
  /** Print the report as one JSON object instead of text. */
  readonly json: boolean;
  /**
   * A JSON file holding one agent's graph (the R-DEP-1 format), checked for the app's agent.
   * Without it, the agent file's `dependencyGraphs` export (graphs by agent name) is checked.
   */
  readonly graph?: string;
}

/**
 * What `agent-studio deps check` printed: standard output, standard error and the exit code
 * (0 valid, 1 invalid graph, 2 usage error).
 * @category CLI
 */
export interface DepsCheckOutput extends CommandOutput {
  /** Standard error: the `error CODE: message` line, or empty. */
  readonly stderr: string;
}

/**
 * The prerequisites of one tool, as reported.
 * @category CLI
 */
export interface ReportedPrerequisites {
  /** Tools that must all have succeeded first. */
  readonly allOf: readonly string[];
  /** Tools of which at least one must have succeeded first. */
  readonly anyOf: readonly string[];
}

/**
 * The check of one agent's graph.
 * @category CLI
 */
export interface AgentGraphReport {
  /** The agent name the graph is for. */
  readonly agent: string;
  /** Whether the graph is valid for the agent. */
  readonly valid: boolean;
  /** Every tool the graph names, sorted (empty when the schema check failed). */
  readonly tools: readonly string[];
  /** Prerequisites by tool: the tools that have some. */
  readonly prerequisites: Readonly<Record<string, ReportedPrerequisites>>;
  /** A topological order of the tools (prerequisites first), or null when the graph is invalid. */
  readonly order: readonly string[] | null;
  /** What is wrong: schema issues, a cycle, unknown tools or an unknown agent. */
  readonly problems: readonly string[];
}

/**
 * The result of `agent-studio deps check` (the `--json` document).
 * @category CLI
 */
export interface DepsCheckReport {
  /** Whether every graph is valid. */
  readonly valid: boolean;
  /** Where the graphs came from: a `--graph` file or the agent file's `dependencyGraphs` export. */
  readonly source: 'graph-file' | 'export';
  /** One report per graph, sorted by agent name. */
  readonly agents: readonly AgentGraphReport[];
}

/**
 * Checks one agent's graph: not a draft (only approved or plain graphs are loaded, R-DEP-12), schema,
 * the agent it was made for, cycles, tools unknown to the agent's capabilities.
 * @param agent - the agent name the graph is for
 * @param raw - the graph as written
 * @param capabilities - the agent's capability (tool) names, or undefined when the app has no such agent
 * @returns the report
 * @category CLI
 */
export function checkAgentGraph(agent: string, raw: unknown, capabilities: readonly string[] | undefined): AgentGraphReport {
  const problems: string[] = [];
  if (capabilities === undefined) problems.push(`the app has no agent "${agent}".`);
  const status = graphStatus(raw);
  if (status !== undefined && status !== 'approved') {
    const hint = status === 'draft' ? ' Approve it first: agent-studio deps approve FILE --by ADMIN (SPEC §15 row 10).' : '';
    return { agent, valid: false, tools: [], prerequisites: {}, order: null, problems: [...problems, `status "${status}": only approved or plain graphs are loaded.${hint}`] };
  }
  const parsed = ToolDependencyGraphSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { agent, valid: false, tools: [], prerequisites: {}, order: null, problems: [...problems, `not a valid graph (${issues}).`] };
  }
  if (parsed.data.agent !== undefined && parsed.data.agent !== agent) problems.push(`the graph was made for agent "${parsed.data.agent}".`);
  const graph = new DependencyGraph(parsed.data);
  const tools = graph.toolNames();
  const cycle = graph.findCycle();
  if (cycle) problems.push(`cycle: ${cycle.join(' -> ')}.`);
  if (capabilities !== undefined) {
    const unknown = graph.unknownTools(capabilities);
    if (unknown.length > 0) problems.push(`tools not among the agent's capabilities: ${unknown.join(', ')}.`);
  }
  const prerequisites = prerequisitesOf(parsed.data);
  const valid = problems.length === 0;
  return { agent, valid, tools, prerequisites, order: valid ? topologicalOrder(tools, prerequisites) : null, problems };
}

/** The non-empty prerequisite entries, sorted by tool. */
function prerequisitesOf(graph: ToolDependencyGraph): Record<string, { allOf: string[]; anyOf: string[] }> {
  const out: Record<string, { allOf: string[]; anyOf: string[] }> = {};
  for (const [tool, entry] of Object.entries(graph.dependencies).sort(([a], [b]) => a.localeCompare(b))) {
    const allOf = entry.allOf ?? [];
    const anyOf = entry.anyOf ?? [];
    if (allOf.length > 0 || anyOf.length > 0) out[tool] = { allOf, anyOf };
  }
  return out;
}

/** Kahn's algorithm over an acyclic graph (case-insensitive names), ties broken alphabetically. */
function topologicalOrder(tools: readonly string[], prerequisites: Record<string, { allOf: readonly string[]; anyOf: readonly string[] }>): string[] {
  const name = new Map(tools.map((t) => [t.toLowerCase(), t]));
  const pending = new Map<string, Set<string>>(tools.map((t) => [t.toLowerCase(), new Set<string>()]));
  for (const [tool, entry] of Object.entries(prerequisites)) {
    for (const dep of [...entry.allOf, ...entry.anyOf]) pending.get(tool.toLowerCase())?.add(dep.toLowerCase());
  }
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter(([, deps]) => deps.size === 0).map(([k]) => k);
    if (ready.length === 0) break; // unreachable for an acyclic graph
    ready.sort((a, b) => (name.get(a) ?? a).localeCompare(name.get(b) ?? b));
    const next = ready[0] as string;
    order.push(name.get(next) ?? next);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return order;
}

/**
 * The readable report: per agent its tools, prerequisites, topological order or problems.
 * @param file - the agent file
 * @param report - the check result
 * @returns the text, ending with a newline
 * @category CLI
 */
export function formatDepsCheck(file: string, report: DepsCheckReport): string {
  const lines = [`Tool dependency graphs of ${file} (${report.source === 'graph-file' ? '--graph file' : 'dependencyGraphs export'}): ${report.valid ? 'valid' : 'INVALID'}`];
  for (const a of report.agents) {
    lines.push('', `agent ${a.agent}: ${a.valid ? 'valid' : 'invalid'}`);
    lines.push(`  tools: ${a.tools.join(', ') || '(none)'}`);
    const prereqs = Object.entries(a.prerequisites);
    lines.push(`  prerequisites:${prereqs.length === 0 ? ' (none)' : ''}`);
    for (const [tool, p] of prereqs) {
      const parts = [...(p.allOf.length > 0 ? [`all of ${p.allOf.join(', ')}`] : []), ...(p.anyOf.length > 0 ? [`any of ${p.anyOf.join(', ')}`] : [])];
      lines.push(`    ${tool} <- ${parts.join('; ')}`);
    }
    if (a.order) lines.push(`  order: ${a.order.join(' -> ') || '(none)'}`);
    for (const p of a.problems) lines.push(`  problem: ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

const usage = (message: string): DepsCheckOutput => ({ stdout: '', stderr: `error USAGE: ${message}\n`, exitCode: 2 });

/**
 * Runs `agent-studio deps check <agent-file> [--graph FILE.json] [--json]`: loads the app and checks
 * its tool dependency graph(s) — from `--graph` (one agent's R-DEP-1 JSON, for the app's agent) or
 * else from the agent file's `dependencyGraphs` export (`{ [agentName]: graph }`, the shape of
 * `toolDependenciesModule({ agents })`) — for schema, cycles and tools unknown to the agent's
 * capabilities.
 * @param file - the compiled agent file
 * @param options - output format and graph file
 * @returns the output: exit code 0 valid; 1 invalid, with an `error DEPENDENCY_GRAPH_INVALID: …` line; 2 no graph or unreadable `--graph` file
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for a missing agent file or one without an app
 * @example
 * ```ts
 * const out = await depsCheckCommand('dist/agent.js', { json: true, graph: 'deps.json' });
 * JSON.parse(out.stdout).valid;
 * ```
 * @category CLI
 */
export async function depsCheckCommand(file: string, options: DepsCheckCommandOptions): Promise<DepsCheckOutput> {
  const app = await loadAgentApp(file);
  let graphs: Record<string, unknown>;
  let source: DepsCheckReport['source'];
  if (options.graph !== undefined) {
    const text = await readFile(options.graph, 'utf8').catch(() => undefined);
    if (text === undefined) return usage(`graph file ${options.graph} does not exist or cannot be read.`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const report: DepsCheckReport = {
        valid: false,
        source: 'graph-file',
        agents: [{ agent: app.agent.name, valid: false, tools: [], prerequisites: {}, order: null, problems: [`${options.graph} is not JSON (${(error as Error).message}).`] }],
      };
      return finish(file, report, options.json);
    }
    graphs = { [app.agent.name]: raw };
    source = 'graph-file';
  } else {
    const mod = (await import(pathToFileURL(resolve(file)).href)) as { dependencyGraphs?: unknown };
    const exported = mod.dependencyGraphs;
    if (exported === undefined) {
      return usage(`agent file ${file} has no dependency graph: pass --graph FILE.json or export dependencyGraphs ({ [agentName]: graph }) from it.`);
    }
    if (exported === null || typeof exported !== 'object' || Array.isArray(exported)) {
      return usage(`the dependencyGraphs export of ${file} must be an object of graphs by agent name.`);
    }
    graphs = exported as Record<string, unknown>;
    source = 'export';
  }
  const capabilities = app.agent.capabilities.map((c) => c.action);
  const agents = Object.keys(graphs)
    .sort()
    .map((agent) => checkAgentGraph(agent, graphs[agent], agent === app.agent.name ? capabilities : undefined));
  return finish(file, { valid: agents.every((a) => a.valid), source, agents }, options.json);
}

function finish(file: string, report: DepsCheckReport, json: boolean): DepsCheckOutput {
  const stdout = json ? `${JSON.stringify(report, null, 2)}\n` : formatDepsCheck(file, report);
  if (report.valid) return { stdout, stderr: '', exitCode: 0 };
  const why = report.agents
    .filter((a) => !a.valid)
    .map((a) => `agent "${a.agent}": ${a.problems.join(' ')}`)
    .join('; ');
  return { stdout, stderr: `error DEPENDENCY_GRAPH_INVALID: ${why}\n`, exitCode: 1 };
}
