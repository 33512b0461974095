import {
  $inject,
  $multiInject,
  type ActionContextExtensions,
  type ActionContextProvider,
  type ActionContextProviderInput,
  type ActionResult,
  type AgentDefinition,
  type AgentPlugin,
  AgentStudioError,
  ConfigurationError,
  createContextKey,
  decide,
  type HookDecision,
  type Logger,
  type PendingAction,
  type PendingActionStore,
  type PendingActionKind,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RuntimeEvents,
  type ToolCall,
  type ToolCallContext,
  type ToolResultContext,
  toOutcomeEnvelope,
} from '@agent-studio/core';
import { injectable, optional } from 'inversify';
import type { ApprovalNotification, ApprovalNotifier } from './ApprovalNotifier.js';
import type { ApprovalsOptions } from './ApprovalsOptions.js';
import type { ClaimRegistry } from './ClaimRegistry.js';
import { ApprovalError } from './errors.js';
import { modeFor } from './modeFor.js';
import { notificationFor } from './notificationFor.js';
import { announce } from './announce.js';

declare module '@agent-studio/core' {
  interface ActionContextExtensions {
    /**
     * Present when the call runs after a person confirmed or approved it: use `idempotencyKey` for
     * any side effect outside the run, so that it can never happen twice.
     */
    readonly approval?: ApprovedCall;
  }
  interface RuntimeEventMap {
    /** A pending action was created, decided, expired, executed or failed (ids only, no arguments). */
    'approval:changed': ApprovalNotification;
  }
}

/**
 * What an action sees of the approval its call went through.
 * @category Plugins
 */
export interface ApprovedCall {
  /** The pending action's id. */
  readonly pendingActionId: string;
  /** A key unique to this approved call: pass it to external systems to make side effects idempotent. */
  readonly idempotencyKey: string;
  /** Who approved (or, for a confirmation, the user who confirmed). */
  readonly decidedBy: string;
}

const CLAIMED = createContextKey<Map<string, PendingAction>>('approvals.claimed');

/**
 * The human-in-the-loop plugin (SPEC §8), `beforeToolCall` at priority 500.
 *
 * @remarks
 * - A call whose capability (or action) needs a person suspends the run and creates a
 *   {@link @agent-studio/core!index.PendingAction} (R-HITL-6). Nothing the model sends can confirm
 *   it: only a resume whose decision names that call id moves it on (R-HITL-2, server-enforced).
 * - A confirmation is decided by the requester, in the resume; an approval only through the
 *   approval service, by an approver who passes the {@link ApproverPolicy} check.
 * - Every move is a compare-and-set on the store; the call runs only in the process that won the
 *   `approved → executing` move, at most once (R-HITL-10, R-HITL-12). The action sees
 *   `ctx.approval.idempotencyKey`.
 * - Expired, rejected, already-executed and interrupted actions are refused with typed codes.
 * @category Plugins
 */
@injectable()
export class ApprovalsPlugin implements AgentPlugin, ActionContextProvider {
  /** The manifest: priority 500, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'approvals',
    version: '0.1.0',
    priority: PluginPriority.Approvals,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #options: ApprovalsOptions;
  readonly #store: PendingActionStore;
  readonly #notifier: ApprovalNotifier;
  readonly #claims: ClaimRegistry;
  readonly #clock: () => number;
  readonly #agents: readonly AgentDefinition[];
  #events: RuntimeEvents | undefined;
  #logger: Logger | undefined;

  /**
   * @param options - the parsed options
   * @param store - where pending actions are kept
   * @param notifier - who is told
   * @param claims - the claims this process holds
   * @param clock - the clock
   * @param agents - the registered agents (checked at startup, R-HITL-3)
   */
  constructor(
    @$inject('approvals.Options') options: ApprovalsOptions,
    @$inject('approvals.Store') store: PendingActionStore,
    @$inject('approvals.Notifier') notifier: ApprovalNotifier,
    @$inject('approvals.Claims') claims: ClaimRegistry,
    @$inject('core.Clock') clock: () => number,
    @$multiInject('core.Agent') @optional() agents: AgentDefinition[],
  ) {
    this.#options = options;
    this.#store = store;
    this.#notifier = notifier;
    this.#claims = claims;
    this.#clock = clock;
    this.#agents = agents ?? [];
  }

