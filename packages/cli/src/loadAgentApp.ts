import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AgentApp, ConfigurationError } from '@agent-studio/core';

/**
 * Loads an agent file: an ES module whose default export (or `app` export) is an {@link AgentApp}.
 * @param file - the path, relative to the working directory
 * @returns the app
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the file is missing or exports no app
 * @category CLI
 */
export async function loadAgentApp(file: string): Promise<AgentApp> {
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    const hint = file.endsWith('.ts') ? ' Agent files are run from their compiled .js (run `npm run build`).' : ' Did you run `npm run build`?';
    throw new ConfigurationError('CONFIG_INVALID', `Agent file ${file} does not exist.${hint}`);
  }
  const mod = (await import(pathToFileURL(path).href)) as { default?: unknown; app?: unknown };
  const app = (mod.default ?? mod.app) as Partial<AgentApp> | undefined;
  if (!app || typeof app !== 'object' || !app.agent || typeof app.agent.name !== 'string') {
    throw new ConfigurationError('CONFIG_INVALID', `Agent file ${file} has no agent app. Default-export defineAgentApp({ agent, actions, ... }).`);
  }
  return app as AgentApp;
}
