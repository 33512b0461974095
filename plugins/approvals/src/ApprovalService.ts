import {
  $inject,
  type AccessContext,
  type AccessContextIssuer,
  type AccessContextVerifier,
  AccessDeniedError,
  type ActionRegistry,
  type AgentRuntime,
  AgentStudioError,
  type CallDecision,
  type Logger,
  type PendingAction,
  type PendingActionStore,
  type PendingActionQuery,
  type RunResult,
  type RunStateStore,
} from '@agent-studio/core';
import { inject, injectable, optional } from 'inversify';
import type { ApprovalNotifier } from './ApprovalNotifier.js';
import type { ApprovalsOptions } from './ApprovalsOptions.js';
import type { ClaimRegistry } from './ClaimRegistry.js';
import { ApprovalError } from './errors.js';
import { announce } from './announce.js';
import { notificationFor } from './notificationFor.js';

/**
 * A decision as the approval service takes it: the approver proves who they are with an access
 * token minted by the access layer (identity never comes from the request body).
 * @category Plugins
 */
export interface ApprovalDecisionInput {
  /** The pending action. */
  readonly id: string;
  /** The approver's AccessContext token. */
  readonly accessToken: string;
  /** A comment, fed to the model on rejection (at most 1,000 characters). */
  readonly comment?: string;
}

/**
 * A run every pending call of which is decided, ready to be resumed elsewhere (a queue worker) with
 * a token freshly minted for the user who started it (R-TOKEN-4).
 * @category Plugins
 */
export interface RunContinuation {
  /** The tenant. */
  readonly tenantId: string;
  /** The run to resume. */
  readonly runId: string;
  /** The user who started the run: the token must be minted for them. */
  readonly userId: string;
  /** The agent. */
  readonly agent: string;
  /** The session the run belongs to. */
  readonly sessionId: string;
  /** The agent's audience. */
  readonly audience: 'employee' | 'service';
}

/**
 * How {@link ApprovalService.approve} and {@link ApprovalService.reject} go on after the decision.
 * @category Plugins
 */
export interface ApprovalDecisionOptions {
  /**
   * When true, only record the decision: a run that is ready to resume is returned as
   * `continuation` for {@link ApprovalService.continueRun} to resume, in this process or a worker.
   * When false (the default), this process resumes it at once.
   */
  readonly defer?: boolean;
}

/**
 * What a decision did.
 * @category Plugins
 */
export interface ApprovalOutcome {
  /** The pending action after the decision. */
  readonly action: PendingAction;
  /** The resumed run's result, when every pending call of the run was decided and this process resumed it. */
  readonly run?: RunResult;
  /** The run to resume, when the decision was deferred and every pending call of the run is decided. */
  readonly continuation?: RunContinuation;
  /** Why the run was not resumed, when it was not. */
  readonly notResumed?: string;
}

/**
 * What {@link ApprovalService.continueRun} takes.
 * @category Plugins
 */
export interface ContinueRunInput {
  /** The tenant. */
  readonly tenantId: string;
  /** The run. */
  readonly runId: string;
  /** A token minted for the user who started the run, bound to this run (R-TOKEN-4). */
  readonly accessToken: string;
}

/**
 * What {@link ApprovalService.recover} did.
 * @category Plugins
 */
export interface RecoveryReport {
  /** This tenant's actions expired by the sweep (the sweep itself covers every tenant). */
  readonly expired: readonly string[];
  /** Runs resumed (approved actions that had not started). */
  readonly resumed: readonly string[];
  /** Actions whose executor stopped mid-call: marked failed, never re-run. */
  readonly interrupted: readonly string[];
}

/**
 * Decides pending actions (R-HITL-10..15): approve or reject by an approver who passes the
 * {@link ApproverPolicy}, expiry, and the resume of the run as the original user once every
 * pending call of the run is decided. Bound as `approvals.Service` by `approvalsModule`.
 *
 * @remarks
 * Every decision is a compare-and-set on the store: of many concurrent approvers (in any number of
 * processes) exactly one wins; the others get `APPROVAL_ALREADY_RESOLVED`. The run resumes with a
 * token minted for the user who asked (same tenant, user and session), never a service identity.
 * @category Plugins
 */
