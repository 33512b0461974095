import { randomUUID } from 'node:crypto';
import { ConfigurationError, createLocalAccessAuthority, type PendingAction, type PendingActionStatus } from '@agent-studio/core';
import type { ApprovalOutcome, ApprovalService } from '@agent-studio/plugin-approvals';
import { colorPalette, formatTimeline, plainPalette } from '../formatTimeline.js';
import { loadAgentApp } from '../loadAgentApp.js';
import type { CommandOutput } from '../runCommand.js';
import { TimelineRecorder } from '../TimelineRecorder.js';
import { buildRuntime } from '../workspace/buildRuntime.js';
import { selectModel } from '../workspace/selectModel.js';
import { openWorkspace } from '../workspace/Workspace.js';

const STATUSES: readonly PendingActionStatus[] = ['awaiting', 'approved', 'rejected', 'expired', 'executing', 'done', 'failed'];

/**
 * Options of `agent-studio approvals list`.
 * @category CLI
 */
export interface ApprovalsListOptions {
  /** The tenant. */
  readonly tenant: string;
  /** Only this status. */
  readonly status?: string;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Options of `agent-studio approvals approve|reject`.
 * @category CLI
 */
export interface ApprovalsDecideOptions {
  /** The agent file whose run the action belongs to (its actions run when approved). */
  readonly app: string;
  /** The approver's user id (the local access authority mints their token). */
  readonly as: string;
  /** The tenant. */
  readonly tenant: string;
  /** A comment (the reason, for a rejection). */
  readonly comment?: string;
  /** `scripted` or `openai`, for the resumed run. */
  readonly model: 'scripted' | 'openai';
  /** Print JSON. */
  readonly json: boolean;
  /** Colour the output. */
  readonly color: boolean;
}

/**
 * Lists a tenant's pending actions from the workspace's store (`agent-studio approvals list`).
 * @param options - tenant, status, format
 * @param env - the environment (`AGENT_STUDIO_HOME`, `DATABASE_URL`)
 * @returns the output
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an unknown status
 * @category CLI
 */
export async function approvalsListCommand(options: ApprovalsListOptions, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  if (options.status !== undefined && !STATUSES.includes(options.status as PendingActionStatus)) {
    throw new ConfigurationError('CONFIG_INVALID', `Unknown status "${options.status}". Use one of: ${STATUSES.join(', ')}.`);
  }
  const workspace = await openWorkspace(env);
  try {
    const list = await workspace.stores.pendingActions.list({
      tenantId: options.tenant,
      ...(options.status === undefined ? {} : { status: options.status as PendingActionStatus }),
    });
    if (options.json) return { stdout: `${JSON.stringify(list.map(summary), null, 2)}\n`, exitCode: 0 };
    if (list.length === 0) return { stdout: `no pending actions in tenant ${options.tenant}${options.status ? ` with status ${options.status}` : ''} (${workspace.where})\n`, exitCode: 0 };
    const rows = list.map((pa) => [pa.id, pa.status, pa.kind, pa.action, pa.userId, new Date(pa.expiresAt).toISOString(), pa.reason]);
    return { stdout: table(['id', 'status', 'kind', 'action', 'requester', 'expires', 'reason'], rows), exitCode: 0 };
  } finally {
    await workspace.close();
  }
}

/**
 * Shows one pending action, with its stored arguments (as the model sent them, masked where the
 * PII plugin masked them) and its result (`agent-studio approvals show`).
 * @param id - the pending action
 * @param options - tenant and format
 * @param env - the environment
 * @returns the output
 * @throws {@link @agent-studio/plugin-approvals!ApprovalError} `APPROVAL_NOT_FOUND` when there is none in the tenant
 * @category CLI
 */
export async function approvalsShowCommand(id: string, options: Omit<ApprovalsListOptions, 'status'>, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  const workspace = await openWorkspace(env);
  try {
    const pa = await workspace.stores.pendingActions.get(id);
    if (!pa || pa.tenantId !== options.tenant) {
      const { ApprovalError } = await import('@agent-studio/plugin-approvals');
      throw new ApprovalError('APPROVAL_NOT_FOUND', `There is no pending action ${JSON.stringify(id)} in tenant ${options.tenant}.`);
    }
    const detail = { ...summary(pa), arguments: JSON.parse(pa.argsJson) as unknown, result: pa.resultJson === undefined ? null : (JSON.parse(pa.resultJson) as unknown) };
    if (options.json) return { stdout: `${JSON.stringify(detail, null, 2)}\n`, exitCode: 0 };
    const lines = Object.entries(detail).map(([k, v]) => `${k.padEnd(12)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
  } finally {
    await workspace.close();
  }
}

/**
 * Approves or rejects a pending action as `--as` (`agent-studio approvals approve|reject`). The
 * approver policy, expiry and compare-and-set of the app's approvals plugin apply; when every
 * pending call of the run is decided, the run resumes as the user who asked and its timeline is
 * printed.
 * @param decision - approve or reject
 * @param id - the pending action
 * @param options - the app, the approver, tenant, comment and format
 * @param env - the environment
 * @returns the output
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the app does not load the approvals plugin
 * @throws {@link @agent-studio/plugin-approvals!ApprovalError} the service's typed refusals
 * @category CLI
 */
export async function approvalsDecideCommand(
  decision: 'approve' | 'reject',
  id: string,
  options: ApprovalsDecideOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandOutput> {
  const app = await loadAgentApp(options.app);
  const model = selectModel(app, options.model, options.app, env);
  const authority = await createLocalAccessAuthority();
  const workspace = await openWorkspace(env);
  let stop: (() => Promise<void>) | undefined;
  try {
    const { container, runtime } = await buildRuntime(app, model, workspace, authority, env);
    stop = () => runtime.stop();
    const service = container.get('approvals.Service', { optional: true }) as ApprovalService | undefined;
    if (!service) throw new ConfigurationError('CONFIG_INVALID', `Agent file ${options.app} does not load the approvals plugin (approvalsModule).`);
    const recorder = new TimelineRecorder(runtime.events, runtime.actions);
    const accessToken = await authority.issuer.mint({
      tenantId: options.tenant,
      userId: options.as,
      agent: app.agent.name,
      sessionId: `approvals-${randomUUID()}`,
      surface: 'runtime',
      audience: app.agent.audience,
    });
    const input = { id, accessToken, ...(options.comment === undefined ? {} : { comment: options.comment }) };
    const outcome: ApprovalOutcome = decision === 'approve' ? await service.approve(input) : await service.reject(input);
    if (options.json) {
      const doc = {
        action: summary(outcome.action),
        run: outcome.run ? { runId: outcome.run.runId, status: outcome.run.status, reply: outcome.run.reply ?? null, timeline: recorder.entries } : null,
        notResumed: outcome.notResumed ?? null,
      };
      return { stdout: `${JSON.stringify(doc, null, 2)}\n`, exitCode: 0 };
    }
    const c = options.color ? colorPalette : plainPalette;
    const head = `${decision === 'approve' ? 'approved' : 'rejected'} ${outcome.action.id} (${outcome.action.action}) as ${options.as}; now ${outcome.action.status}`;
    if (!outcome.run) return { stdout: `${head}\nrun not resumed: ${outcome.notResumed ?? 'unknown'}\n`, exitCode: 0 };
    const header = [head, `▶ resumed run ${outcome.run.runId} as ${outcome.action.userId} (the user who asked) · store: ${workspace.where}`];
    return { stdout: formatTimeline(header, recorder.entries, outcome.run, c), exitCode: outcome.run.status === 'failed' ? 1 : 0 };
  } finally {
    // plugins write what they queued (the audit trail) before the stores close
    await stop?.();
    await workspace.close();
  }
}

function summary(pa: PendingAction): Record<string, unknown> {
  return {
    id: pa.id,
    status: pa.status,
    kind: pa.kind,
    action: pa.action,
    requester: pa.userId,
    runId: pa.runId,
    callId: pa.callId,
    reason: pa.reason,
    createdAt: new Date(pa.createdAt).toISOString(),
    expiresAt: new Date(pa.expiresAt).toISOString(),
    decidedBy: pa.decidedBy ?? null,
    decidedAt: pa.decidedAt === undefined ? null : new Date(pa.decidedAt).toISOString(),
    comment: pa.comment ?? null,
  };
}

/**
 * Lays rows out as a plain-text table.
 * @param head - the column titles
 * @param rows - the rows
 * @returns the table, one line per row
 * @internal
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
