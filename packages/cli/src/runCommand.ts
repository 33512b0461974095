import { randomUUID } from 'node:crypto';
import { ConfigurationError, createLocalAccessAuthority, type RunResult } from '@agent-studio/core';
import { colorPalette, formatTimeline, plainPalette } from './formatTimeline.js';
import { loadAgentApp } from './loadAgentApp.js';
import { TimelineRecorder } from './TimelineRecorder.js';
import { buildRuntime } from './workspace/buildRuntime.js';
import { selectModel } from './workspace/selectModel.js';
import { openWorkspace } from './workspace/Workspace.js';

/**
 * Options of `agent-studio run`.
 * @category CLI
 */
export interface RunCommandOptions {
  /** The user's message (defaults to the app's sample message). */
  readonly message?: string;
  /** `scripted` (the app's script, no network) or `openai` (any OpenAI-compatible server). */
  readonly model: 'scripted' | 'openai';
  /** Print one JSON document instead of the timeline. */
  readonly json: boolean;
  /** The user id to run as (in the local access authority's token). */
  readonly user: string;
  /** The tenant id. */
  readonly tenant: string;
  /** Whether to colour the output. */
  readonly color: boolean;
  /** Request variables (only those the agent lists in `requestVariables` are accepted). */
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * What a command printed and its exit code.
 * @category CLI
 */
export interface CommandOutput {
  /** Standard output. */
  readonly stdout: string;
  /** The exit code: 0 completed or suspended, 1 failed, 3 blocked. */
  readonly exitCode: number;
}

/**
 * Runs `agent-studio run <agent-file>`: loads the app, acts as its own access layer (an in-process
 * Ed25519 key mints the AccessContext token the runtime verifies), runs the agent with the
 * workspace's durable stores (a suspended run waits there for `agent-studio approvals`) and formats
 * the timeline or the JSON document.
 *
 * @param file - the agent file
 * @param options - message, model, output format, user and tenant
 * @param env - the environment (`OPENAI_*`, and `AGENT_STUDIO_HOME` / `DATABASE_URL` for the stores)
 * @returns the output and the exit code
 * @throws {@link @agent-studio/core!index.ConfigurationError} for a bad agent file, a missing script or model settings
 * @category CLI
 */
export async function runCommand(file: string, options: RunCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  const app = await loadAgentApp(file);
  const message = options.message ?? app.sampleMessage;
  if (message === undefined || message.trim() === '') {
    throw new ConfigurationError('CONFIG_INVALID', 'No message: pass --message "…" (this agent file has no sample message).');
  }
  const model = selectModel(app, options.model, file, env);
  const authority = await createLocalAccessAuthority();
  const workspace = await openWorkspace(env);
  let stop: (() => Promise<void>) | undefined;
  try {
    const { runtime } = await buildRuntime(app, model, workspace, authority, env);
    stop = () => runtime.stop();
    const recorder = new TimelineRecorder(runtime.events, runtime.actions);
    const token = await authority.issuer.mint({
      tenantId: options.tenant,
      userId: options.user,
      agent: app.agent.name,
      sessionId: randomUUID(),
      surface: 'runtime',
      audience: app.agent.audience,
    });
    const result = await runtime.run({
      agent: app.agent.name,
      accessToken: token,
      input: message,
      ...(options.variables === undefined ? {} : { variables: options.variables }),
    });
    const exitCode = exitCodeOf(result);
    if (options.json) {
      const doc = {
        runId: result.runId,
        agent: app.agent.name,
        model: { client: model.name, name: app.agent.model.name },
        status: result.status,
        reply: result.reply ?? null,
        durationMs: result.durationMs,
        usage: result.usage,
        modelCalls: result.modelCalls,
        timeline: recorder.entries,
        pendingApprovals: result.pendingApprovals ?? [],
        block: result.block ?? null,
        error: result.error ? result.error.toJSON() : null,
      };
      return { stdout: `${JSON.stringify(doc, null, 2)}\n`, exitCode };
    }
    const c = options.color ? colorPalette : plainPalette;
    const header = [
      `▶ agent ${app.agent.name} (${app.agent.audience}, ${app.agent.type}) · run ${result.runId}`,
      `  model: ${model.name === 'scripted' ? 'scripted (no LLM; the agent file\'s script)' : `${model.name} ${app.agent.model.name}`} · access: local authority, user ${options.user} in tenant ${options.tenant}`,
      `  store: ${workspace.where}`,
      `  plugins: ${runtime.plugins.map((p) => p.manifest.name).join(', ') || '(none)'}`,
      `  message: ${message.length} characters (not echoed: it may hold personal data)`,
    ];
    const audited = runtime.plugins.some((p) => p.manifest.name === 'audit');
    const footer = audited ? `storyboard: agent-studio trace show ${result.runId}   (HTML: agent-studio trace export ${result.runId} --html storyboard.html)\n` : '';
    return { stdout: formatTimeline(header, recorder.entries, result, c) + footer, exitCode };
  } finally {
    // plugins write what they queued (the audit trail) before the stores close
    await stop?.();
    await workspace.close();
  }
}

function exitCodeOf(result: RunResult): number {
  switch (result.status) {
    case 'completed':
    case 'suspended':
      return 0;
    case 'blocked':
      return 3;
    case 'failed':
      return 1;
  }
}