@injectable()
export class ApprovalService {
  readonly #options: ApprovalsOptions;
  readonly #store: PendingActionStore;
  readonly #notifier: ApprovalNotifier;
  readonly #claims: ClaimRegistry;
  readonly #clock: () => number;
  readonly #verifier: AccessContextVerifier;
  readonly #runtime: AgentRuntime;
  readonly #actions: ActionRegistry;
  readonly #runStates: RunStateStore | undefined;
  readonly #issuer: AccessContextIssuer | undefined;
  readonly #logger: Logger;

  /**
   * @param options - the parsed options
   * @param store - where pending actions are kept
   * @param notifier - who is told
   * @param claims - the claims this process holds
   * @param clock - the clock
   * @param verifier - verifies approvers' tokens
   * @param runtime - resumes runs
   * @param actions - the registered actions (for the approver policy)
   * @param runStates - where suspended runs are kept
   * @param issuer - the access layer's issuer (when `options.issuer` is not set)
   * @param logger - the logger (names and ids only)
   */
  constructor(
    @$inject('approvals.Options') options: ApprovalsOptions,
    @$inject('approvals.Store') store: PendingActionStore,
    @$inject('approvals.Notifier') notifier: ApprovalNotifier,
    @$inject('approvals.Claims') claims: ClaimRegistry,
    @$inject('core.Clock') clock: () => number,
    @$inject('core.AccessVerifier') verifier: AccessContextVerifier,
    @$inject('core.Runtime') runtime: AgentRuntime,
    @$inject('core.ActionRegistry') actions: ActionRegistry,
    @inject('core.RunStateStore') @optional() runStates: RunStateStore | undefined,
    @inject('core.AccessIssuer') @optional() issuer: AccessContextIssuer | undefined,
    @$inject('core.Logger') logger: Logger,
  ) {
    this.#options = options;
    this.#store = store;
    this.#notifier = notifier;
    this.#claims = claims;
    this.#clock = clock;
    this.#verifier = verifier;
    this.#runtime = runtime;
    this.#actions = actions;
    this.#runStates = runStates;
    this.#issuer = options.issuer ?? issuer;
    this.#logger = logger;
  }

  /**
   * Lists a tenant's pending actions, oldest first.
   * @param query - the tenant, and optionally a status and a run
   * @returns the actions
   */
  list(query: PendingActionQuery): Promise<PendingAction[]> {
    return this.#store.list(query);
  }

  /**
   * Reads one pending action of a tenant.
   * @param tenantId - the tenant
   * @param id - the action
   * @returns the action
   * @throws {@link ApprovalError} `APPROVAL_NOT_FOUND` when there is none in that tenant
   */
  async get(tenantId: string, id: string): Promise<PendingAction> {
    const pa = await this.#store.get(id);
    if (!pa || pa.tenantId !== tenantId) throw new ApprovalError('APPROVAL_NOT_FOUND', `There is no pending action ${JSON.stringify(id)} in this tenant.`);
    return pa;
  }

  /**
   * Approves a pending action, then resumes its run as the original user when every pending call
   * of the run is decided; the approved call runs exactly once.
   * @param input - the action, the approver's token and a comment
   * @param options - whether to resume here or hand the run over (`defer`)
   * @returns the decided action and, when resumed, the run's result (or, deferred, the continuation)
   * @throws {@link @agent-studio/core!index.AccessDeniedError} `ACCESS_CONTEXT_INVALID` for a bad token
   * @throws {@link ApprovalError} `APPROVAL_NOT_FOUND`, `APPROVAL_KIND_MISMATCH`, `APPROVAL_EXPIRED`,
   *   `APPROVAL_ALREADY_RESOLVED` (someone else decided first) or `APPROVER_ACCESS_DENIED`
   */
  async approve(input: ApprovalDecisionInput, options: ApprovalDecisionOptions = {}): Promise<ApprovalOutcome> {
    const { approver, pa } = await this.#checkDecision(input);
    const decided = await this.#decide(pa, 'approved', approver.userId, input.comment);
    return this.#resumeIfReady(decided, options.defer === true ? { defer: true } : {});
  }

