import { ConfigurationError, type CostFilter, type CostGroupBy, CostGroupBySchema, type CostGroupTotals } from '@agent-studio/core';
import { table } from '../approvals/approvalsCommands.js';
import type { CommandOutput } from '../runCommand.js';
import { openWorkspace } from '../workspace/Workspace.js';

/**
 * Options of `agent-studio cost report`.
 * @category CLI
 */
export interface CostReportOptions {
  /** What to group by (default `tenant`). */
  readonly by: string;
  /** Only this tenant. */
  readonly tenant?: string;
  /** Only this agent. */
  readonly agent?: string;
  /** Only days from this one, `YYYY-MM-DD`. */
  readonly from?: string;
  /** Only days up to this one, `YYYY-MM-DD`. */
  readonly to?: string;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Prints the cost ledger of the workspace's store, grouped (R-COST-4): one line per group with
 * calls, tokens (prompt, completion, cached, reasoning) and cost, and the calls without a price.
 * @param options - grouping and filters
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`)
 * @returns the output
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an unknown grouping or a bad day
 * @category CLI
 */
export async function costReportCommand(options: CostReportOptions, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  const by = CostGroupBySchema.safeParse(options.by);
  if (!by.success) throw new ConfigurationError('CONFIG_INVALID', `Unknown grouping "${options.by}". Use one of: ${CostGroupBySchema.options.join(', ')}.`);
  const filter: CostFilter = {
    ...(options.tenant === undefined ? {} : { tenantId: options.tenant }),
    ...(options.agent === undefined ? {} : { agent: options.agent }),
    ...(options.from === undefined ? {} : { fromDay: options.from }),
    ...(options.to === undefined ? {} : { toDay: options.to }),
  };
  const workspace = await openWorkspace(env);
  try {
    const groups = await workspace.stores.costLedger.report(by.data, filter);
    const total = await workspace.stores.costLedger.totals(filter);
    if (options.json) return { stdout: `${JSON.stringify({ by: by.data, filter, groups, total }, null, 2)}\n`, exitCode: 0 };
    return { stdout: formatCostReport(by.data, groups, total, workspace.where), exitCode: 0 };
  } finally {
    await workspace.close();
  }
}

/**
 * Formats a cost report as a table.
 * @param by - the grouping
 * @param groups - the groups
 * @param total - the grand total
 * @param where - where the ledger is
 * @returns the text
 * @category CLI
 */
export function formatCostReport(by: CostGroupBy, groups: readonly CostGroupTotals[], total: Omit<CostGroupTotals, 'key'>, where: string): string {
  if (groups.length === 0) return `no model calls on the ledger (${where})\n`;
  const row = (key: string, t: Omit<CostGroupTotals, 'key'>) => [
    key,
    String(t.calls),
    String(t.promptTokens),
    String(t.completionTokens),
    String(t.cachedTokens),
    String(t.reasoningTokens),
    `$${t.costUsd.toFixed(6)}`,
    String(t.unpricedCalls),
  ];
  const text = table([by, 'calls', 'prompt', 'completion', 'cached', 'reasoning', 'cost', 'unpriced'], [...groups.map((g) => row(g.key, g)), row('total', total)]);
  const note = total.unpricedCalls > 0 ? `${total.unpricedCalls} call(s) had no price; their cost is not in the total (R-COST-2)\n` : '';
  return `${text}${note}`;
}
