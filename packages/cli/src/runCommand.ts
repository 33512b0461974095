import { randomBytes, randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  createContainer,
  createLocalAccessAuthority,
  type ModelClient,
  type RunResult,
} from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { OpenAIModelClient } from '@agent-studio/openai';
import { colorPalette, formatTimeline, plainPalette } from './formatTimeline.js';
import { loadAgentApp } from './loadAgentApp.js';
import { TimelineRecorder } from './TimelineRecorder.js';

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
 * Ed25519 key mints the AccessContext token the runtime verifies), runs the agent and formats
 * the timeline or the JSON document.
 *
 * @param file - the agent file
 * @param options - message, model, output format, user and tenant
 * @param env - the environment (for `OPENAI_*`)
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
  let model: ModelClient;
  if (options.model === 'scripted') {
    if (!app.script || app.script.length === 0) {
      throw new ConfigurationError('CONFIG_INVALID', `Agent file ${file} has no script for the scripted model. Add one, or use --model openai.`);
    }
    model = new ScriptedModel(app.script, { model: `scripted:${app.agent.model.name}` });
  } else {
    model = OpenAIModelClient.fromEnv(env);
  }
  const authority = await createLocalAccessAuthority();
  const container = createContainer({
    model,
    verifier: authority.verifier,
    stateKey: randomBytes(32),
    agents: [app.agent],
    ...(app.actions ? { actions: app.actions } : {}),
    ...(app.actionProviders ? { actionProviders: app.actionProviders } : {}),
    ...(app.plugins ? { plugins: app.plugins } : {}),
    ...(app.modules ? { modules: app.modules } : {}),
  });
  const runtime = container.get('core.Runtime');
  await runtime.start();
  const recorder = new TimelineRecorder(runtime.events, runtime.actions);
  const token = await authority.issuer.mint({
    tenantId: options.tenant,
    userId: options.user,
    agent: app.agent.name,
    sessionId: randomUUID(),
    surface: 'runtime',
    audience: app.agent.audience,
  });
  const result = await runtime.run({ agent: app.agent.name, accessToken: token, input: message });
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
    `  plugins: ${runtime.plugins.map((p) => p.manifest.name).join(', ') || '(none)'}`,
    `  message: ${message.length} characters (not echoed: it may hold personal data)`,
  ];
  return { stdout: formatTimeline(header, recorder.entries, result, c), exitCode };
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
