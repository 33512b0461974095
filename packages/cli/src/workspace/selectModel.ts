import { type AgentApp, ConfigurationError, type ModelClient } from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { OpenAIModelClient } from '@agent-studio/openai';

/**
 * Picks the model client for a command: the agent file's script (no network), or any
 * OpenAI-compatible server from `OPENAI_BASE_URL` / `OPENAI_API_KEY`.
 * @param app - the agent app
 * @param kind - `scripted` or `openai`
 * @param file - the agent file, for messages
 * @param env - the environment
 * @returns the model client
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the app has no script, or the OpenAI settings are missing
 * @category CLI
 */
export function selectModel(app: AgentApp, kind: 'scripted' | 'openai', file: string, env: NodeJS.ProcessEnv): ModelClient {
  if (kind === 'openai') return OpenAIModelClient.fromEnv(env);
  if (!app.script || app.script.length === 0) {
    throw new ConfigurationError('CONFIG_INVALID', `Agent file ${file} has no script for the scripted model. Add one, or use --model openai.`);
  }
  return new ScriptedModel(app.script, { model: `scripted:${app.agent.model.name}` });
}