  /**
   * Rejects a pending action; the rejection is fed back to the model, or cancels the run when the
   * agent says `onRejection: 'cancel'` (R-HITL-15).
   * @param input - the action, the approver's token and a comment (the reason)
   * @param options - whether to resume here or hand the run over (`defer`)
   * @returns the decided action and, when resumed, the run's result (or, deferred, the continuation)
   * @throws {@link ApprovalError} as for {@link ApprovalService.approve}
   */
  async reject(input: ApprovalDecisionInput, options: ApprovalDecisionOptions = {}): Promise<ApprovalOutcome> {
    const { approver, pa } = await this.#checkDecision(input);
    const decided = await this.#decide(pa, 'rejected', approver.userId, input.comment);
    return this.#resumeIfReady(decided, options.defer === true ? { defer: true } : {});
  }

  /**
   * Resumes a run whose pending calls are all decided, with a token the caller minted for the user
   * who started it (a queue worker does this after a deferred decision). The approved calls are
   * claimed here (`approved → executing`, a compare-and-set), so of several deliveries of one
   * continuation exactly one executes them.
   * @param input - the tenant, the run and the original user's token
   * @returns the decided action the run was anchored on and, when resumed, the run's result
   * @throws {@link ApprovalError} `APPROVAL_NOT_FOUND` when the run has no pending actions in that
   *   tenant, `APPROVAL_ALREADY_RESOLVED` when another delivery already claimed the calls
   * @throws {@link @agent-studio/core!index.AccessDeniedError} `ACCESS_CONTEXT_INVALID` when the token is not the original user's
   */
  async continueRun(input: ContinueRunInput): Promise<ApprovalOutcome> {
    if (typeof input?.accessToken !== 'string' || input.accessToken.length === 0) {
      throw new ApprovalError('APPROVER_ACCESS_DENIED', 'A continuation runs only with a token minted for the user who started the run (R-TOKEN-4).');
    }
    const all = await this.#store.list({ tenantId: input.tenantId, runId: input.runId });
    const anchor = all[all.length - 1];
    if (!anchor) throw new ApprovalError('APPROVAL_NOT_FOUND', `Run ${input.runId} has no pending actions in this tenant.`);
    return this.#resumeIfReady(anchor, { accessToken: input.accessToken });
  }