  /**
   * Checks the agents (confirmation modes need a conversational agent, R-HITL-3) and listens for
   * finished runs to release claims whose call never ran.
   * @param api - the setup API
   * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` for a confirmation mode on a non-conversational agent
   */
  setup(api: PluginSetupApi): void {
    this.#events = api.events;
    this.#logger = api.logger;
    for (const agent of this.#agents) {
      for (const c of agent.capabilities) {
        if ((c.hitl === 'confirmation' || c.hitl === 'confirmationThenApproval') && agent.type !== 'conversational') {
          throw new ConfigurationError(
            'AGENT_DEFINITION_INVALID',
            `Agent "${agent.name}": capability "${c.action}" asks for ${c.hitl}, which only a conversational agent can do (R-HITL-3). Use "approval".`,
          );
        }
      }
    }
    api.events.on('run:finished', (e) => {
      for (const id of this.#claims.forRun(e.runId)) void this.#abandon(id);
    });
  }

  /**
   * Suspends a call that needs a person, or lets a decided one through (once).
   * @param ctx - the call
   * @returns continue, suspend or block
   */
  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> | Promise<HookDecision<ToolCall>> {
    const mode = modeFor(ctx, this.#options.rules);
    // a call that needs nobody is decided here, synchronously (no promise for the runtime to race)
    if (mode.stages.length === 0) return decide.continue();
    return this.#staged(ctx, mode);
  }

  async #staged(ctx: ToolCallContext, mode: ReturnType<typeof modeFor>): Promise<HookDecision<ToolCall>> {
    const existing = await this.#forCall(ctx);
    for (const [index, kind] of mode.stages.entries()) {
      const last = index === mode.stages.length - 1;
      let pa = existing.get(kind);
      if (!pa) return this.#request(ctx, kind, mode.reason);
      if (pa.status === 'awaiting') {
        if (this.#clock() >= pa.expiresAt) return this.#expire(pa);
        const confirms = kind === 'confirmation' && ctx.resume?.decision === 'approve' && ctx.resume.decidedBy === pa.userId && ctx.access.userId === pa.userId;
        // an approval is decided only through the approval service; the model or the requester cannot
        if (!confirms) return this.#stillWaiting(pa);
        const decided = await this.#move(pa, 'awaiting', 'approved', { decidedBy: pa.userId, decidedAt: this.#clock(), ...(ctx.resume?.comment ? { comment: ctx.resume.comment } : {}) });
        if (!decided.ok) return decided.decision;
        pa = decided.action;
        this.#tell('approved', pa);
      }
      if (!last) {
        if (pa.status !== 'approved') return this.#refuse(pa);
        continue;
      }
      if (pa.status === 'approved') {
        if (ctx.resume?.decision !== 'approve') return this.#stillWaiting(pa);
        const claimed = await this.#move(pa, 'approved', 'executing', { executedAt: this.#clock() });
        if (!claimed.ok) return claimed.decision;
        pa = claimed.action;
        this.#claims.hold(pa.id, pa.runId);
      } else if (pa.status !== 'executing' || !this.#claims.holds(pa.id)) {
        return this.#refuse(pa);
      }
      this.#claimed(ctx).set(ctx.call.id, pa);
      return decide.continue();
    }
    return decide.continue();
  }

  /**
   * Records the outcome of a call that ran after a decision (`executing → done | failed`).
   * @param ctx - the call and its result
   * @returns continue (the result is not changed)
   */
  afterToolCall(ctx: ToolResultContext): HookDecision<ActionResult> | Promise<HookDecision<ActionResult>> {
    const pa = ctx.bag.get(CLAIMED)?.get(ctx.call.id);
    // a call that ran without a decision has nothing to record (decided synchronously)
    if (!pa) return decide.continue();
    ctx.bag.get(CLAIMED)?.delete(ctx.call.id);
    return this.#recordOutcome(ctx, pa);
  }

  async #recordOutcome(ctx: ToolResultContext, pa: PendingAction): Promise<HookDecision<ActionResult>> {
    const to = ctx.result.ok ? 'done' : 'failed';
    try {
      const finished = await this.#store.transition(pa.id, 'executing', to, { resultJson: JSON.stringify(toOutcomeEnvelope(ctx.result)) });
      this.#tell(to === 'done' ? 'executed' : 'failed', finished);
    } catch (error) {
      this.#logger?.warn({ plugin: 'approvals', pendingActionId: pa.id, error: AgentStudioError.is(error) ? error.code : (error as Error).name }, 'could not record the outcome of an approved call');
    } finally {
      this.#claims.release(pa.id);
    }
    return decide.continue();
  }

  /**
   * Gives an action that runs after a decision its `ctx.approval`, after checking once more, just
   * before it runs, that this process still holds the claim.
   * @param input - the call
   * @returns `{ approval }` for a decided call, nothing otherwise
   * @throws {@link ApprovalError} `APPROVAL_ALREADY_RESOLVED` when the claim is no longer held
   */
  async provide(input: ActionContextProviderInput): Promise<Partial<ActionContextExtensions>> {
    const pa = input.bag.get(CLAIMED)?.get(input.callId);
    if (!pa) return {};
    const now = await this.#store.get(pa.id);
    if (now?.status !== 'executing' || !this.#claims.holds(pa.id)) {
      throw new ApprovalError('APPROVAL_ALREADY_RESOLVED', 'The approved call is no longer claimed by this process; it will not run here.');
    }
    return { approval: Object.freeze({ pendingActionId: pa.id, idempotencyKey: `approval:${pa.id}`, decidedBy: pa.decidedBy ?? pa.userId }) };
  }

  async #forCall(ctx: ToolCallContext): Promise<Map<PendingActionKind, PendingAction>> {
    const all = await this.#store.list({ tenantId: ctx.access.tenantId, runId: ctx.runId });
    const out = new Map<PendingActionKind, PendingAction>();
    for (const pa of all) if (pa.callId === ctx.call.id) out.set(pa.kind, pa);
    return out;
  }

