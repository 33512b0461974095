import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TraceStep } from '@agent-studio/core';
import { buildStoryboard, renderStoryboardHtml, renderStoryboardText, type Storyboard, storyboardToJson } from '@agent-studio/plugin-audit';
import { table } from '../approvals/approvalsCommands.js';
import { safeText } from '../formatTimeline.js';
import type { CommandOutput } from '../runCommand.js';
import { openWorkspace, type Workspace } from '../workspace/Workspace.js';

/**
 * What a `trace` command printed: standard output, standard error and the exit code (0 done,
 * 1 no such run, 2 usage error).
 * @category CLI
 */
export interface TraceCommandOutput extends CommandOutput {
  /** Standard error: the `error CODE: message` line, or empty. */
  readonly stderr: string;
}

/**
 * Options of `agent-studio trace list`.
 * @category CLI
 */
export interface TraceListOptions {
  /** The tenant. */
  readonly tenant: string;
  /** The most runs listed. */
  readonly limit: number;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Options of `agent-studio trace show`.
 * @category CLI
 */
export interface TraceShowOptions {
  /** Print the storyboard's machine form instead of the text. */
  readonly json: boolean;
  /** Colour the text. */
  readonly color: boolean;
  /** The line width (default 100). */
  readonly width?: number;
}

/**
 * Options of `agent-studio trace export`: exactly one of `html` and `json`.
 * @category CLI
 */
export interface TraceExportOptions {
  /** Write the storyboard as one self-contained HTML page to this file. */
  readonly html?: string;
  /** Write the storyboard's machine form to this file. */
  readonly json?: string;
}

/**
 * A run of `trace list --json`.
 * @category CLI
 */
export interface TraceListEntry {
  /** The run. */
  readonly runId: string;
  /** Its tenant. */
  readonly tenantId: string;
  /** The agent, when the run has an audit trail. */
  readonly agent: string | null;
  /** How it stands (`completed`, `suspended`…), or `no audit trail`. */
  readonly status: string;
  /** Its running time, when it has an audit trail. */
  readonly durationMs: number | null;
  /** How many steps its trace holds (all kinds). */
  readonly steps: number;
  /** When its first step was stored (epoch ms). */
  readonly firstAt: number;
  /** When its last step was stored (epoch ms). */
  readonly lastAt: number;
}

/**
 * Lists a tenant's most recent runs from the workspace's trace store, with the agent and the
 * status their audit trail records (`agent-studio trace list`).
 * @param options - tenant, limit and format
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`)
 * @returns the output
 * @category CLI
 */
export async function traceListCommand(options: TraceListOptions, env: NodeJS.ProcessEnv = process.env): Promise<TraceCommandOutput> {
  const workspace = await openWorkspace(env);
  try {
    const runs = await workspace.stores.traces.listRuns({ tenantId: options.tenant, limit: options.limit });
    const entries: TraceListEntry[] = [];
    for (const run of runs) {
      const story = tryStoryboard(await workspace.stores.traces.list(run.runId));
      entries.push({
        runId: run.runId,
        tenantId: run.tenantId,
        agent: story?.run.agent ?? null,
        status: story?.run.status ?? 'no audit trail',
        durationMs: story?.run.durationMs ?? null,
        steps: run.steps,
        firstAt: run.firstAt,
        lastAt: run.lastAt,
      });
    }
    if (options.json) return done(`${JSON.stringify(entries, null, 2)}\n`);
    if (entries.length === 0) return done(`no runs in tenant ${options.tenant} (${workspace.where})\n`);
    const rows = entries.map((e) => [e.runId, e.agent ?? '-', e.status, new Date(e.firstAt).toISOString(), e.durationMs === null ? '-' : `${e.durationMs} ms`, String(e.steps)]);
    return done(`${table(['run', 'agent', 'status', 'started', 'duration', 'steps'], rows)}show one with: agent-studio trace show <run>\n`);
  } finally {
    await workspace.close();
  }
}

/**
 * Prints a run's storyboard: who asked, who the run acted as, then each turn's steps with their
 * timings, tool arguments and results, the model's rationale and every plugin decision
 * (`agent-studio trace show`).
 * @param runId - the run
 * @param options - format and colour
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`)
 * @returns the output; exit code 1 when the store has no trace for the run
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the run's trace has no audit trail
 * @category CLI
 */
export async function traceShowCommand(runId: string, options: TraceShowOptions, env: NodeJS.ProcessEnv = process.env): Promise<TraceCommandOutput> {
  return withTrace(runId, env, (story) => {
    if (options.json) return done(`${JSON.stringify(storyboardToJson(story), null, 2)}\n`);
    return done(renderStoryboardText(story, { color: options.color, ...(options.width === undefined ? {} : { width: options.width }) }));
  });
}

/**
 * Writes a run's storyboard to a file: one self-contained HTML page (`--html`) or its machine
 * form (`--json`), creating the parent directory (`agent-studio trace export`).
 * @param runId - the run
 * @param options - exactly one of `html` and `json`
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`)
 * @param cwd - relative file names are resolved from here
 * @returns the output: one line saying where it wrote; exit code 1 when the store has no trace
 *   for the run, 2 for a usage error (no format or both, or the file is a directory)
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the run's trace has no audit trail
 * @category CLI
 */
export async function traceExportCommand(runId: string, options: TraceExportOptions, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<TraceCommandOutput> {
  if ((options.html === undefined) === (options.json === undefined)) return usage('give exactly one of --html <file> and --json <file>.');
  const target = resolve(cwd, (options.html ?? options.json) as string);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) return usage(`${target} is a directory; give a file name, such as ${resolve(target, options.html === undefined ? 'run.json' : 'run.html')}.`);
  return withTrace(runId, env, async (story) => {
    const text = options.html === undefined ? `${JSON.stringify(storyboardToJson(story), null, 2)}\n` : renderStoryboardHtml(story);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    const skipped = story.skipped > 0 ? ` (${story.skipped} invalid step${story.skipped === 1 ? '' : 's'} left out)` : '';
    return done(`wrote ${options.html === undefined ? 'JSON' : 'HTML'} storyboard of run ${runId} (${story.steps} steps)${skipped} to ${target}\n`);
  });
}

async function withTrace(runId: string, env: NodeJS.ProcessEnv, render: (story: Storyboard) => TraceCommandOutput | Promise<TraceCommandOutput>): Promise<TraceCommandOutput> {
  if (runId.trim() === '') return usage('give a run id (see agent-studio trace list).');
  const workspace: Workspace = await openWorkspace(env);
  let steps: TraceStep[];
  try {
    steps = await workspace.stores.traces.list(runId);
  } finally {
    await workspace.close();
  }
  if (steps.length === 0) {
    return { stdout: '', stderr: `error STORE_NOT_FOUND: No trace for run ${safeText(runId)} in ${workspace.where}. List the recorded runs with: agent-studio trace list\n`, exitCode: 1 };
  }
  return render(buildStoryboard(steps));
}

function tryStoryboard(steps: readonly TraceStep[]): Storyboard | undefined {
  try {
    return buildStoryboard(steps);
  } catch {
    return undefined;
  }
}

function done(stdout: string): TraceCommandOutput {
  return { stdout, stderr: '', exitCode: 0 };
}

function usage(message: string): TraceCommandOutput {
  return { stdout: '', stderr: `error USAGE: ${message}\n`, exitCode: 2 };
}