  /**
   * Runs after a restart (and from time to time): expires what is due and resumes its run; resumes
   * runs whose actions were approved but never started; marks actions whose executor stopped
   * mid-call (`executing` for longer than `staleExecutionMs`) as failed, and resumes their runs so
   * the model is told. A call is never started twice.
   * @param tenantId - the tenant to recover
   * @returns what it did
   */
  async recover(tenantId: string): Promise<RecoveryReport> {
    const now = this.#clock();
    const expired: string[] = [];
    // the sweep is global; report only this tenant's ids
    for (const id of await this.#store.expireDue(now)) if ((await this.#store.get(id))?.tenantId === tenantId) expired.push(id);
    const interrupted: string[] = [];
    for (const pa of await this.#store.list({ tenantId, status: 'executing' })) {
      if (this.#claims.holds(pa.id) || (pa.executedAt ?? 0) + this.#options.staleExecutionMs > now) continue;
      try {
        await this.#store.transition(pa.id, 'executing', 'failed', { comment: 'interrupted: the executor stopped before the call finished; outcome unknown' });
        interrupted.push(pa.id);
      } catch (error) {
        if (!AgentStudioError.hasCode(error, 'STORE_CONFLICT')) throw error;
      }
    }
    const runs = new Set<string>();
    for (const status of ['approved', 'rejected', 'expired', 'failed'] as const) {
      for (const pa of await this.#store.list({ tenantId, status })) runs.add(pa.runId);
    }
    const resumed: string[] = [];
    for (const runId of runs) {
      const pending = await this.#store.list({ tenantId, runId });
      const anchor = pending[pending.length - 1];
      if (!anchor || !this.#runStates || (await this.#runStates.load(runId)) === undefined) continue;
      const outcome = await this.#resumeIfReady(anchor).catch((error: unknown) => {
        if (AgentStudioError.hasCode(error, 'APPROVAL_ALREADY_RESOLVED') || AgentStudioError.hasCode(error, 'RUN_STATE_CONFLICT')) return undefined;
        throw error;
      });
      if (outcome?.run) resumed.push(runId);
    }
    return { expired, resumed, interrupted };
  }

  async #checkDecision(input: ApprovalDecisionInput): Promise<{ approver: AccessContext; pa: PendingAction }> {
    const approver = await this.#verifier.verify(input?.accessToken);
    if (typeof input.id !== 'string' || input.id.length === 0) throw new ApprovalError('APPROVAL_NOT_FOUND', 'Give the id of a pending action.');
    const pa = await this.get(approver.tenantId, input.id);
    if (pa.kind !== 'approval') {
      throw new ApprovalError('APPROVAL_KIND_MISMATCH', `Pending action ${pa.id} is a confirmation: only the user who asked confirms it, in the conversation (by its call id).`);
    }
    if (pa.status === 'awaiting' && this.#clock() >= pa.expiresAt) {
      await this.#store.transition(pa.id, 'awaiting', 'expired').catch(() => undefined);
      throw new ApprovalError('APPROVAL_EXPIRED', `Pending action ${pa.id} expired at ${new Date(pa.expiresAt).toISOString()}; nobody can decide it now.`);
    }
    if (pa.status === 'expired') throw new ApprovalError('APPROVAL_EXPIRED', `Pending action ${pa.id} expired; nobody can decide it now.`);
    if (pa.status !== 'awaiting') throw new ApprovalError('APPROVAL_ALREADY_RESOLVED', `Pending action ${pa.id} was already decided (${pa.status}).`, { details: { status: pa.status } });
    if (approver.userId === pa.userId) {
      throw new ApprovalError('APPROVER_ACCESS_DENIED', 'The user who asked for an action cannot approve or reject it; another approver must.');
    }
    const policy = this.#options.approverPolicy;
    if (!policy) throw new ApprovalError('APPROVER_ACCESS_DENIED', 'No approver policy is configured, so nobody may approve (fail closed). Set approverPolicy in approvalsModule.');
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(pa.argsJson) as Record<string, unknown>;
    } catch {
      args = {};
    }
    let verdict: { allowed: boolean; reason: string };
    try {
      verdict = await policy.check({ approver, pending: pa, action: this.#actions.get(pa.action), args });
    } catch (cause) {
      throw new ApprovalError('APPROVER_ACCESS_DENIED', 'The approver check failed, so the decision was refused (fail closed).', { cause });
    }
    if (!verdict.allowed) throw new ApprovalError('APPROVER_ACCESS_DENIED', `This approver may not decide pending action ${pa.id}: ${verdict.reason}.`);
    return { approver, pa };
  }

  async #decide(pa: PendingAction, to: 'approved' | 'rejected', by: string, comment: string | undefined): Promise<PendingAction> {
    let decided: PendingAction;
    try {
      decided = await this.#store.transition(pa.id, 'awaiting', to, {
        decidedBy: by,
        decidedAt: this.#clock(),
        ...(typeof comment === 'string' && comment.length > 0 ? { comment: comment.slice(0, 1_000) } : {}),
      });
    } catch (error) {
      if (AgentStudioError.hasCode(error, 'STORE_CONFLICT')) {
        throw new ApprovalError('APPROVAL_ALREADY_RESOLVED', `Pending action ${pa.id} was decided by someone else first.`, { cause: error });
      }
      throw error;
    }
    // the decision stands even if telling people fails; the requester also learns it from the run
    await announce(notificationFor(to, decided, [decided.userId]), { events: this.#runtime.events, notifier: this.#notifier, logger: this.#logger });
    return decided;
  }

  async #resumeIfReady(decided: PendingAction, how: { readonly defer?: true; readonly accessToken?: string } = {}): Promise<ApprovalOutcome> {
    const all = await this.#store.list({ tenantId: decided.tenantId, runId: decided.runId });
    const latest = new Map<string, PendingAction>();
    // one decision per call: the latest stage of the call decides (confirmation, then approval)
    for (const pa of all) {
      const seen = latest.get(pa.callId);
      if (!seen || (seen.kind === 'confirmation' && pa.kind === 'approval')) latest.set(pa.callId, pa);
    }
    const waiting = [...latest.values()].filter((pa) => pa.status === 'awaiting');
    if (waiting.length > 0) return { action: decided, notResumed: `waiting for ${waiting.length} more decision(s)` };
    if (!this.#runStates) return { action: decided, notResumed: 'no run-state store is configured; resume the run yourself' };
    const issuer = this.#issuer;
    if (!issuer && how.accessToken === undefined && how.defer !== true) {
      return { action: decided, notResumed: 'no issuer is configured to mint the requester a token; resume the run yourself' };
    }
    const state = (await this.#runStates.load(decided.runId)) as { state?: { agent?: unknown; tenantId?: unknown; userId?: unknown; sessionId?: unknown; pending?: { callId: string; approval?: { kind?: string } }[] } } | undefined;
    const s = state?.state;
    if (!s || typeof s.agent !== 'string' || typeof s.sessionId !== 'string') return { action: decided, notResumed: 'the run has no suspended state (finished or expired)' };
    if (s.tenantId !== decided.tenantId || s.userId !== decided.userId) {
      throw new ApprovalError('APPROVER_ACCESS_DENIED', 'The stored run does not belong to the user who asked; it will not be resumed.');
    }
    if (how.accessToken !== undefined) {
      // check the continuation's token before claiming anything, so a bad token leaves the calls approved
      const access = await this.#verifier.verify(how.accessToken, { agent: s.agent });
      if (access.tenantId !== decided.tenantId || access.userId !== decided.userId || access.sessionId !== s.sessionId || (access.runId !== undefined && access.runId !== decided.runId)) {
        throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Access refused: a continuation resumes a run only with a token minted for the user who started it, in its session (R-TOKEN-4).', {
          details: { check: 'continuation-principal' },
        });
      }
    }
    if (how.defer === true) {
      for (const { callId, approval } of s.pending ?? []) {
        const pa = latest.get(callId);
        if (!pa && approval?.kind === 'async') continue;
        if (!pa) return { action: decided, notResumed: `call ${callId} has no pending action` };
        if (pa.kind === 'confirmation' && pa.status === 'awaiting') return { action: decided, notResumed: 'the user has not confirmed yet' };
      }
      const audience = this.#runtime.agents.find((a) => a.name === s.agent)?.audience ?? 'employee';
      const continuation: RunContinuation = { tenantId: decided.tenantId, runId: decided.runId, userId: decided.userId, agent: s.agent, sessionId: s.sessionId, audience };
      return { action: decided, continuation, notResumed: 'deferred: the run resumes through continueRun' };
    }
    const decisions: CallDecision[] = [];
    for (const { callId, approval } of s.pending ?? []) {
      const pa = latest.get(callId);
      // an async call of the same batch (R-HITL-5) runs when the run resumes, as the user who asked
      if (!pa && approval?.kind === 'async') {
        decisions.push({ callId, decision: 'approve' });
        continue;
      }
      if (!pa) return { action: decided, notResumed: `call ${callId} has no pending action` };
      if (pa.kind === 'confirmation' && pa.status === 'awaiting') return { action: decided, notResumed: 'the user has not confirmed yet' };
      if (pa.status === 'approved') {
        try {
          await this.#store.transition(pa.id, 'approved', 'executing', { executedAt: this.#clock() });
        } catch (error) {
          if (AgentStudioError.hasCode(error, 'STORE_CONFLICT')) {
            throw new ApprovalError('APPROVAL_ALREADY_RESOLVED', `Pending action ${pa.id} is already being executed.`, { cause: error });
          }
          throw error;
        }
        this.#claims.hold(pa.id, pa.runId);
        decisions.push({ callId, decision: 'approve' });
      } else if (pa.status === 'executing' && this.#claims.holds(pa.id)) {
        decisions.push({ callId, decision: 'approve' });
      } else if (pa.status === 'rejected') {
        decisions.push({ callId, decision: 'reject', comment: pa.comment ? `rejected by ${pa.decidedBy ?? 'an approver'}: ${pa.comment}` : `rejected by ${pa.decidedBy ?? 'an approver'}` });
      } else if (pa.status === 'expired') {
        decisions.push({ callId, decision: 'reject', comment: 'the request expired before anyone decided' });
      } else {
        // done, failed, or executing elsewhere: the plugin refuses it with its typed code
        decisions.push({ callId, decision: 'approve' });
      }
    }
    const accessToken =
      how.accessToken ??
      (await (issuer as AccessContextIssuer).mint({
      tenantId: decided.tenantId,
      userId: decided.userId,
      agent: s.agent,
      sessionId: s.sessionId,
      surface: 'runtime',
      audience: this.#runtime.agents.find((a) => a.name === s.agent)?.audience ?? 'employee',
    }));
    const run = await this.#runtime.resume({ accessToken, runId: decided.runId, decisions });
    return { action: (await this.#store.get(decided.id)) ?? decided, run };
  }
}
