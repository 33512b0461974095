import { readFile } from 'node:fs/promises';
import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { DependencyGraphDraftSchema, graphStatus, type ToolDependencyGraph, validateDependencyGraph } from '@agent-studio/plugin-tool-dependencies';
import { loadAgentApp } from '../loadAgentApp.js';
import type { DepsCheckOutput } from './depsCheckCommand.js';
import { writeJsonFile } from './writeJsonFile.js';

/**
 * Options of `agent-studio deps approve`.
 * @category CLI
 */
export interface DepsApproveCommandOptions {
  /** The approving administrator (recorded as `approvedBy`). */
  readonly by: string;
  /** Where to write the approved graph (default: the draft's path without `.draft`, e.g. `records.deps.json`). */
  readonly out?: string;
  /** An agent file whose agent's capabilities the graph is checked against too. */
  readonly app?: string;
  /** Print one JSON object instead of text. */
  readonly json: boolean;
  /** The clock, for `approvedAt` (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The result of `agent-studio deps approve` (the `--json` document).
 * @category CLI
 */
export interface DepsApproveReport {
  /** The file the approved graph was written to. */
  readonly written: string;
  /** The approved graph, as written: what `deps check --graph` and `toolDependenciesModule` load. */
  readonly graph: ToolDependencyGraph;
}

/**
 * Runs `agent-studio deps approve <draft-file> --by <admin> [--out FILE] [--app AGENT-FILE] [--json]`
 * (R-DEP-12, SPEC §15 row 10): reads a draft written by `deps suggest` (perhaps edited by the
 * reviewer), validates it again (shape, cycles, the agent's tools when `--app` is given) and writes
 * the approved graph — the R-DEP-1 graph plus `status: 'approved'`, `agent`, `generatedAt`,
 * `generatedBy`, `approvedBy` and `approvedAt` — which `deps check --graph` and the plugin load.
 * @param file - the draft file
 * @param options - the approver, output file, agent file and format
 * @returns the output, exit code 0
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an unreadable
 *   file, a document that is not a draft or a blank `--by`; `DEPENDENCY_GRAPH_INVALID` when the
 *   draft's graph is invalid (nothing is written then)
 * @example
 * ```ts
 * await depsApproveCommand('dist/records.deps.draft.json', { by: 'ada@example.com', json: false });
 * ```
 * @category CLI
 */
export async function depsApproveCommand(file: string, options: DepsApproveCommandOptions): Promise<DepsCheckOutput> {
  const by = options.by.trim();
  if (by === '' || by.length > 200 || /\p{Cc}/u.test(by)) {
    throw new ConfigurationError('CONFIG_INVALID', '--by must name the approving administrator (1 to 200 characters, no control characters).');
  }
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) throw new ConfigurationError('CONFIG_INVALID', `Draft file ${file} does not exist or cannot be read.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError('CONFIG_INVALID', `Draft file ${file} is not JSON (${(error as Error).message}).`);
  }
  const status = graphStatus(raw);
  if (status !== 'draft') {
    throw new ConfigurationError('CONFIG_INVALID', `${file} is not a draft (status ${status === undefined ? 'absent' : `"${status}"`}); only drafts written by agent-studio deps suggest are approved.`);
  }
  const parsed = DependencyGraphDraftSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; ');
    throw new ConfigurationError('DEPENDENCY_GRAPH_INVALID', `Draft file ${file} is not a valid draft (${issues}). Nothing was written.`, { details: { reason: 'schema' } });
  }
  const draft = parsed.data;
  let tools: string[] | undefined;
  if (options.app !== undefined) {
    const app = await loadAgentApp(options.app);
    if (app.agent.name !== draft.agent) {
      throw new ConfigurationError('CONFIG_INVALID', `The draft is for agent "${draft.agent}", but ${options.app} holds agent "${app.agent.name}".`);
    }
    tools = app.agent.capabilities.map((c) => c.action);
  }
  const graph = validateDependencyGraph(draft.graph, { agent: draft.agent, source: `The graph in ${file}`, ...(tools ? { tools } : {}) });
  const approved: ToolDependencyGraph = {
    version: '1.0',
    status: 'approved',
    agent: draft.agent,
    generatedAt: draft.generatedAt,
    generatedBy: draft.generatedBy,
    approvedBy: by,
    approvedAt: new Date((options.now ?? Date.now)()).toISOString(),
    ...(graph.tools ? { tools: graph.tools } : {}),
    dependencies: graph.dependencies,
  };
  // the document written must be one the plugin loads
  validateDependencyGraph(approved, { agent: draft.agent, ...(tools ? { tools } : {}) });
  const out = options.out ?? (/\.draft\.json$/i.test(file) ? file.replace(/\.draft\.json$/i, '.json') : file.replace(/(\.json)?$/i, '.approved.json'));
  await writeJsonFile(out, approved);
  if (options.json) {
    const report: DepsApproveReport = { written: out, graph: approved };
    return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '', exitCode: 0 };
  }
  const scripted = draft.generatedBy.client === 'scripted' || draft.generatedBy.model.startsWith('scripted:');
  const lines = [
    `Approved tool dependency graph for agent ${draft.agent} written to ${out}`,
    `  approved by ${by} at ${approved.approvedAt}; proposed by ${draft.generatedBy.model}${scripted ? ' (a scripted model, not an LLM)' : ''} at ${draft.generatedAt}`,
    `  check it: agent-studio deps check <agent-file> --graph ${out}`,
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