  async #request(ctx: ToolCallContext, kind: PendingActionKind, reason: string): Promise<HookDecision<ToolCall>> {
    const now = this.#clock();
    const pa = await this.#store.create({
      idempotencyKey: `${ctx.runId}:${ctx.call.id}:${kind}`,
      tenantId: ctx.access.tenantId,
      runId: ctx.runId,
      callId: ctx.call.id,
      action: ctx.action.name,
      userId: ctx.access.userId,
      kind,
      argsJson: JSON.stringify(ctx.args),
      reason,
      createdAt: now,
      expiresAt: now + this.#options.expiresAfterMs,
    });
    try {
      await this.#notifier.notify(notificationFor('requested', pa, this.#approversOf(pa)));
    } catch (cause) {
      // R-HITL-6: a request nobody hears of must not wait; withdraw it and fail the call closed
      await this.#store.transition(pa.id, 'awaiting', 'rejected', { decidedBy: 'approvals', decidedAt: this.#clock(), comment: 'the request could not be delivered' }).catch(() => undefined);
      throw new ApprovalError('POLICY_BLOCKED', 'The request for a decision could not be delivered, so the call was refused.', { cause });
    }
    void announce(notificationFor('requested', pa, this.#approversOf(pa)), { events: this.#events, logger: this.#logger });
    return decide.suspend({ kind, reason, details: { pendingActionId: pa.id, expiresAt: pa.expiresAt } });
  }

  #stillWaiting(pa: PendingAction): HookDecision<ToolCall> {
    return decide.suspend({ kind: pa.kind, reason: pa.reason, details: { pendingActionId: pa.id, expiresAt: pa.expiresAt } });
  }

  async #expire(pa: PendingAction): Promise<HookDecision<ToolCall>> {
    const moved = await this.#move(pa, 'awaiting', 'expired', {});
    if (moved.ok) this.#tell('expired', moved.action);
    return decide.block('APPROVAL_EXPIRED', `pending action ${pa.id} expired`, 'The request expired before anyone decided. Tell the user; ask again only if they still want it.');
  }

  #refuse(pa: PendingAction): HookDecision<ToolCall> {
    switch (pa.status) {
      case 'rejected':
        return decide.block('APPROVAL_REJECTED', `pending action ${pa.id} was rejected`, `The action was rejected${pa.comment ? `: ${pa.comment}` : ''}. Do not retry it; offer an alternative.`);
      case 'expired':
        return decide.block('APPROVAL_EXPIRED', `pending action ${pa.id} expired`, 'The request expired before anyone decided.');
      case 'failed':
        return decide.block('APPROVAL_EXECUTION_INTERRUPTED', `pending action ${pa.id} already ran and failed, or was interrupted`, 'This approved action already ran (or was interrupted); it will not run again. Check its outcome before asking again.');
      default:
        return decide.block('APPROVAL_ALREADY_RESOLVED', `pending action ${pa.id} is ${pa.status} elsewhere`, 'This action was already handled; it will not run again.');
    }
  }

  async #move(
    pa: PendingAction,
    from: PendingAction['status'],
    to: PendingAction['status'],
    patch: Parameters<PendingActionStore['transition']>[3],
  ): Promise<{ ok: true; action: PendingAction } | { ok: false; decision: HookDecision<ToolCall> }> {
    try {
      return { ok: true, action: await this.#store.transition(pa.id, from, to, patch) };
    } catch (error) {
      if (!AgentStudioError.hasCode(error, 'STORE_CONFLICT')) throw error;
      const now = await this.#store.get(pa.id);
      return { ok: false, decision: this.#refuse(now ?? pa) };
    }
  }

  async #abandon(id: string): Promise<void> {
    if (!this.#claims.release(id)) return;
    try {
      const pa = await this.#store.transition(id, 'executing', 'failed', { comment: 'not run: a later check blocked the call' });
      this.#tell('failed', pa);
    } catch (error) {
      this.#logger?.warn({ plugin: 'approvals', pendingActionId: id, error: AgentStudioError.is(error) ? error.code : (error as Error).name }, 'could not release an unused claim');
    }
  }

  #claimed(ctx: ToolCallContext): Map<string, PendingAction> {
    let map = ctx.bag.get(CLAIMED);
    if (!map) {
      map = new Map();
      ctx.bag.set(CLAIMED, map);
    }
    return map;
  }

  #approversOf(pa: PendingAction): readonly string[] {
    return pa.kind === 'approval' ? (this.#options.approvers[pa.action] ?? []) : [pa.userId];
  }

  #tell(type: ApprovalNotification['type'], pa: PendingAction): void {
    // the change is stored; telling people must not hold up or fail the call
    void announce(notificationFor(type, pa, this.#approversOf(pa)), { events: this.#events, notifier: this.#notifier, logger: this.#logger });
  }
}
