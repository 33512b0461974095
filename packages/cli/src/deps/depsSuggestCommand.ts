import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError, type ModelClient, type ScriptStep } from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { OpenAIModelClient } from '@agent-studio/openai';
import { type DependencyGraphDraft, graphStatus } from '@agent-studio/plugin-tool-dependencies';
import { loadAgentApp } from '../loadAgentApp.js';
import { buildDependencyPrompt } from './buildDependencyPrompt.js';
import type { DepsCheckOutput } from './depsCheckCommand.js';
import { describeAgentTools } from './describeAgentTools.js';
import { parseSuggestedGraph } from './parseSuggestedGraph.js';
import { writeJsonFile } from './writeJsonFile.js';

/**
 * Options of `agent-studio deps suggest`.
 * @category CLI
 */
export interface DepsSuggestCommandOptions {
  /** The agent the graph is for; it must be the app's agent (default: the app's agent). */
  readonly agent?: string;
  /** Where to write the draft (default `<agent-file-dir>/<agent>.deps.draft.json`). */
  readonly out?: string;
  /** Print one JSON object instead of text. */
  readonly json: boolean;
  /**
   * The model to ask, overriding the choice from the environment (for embedding and tests).
   * Without it: the OpenAI-compatible client when `OPENAI_BASE_URL` is set, else a scripted model
   * following the agent file's `dependencySuggestionScript` export.
   */
  readonly model?: ModelClient;
  /** The clock, for `generatedAt` (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The result of `agent-studio deps suggest` (the `--json` document).
 * @category CLI
 */
export interface DepsSuggestReport {
  /** The file the draft was written to. */
  readonly written: string;
  /** Whether a scripted model answered (no LLM was called). */
  readonly scripted: boolean;
  /** The draft, as written. */
  readonly draft: DependencyGraphDraft;
}

/** The export of an agent file that scripts the model's answer to `deps suggest`. */
const SCRIPT_EXPORT = 'dependencySuggestionScript';

/**
 * Runs `agent-studio deps suggest <agent-file> [--agent NAME] [--out FILE] [--json]` (R-DEP-12):
 * asks a model to propose the agent's tool dependency graph from its tools' names, descriptions and
 * input field names (never user data), validates the reply with the plugin's validator (shape,
 * cycles, tools the agent does not have) and writes it as a **draft**, which the plugin refuses to
 * load until an administrator approves it with `agent-studio deps approve` (SPEC §15 row 10).
 *
 * The model: the OpenAI-compatible client when `OPENAI_BASE_URL` is set (`OPENAI_API_KEY`), else
 * a scripted model following the agent file's `dependencySuggestionScript` export (`ScriptStep[]`);
 * the output and the draft's `generatedBy` then say that a scripted model answered.
 * @param file - the compiled agent file
 * @param options - agent, output file and format, model override
 * @param env - the environment (for `OPENAI_*`)
 * @returns the output, exit code 0
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for a missing agent
 *   file, an unknown `--agent`, no model, or an `--out` file that holds something other than a draft
 * @throws {@link @agent-studio/core!index.ModelBehaviorError} `MODEL_RESPONSE_INVALID` (no JSON) or
 *   `DEPENDENCY_GRAPH_INVALID` (malformed graph, cycle, unknown tool); nothing is written then
 * @throws {@link @agent-studio/core!index.ProviderError} when the model call fails
 * @example
 * ```ts
 * const out = await depsSuggestCommand('dist/agent.js', { json: true });
 * JSON.parse(out.stdout).written; // dist/records.deps.draft.json
 * ```
 * @category CLI
 */
export async function depsSuggestCommand(file: string, options: DepsSuggestCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<DepsCheckOutput> {
  const app = await loadAgentApp(file);
  const agent = app.agent.name;
  if (options.agent !== undefined && options.agent !== agent) {
    throw new ConfigurationError('CONFIG_INVALID', `Agent file ${file} has no agent "${options.agent}" (its agent is "${agent}").`, { details: { agent: options.agent } });
  }
  const out = options.out ?? join(dirname(resolve(file)), `${agent}.deps.draft.json`);
  await refuseToOverwrite(out);
  const model = options.model ?? (await modelFor(file, env));
  const scripted = model.name === 'scripted';
  const tools = describeAgentTools(app);
  const request = buildDependencyPrompt(agent, app.agent.model.name, tools);
  const response = await model.complete(request, { signal: AbortSignal.timeout(120_000) });
  const graph = parseSuggestedGraph(
    response,
    agent,
    tools.map((t) => t.name),
  );
  const answered = typeof (response as { model?: unknown }).model === 'string' ? (response as { model: string }).model : app.agent.model.name;
  const draft: DependencyGraphDraft = {
    status: 'draft',
    agent,
    generatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    generatedBy: { client: model.name, model: scripted ? `scripted:${app.agent.model.name}` : answered },
    graph,
  };
  await writeJsonFile(out, draft);
  if (options.json) {
    const report: DepsSuggestReport = { written: out, scripted, draft };
    return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: scripted ? scriptedWarning : '', exitCode: 0 };
  }
  const lines = [
    `Draft tool dependency graph for agent ${agent} written to ${out}`,
    `  status: draft — NOT loaded by the plugin until an administrator approves it (SPEC §15 row 10)`,
    `  model: ${scripted ? `scripted (no LLM was called: the agent file's ${SCRIPT_EXPORT} answered)` : `${model.name} ${draft.generatedBy.model}`}`,
    `  tools: ${tools.map((t) => t.name).join(', ') || '(none)'}`,
  ];
  const entries = Object.entries(graph.dependencies).filter(([, e]) => (e.allOf?.length ?? 0) + (e.anyOf?.length ?? 0) > 0);
  lines.push(`  prerequisites:${entries.length === 0 ? ' (none)' : ''}`);
  for (const [tool, e] of entries) {
    const parts = [...(e.allOf?.length ? [`all of ${e.allOf.join(', ')}`] : []), ...(e.anyOf?.length ? [`any of ${e.anyOf.join(', ')}`] : [])];
    lines.push(`    ${tool} <- ${parts.join('; ')}`);
  }
  lines.push('', `Review it, then approve: agent-studio deps approve ${out} --by <admin>`);
  return { stdout: `${lines.join('\n')}\n`, stderr: scripted ? scriptedWarning : '', exitCode: 0 };
}

const scriptedWarning = `warning: a scripted model answered (no LLM was called); set OPENAI_BASE_URL to ask a real model.\n`;

/** The OpenAI-compatible client when `OPENAI_BASE_URL` is set, else the agent file's script. */
async function modelFor(file: string, env: NodeJS.ProcessEnv): Promise<ModelClient> {
  if ((env.OPENAI_BASE_URL ?? '').trim() !== '') return OpenAIModelClient.fromEnv(env);
  const mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  const script = mod[SCRIPT_EXPORT];
  if (!Array.isArray(script) || script.length === 0) {
    throw new ConfigurationError(
      'CONFIG_INVALID',
      `No model to ask: set OPENAI_BASE_URL (and OPENAI_API_KEY) for an OpenAI-compatible server, or export ${SCRIPT_EXPORT} (a scripted reply) from ${basename(file)}.`,
    );
  }
  return new ScriptedModel(script as ScriptStep[]);
}

/** Refuses to write over a file that is not a draft (such as an approved graph). */
async function refuseToOverwrite(path: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  let status: string | undefined;
  try {
    status = graphStatus(JSON.parse(text));
  } catch {
    status = undefined;
  }
  if (status !== 'draft') {
    throw new ConfigurationError('CONFIG_INVALID', `${path} exists and is not a draft; it is not overwritten. Pass another --out file.`, { details: { out: path } });
  }
}
