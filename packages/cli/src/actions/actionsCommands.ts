import { writeFile } from 'node:fs/promises';
import { actionsOf, formatLintProblems, lintAction } from '@agent-studio/core';
import { loadAgentApp } from '../loadAgentApp.js';
import { buildActionCatalog } from './buildActionCatalog.js';
import { renderActionCatalogMarkdown } from './renderActionCatalog.js';

/**
 * `agent-studio actions catalog <agent-file>`: the classification of every action the app
 * registers, as Markdown (default) or JSON, to standard output or a file.
 * @param file - the agent file
 * @param options - the format and the output file
 * @returns what to print and the exit code
 * @category CLI
 */
export async function actionsCatalogCommand(file: string, options: { readonly format: 'md' | 'json'; readonly out?: string }): Promise<{ stdout: string; exitCode: number }> {
  const app = await loadAgentApp(file);
  const entries = buildActionCatalog(app);
  const text = options.format === 'json' ? `${JSON.stringify({ agent: app.agent.name, actions: entries }, null, 2)}\n` : renderActionCatalogMarkdown(app.agent.name, entries);
  if (options.out) {
    await writeFile(options.out, text);
    return { stdout: `wrote the catalog of ${entries.length} action(s) to ${options.out}\n`, exitCode: 0 };
  }
  return { stdout: text, exitCode: 0 };
}

/**
 * `agent-studio actions lint <agent-file>`: runs the registration rules (SPEC §12) on every action
 * of the app and prints one line per problem; exit code 1 when there is any.
 * @param file - the agent file
 * @returns what to print and the exit code
 * @category CLI
 */
export async function actionsLintCommand(file: string): Promise<{ stdout: string; exitCode: number }> {
  const app = await loadAgentApp(file);
  const definitions = [...(app.actions ?? []), ...(app.actionProviders ?? []).flatMap((p) => actionsOf(p))];
  const lines: string[] = [];
  for (const d of definitions) {
    const text = formatLintProblems(lintAction(d));
    if (text.length > 0) lines.push(...text.split('\n'));
  }
  if (lines.length === 0) return { stdout: `${definitions.length} action(s): no problems\n`, exitCode: 0 };
  return { stdout: `${lines.join('\n')}\n`, exitCode: 1 };
}
