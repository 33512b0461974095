import type {
  HookDecisionEvent,
  Logger,
  ModelRequestedEvent,
  ModelRespondedEvent,
  RunFinishedEvent,
  RunStartedEvent,
  RuntimeEvents,
  ToolFinishedEvent,
  ToolStartedEvent,
  TraceStore,
  DecisionRecordedEvent,
  ChatMessage,
} from '@agent-studio/core';
import { BoundedMap, toOutcomeEnvelope } from '@agent-studio/core';
import type { AuditOptions } from './AuditOptions.js';
import type { ContentMasker } from './ContentMasker.js';
import type { ContentPolicy } from './ContentPolicy.js';
import { DECISION_STEP_KIND, type DecisionStep } from './records/DecisionStep.js';
import { EXECUTION_STEP_KIND, type ExecutionStep } from './records/ExecutionStep.js';
import type { LlmCallRecord } from './records/LlmCallRecord.js';
import { type ShapedContent, shapeContent } from './shapeContent.js';
import { type SplitArguments, splitModelArguments } from './splitModelArguments.js';

/** At most this many runs are followed at once; the oldest is forgotten first. */
const MAX_OPEN_RUNS = 10_000;

/** What the trail knows about a run invocation it follows. */
interface RunAudit {
  readonly runId: string;
  readonly agent: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly provider: string;
  readonly policy: ContentPolicy;
  readonly resumed: boolean;
  executionUserId: string | undefined;
  /** Tool names the agent offered to the model (titles never echo a name the model made up). */
  offered: ReadonlySet<string>;
  /** Each call's arguments as the model wrote them (masking tokens included). */
  readonly written: Map<string, SplitArguments>;
  /** Each call's arguments after the `afterModelCall` hooks (values restored). */
  readonly restored: Map<string, SplitArguments>;
  readonly costs: Map<number, number | null>;
  /** Hooks that let the next model step through unchanged. */
  modelChecks: string[];
  /** `beforeModelCall` decisions, written after the messages they acted on. */
  deferred: Array<() => void>;
  /** Hooks that let each tool call through unchanged. */
  readonly toolChecks: Map<string, string[]>;
  lastReplyWritten: string | null;
  lastReplyRestored: string | null;
  /** The last turn seen. */
  turn: number;
  modelCalls: number;
  toolCalls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  unpriced: boolean;
}

/** An `approval:changed` payload, read structurally (the approvals plugin is optional). */
interface ApprovalChanged {
  readonly type: string;
  readonly pendingActionId: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly callId?: string;
  readonly action: string;
  readonly kind: string;
  readonly requester: string;
  readonly decidedBy?: string;
}

/** A `cost:recorded` payload, read structurally (the cost-accounting plugin is optional). */
interface CostRecorded {
  readonly runId: string;
  readonly turn: number;
  readonly costUsd: number | null;
}

/**
 * The audit trail's recorder (SPEC §11): it observes a runtime's events and writes, through a
 * {@link @agent-studio/core!index.TraceStore}, the fine-grained {@link ExecutionStep}s (R-AUDIT-1)
 * and the user-facing {@link DecisionStep}s (R-AUDIT-2) of every run, grouped by turn
 * (R-AUDIT-3), with each agent's content policy applied to every free-text field (R-AUDIT-4).
 *
 * @remarks
 * It never blocks a run: steps are appended in the background, one run's steps in order, and a
 * store that fails is logged (ids and codes) and counted in {@link AuditTrail.dropped}. Call
 * {@link AuditTrail.flush} before reading a run's trail in the same process.
 * @category Plugins
 */
export class AuditTrail {
  readonly #options: AuditOptions;
  readonly #store: TraceStore;
  readonly #masker: ContentMasker;
  readonly #clock: () => number;
  #logger: Logger | undefined;
  readonly #runs = new BoundedMap<string, RunAudit>(MAX_OPEN_RUNS);
  readonly #pending = new Set<Promise<void>>();
  /** The tail of each run's append chain, while steps are queued. */
  readonly #chains = new Map<string, Promise<void>>();
  #events: RuntimeEvents | undefined;
  #dropped = 0;
  #written = 0;
  readonly #handlers: ReadonlyArray<readonly [string, (payload: never) => void]>;

  /**
   * @param options - the parsed options
   * @param store - where steps go
   * @param masker - the masker of the `masked` policy
   * @param clock - the clock (epoch ms)
   */
  constructor(options: AuditOptions, store: TraceStore, masker: ContentMasker, clock: () => number) {
    this.#options = options;
    this.#store = store;
    this.#masker = masker;
    this.#clock = clock;
    this.#handlers = [
      ['run:started', (e: RunStartedEvent) => this.#runStarted(e)],
      ['identity:resolved', (e: { runId: string; runAs: string }) => this.#identity(e)],
      ['model:requested', (e: ModelRequestedEvent) => this.#modelRequested(e)],
      ['cost:recorded', (e: CostRecorded) => this.#cost(e)],
      ['approval:changed', (e: ApprovalChanged) => this.#approvalChanged(e)],
      ['model:responded', (e: ModelRespondedEvent) => this.#modelResponded(e)],
      ['tool:started', (e: ToolStartedEvent) => this.#toolStarted(e)],
      ['tool:finished', (e: ToolFinishedEvent) => this.#toolFinished(e)],
      ['hook:decision', (e: HookDecisionEvent) => this.#hookDecision(e)],
      ['decision:recorded', (e: DecisionRecordedEvent) => this.#runtimeDecision(e)],
      ['run:finished', (e: RunFinishedEvent) => this.#runFinished(e)],
    ] as unknown as ReadonlyArray<readonly [string, (payload: never) => void]>;
  }

  /** The store the steps go to. */
  get store(): TraceStore {
    return this.#store;
  }

  /** How many steps could not be stored since startup. */
  get dropped(): number {
    return this.#dropped;
  }

  /** How many steps were stored since startup. */
  get written(): number {
    return this.#written;
  }

  /**
   * The content policy of an agent.
   * @param agent - the agent's name
   * @returns its policy (the `agents` entry, else `persistContent`)
   */
  policyFor(agent: string): ContentPolicy {
    return this.#options.agents[agent] ?? this.#options.persistContent;
  }

  /**
   * Starts observing a runtime's events.
   * @param events - the runtime's events
   * @param logger - where store failures are reported (ids and codes only)
   */
  attach(events: RuntimeEvents, logger: Logger): void {
    this.detach();
    this.#events = events;
    this.#logger = logger;
    const on = events.on.bind(events) as unknown as (name: string, fn: (payload: never) => void) => void;
    for (const [name, fn] of this.#handlers) on(name, fn);
  }

  /** Stops observing. Steps already queued are still written. */
  detach(): void {
    const events = this.#events;
    if (!events) return;
    const off = events.off.bind(events) as unknown as (name: string, fn: (payload: never) => void) => void;
    for (const [name, fn] of this.#handlers) off(name, fn);
    this.#events = undefined;
  }

  /**
   * Waits until every step queued so far is stored (or has failed).
   * @returns when the queue is empty
   */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #runStarted(e: RunStartedEvent): void {
    const run: RunAudit = {
      runId: e.runId,
      agent: e.agent,
      tenantId: e.tenantId,
      userId: e.userId,
      provider: e.provider,
      policy: this.policyFor(e.agent),
      resumed: e.resumed,
      executionUserId: undefined,
      offered: new Set(),
      written: new Map(),
      restored: new Map(),
      costs: new Map(),
      modelChecks: [],
      deferred: [],
      toolChecks: new Map(),
      lastReplyWritten: null,
      lastReplyRestored: null,
      turn: 0,
      modelCalls: 0,
      toolCalls: 0,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      unpriced: false,
    };
    this.#runs.set(e.runId, run);
    this.#decision(run, {
      stepType: e.resumed ? 'AGENT_RESUMED' : 'RUN_STARTED',
      title: e.resumed ? `Run resumed for ${e.userId}` : `Run of agent ${e.agent} started for ${e.userId}`,
      description: e.resumed
        ? `The run continues as ${e.userId} with the decisions it was waiting for${describeDecisions(e.decisions)}.`
        : `User ${e.userId} of tenant ${e.tenantId} asked agent ${e.agent} through the ${e.surface} surface.`,
      turn: 0,
      success: true,
      model: e.model,
      provider: e.provider,
      originalUserId: e.userId,
      run: { agent: e.agent, tenantId: e.tenantId, surface: e.surface, contentPolicy: run.policy },
    });
  }

  #identity(e: { runId: string; runAs: string }): void {
    const run = this.#runs.get(e.runId);
    if (!run || typeof e.runAs !== 'string') return;
    run.executionUserId = e.runAs;
    this.#decision(run, {
      stepType: 'CONTEXT_GATHERED',
      title: `Acting as ${e.runAs}`,
      description:
        e.runAs === run.userId ? `Data access runs as the user who asked, ${run.userId}.` : `Data access runs as the agent's own user ${e.runAs}, on behalf of ${run.userId}.`,
      turn: 0,
      success: true,
      plugin: 'identity',
    });
  }

  #modelRequested(e: ModelRequestedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    run.turn = e.turn;
    const messages = e.request.messages;
    const tools = (e.request.tools ?? []).map((t) => t.function.name);
    run.offered = new Set(tools);
    let last = -1;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i]?.role === 'assistant') {
        last = i;
        break;
      }
    }
    const fresh = messages.slice(last + 1);
    const first = e.turn === 1 && !run.resumed;
    if (first) {
      const system = messages.find((m) => m.role === 'system');
      const shaped = this.#shape(run, system ? textOf(system) : null);
      this.#decision(run, {
        stepType: 'SYSTEM_PROMPT_BUILT',
        title: 'Instructions prepared',
        description: `The agent's instructions (${shaped.contentLength} characters) open the conversation.`,
        turn: e.turn,
        success: true,
        content: shaped.content,
      });
      this.#decision(run, {
        stepType: 'TOOLS_CONFIGURED',
        title: `${tools.length} tool${tools.length === 1 ? '' : 's'} offered`,
        description: tools.length === 0 ? 'The model may only answer in text.' : `The model may call: ${tools.join(', ')}.`,
        turn: e.turn,
        success: true,
      });
    }
    for (const message of fresh) {
      if (message.role === 'system' || message.role === 'developer' || message.role === 'function') continue;
      const text = textOf(message);
      const shaped = this.#shape(run, text);
      this.#execution(run, { stepType: 'message', turn: e.turn, role: message.role, ...shaped, contentType: message.role === 'tool' ? 'json' : 'text', ...(message.role === 'tool' ? { toolCallId: message.tool_call_id } : {}) });
      if (message.role === 'user') {
        this.#decision(run, {
          stepType: 'USER_INPUT',
          title: 'The user asked',
          description: `A message of ${shaped.contentLength} characters.`,
          turn: e.turn,
          success: true,
          content: shaped.content,
        });
      }
    }
    this.#flushDeferred(run);
    const checks = run.modelChecks;
    run.modelChecks = [];
    this.#decision(run, {
      stepType: 'LLM_REQUEST',
      title: `Turn ${e.turn}: request to ${e.model}`,
      description: `${messages.length} message${messages.length === 1 ? '' : 's'} and ${tools.length} tool${tools.length === 1 ? '' : 's'} sent to the model.`,
      turn: e.turn,
      success: true,
      model: e.model,
      provider: run.provider,
      ...(checks.length > 0 ? { checks } : {}),
    });
  }

  /** A decision on a pending action, usually in another process than the run: who decided, by verified token. */
  #approvalChanged(e: ApprovalChanged): void {
    if (typeof e !== 'object' || e === null || typeof e.runId !== 'string' || typeof e.tenantId !== 'string') return;
    if (e.type !== 'approved' && e.type !== 'rejected' && e.type !== 'expired') return;
    const who = typeof e.decidedBy === 'string' ? e.decidedBy : undefined;
    const verb = e.type === 'approved' ? 'approved' : e.type === 'rejected' ? 'rejected' : 'expired';
    const step: DecisionStep = {
      stepType: 'APPROVAL_RESOLVED',
      title: e.type === 'expired' ? `${e.action} expired without a decision` : `${e.action} ${verb} by ${who ?? 'an approver'}`,
      description:
        e.type === 'approved'
          ? `The ${e.kind} of ${e.action} requested by ${e.requester} was granted${who ? ` by ${who}` : ''}; the call runs as ${e.requester}.`
          : e.type === 'rejected'
            ? `The ${e.kind} of ${e.action} requested by ${e.requester} was refused${who ? ` by ${who}` : ''}.`
            : `Nobody decided the ${e.kind} of ${e.action} in time.`,
      turn: this.#runs.get(e.runId)?.turn ?? 0,
      success: e.type === 'approved',
      ...(e.type === 'approved' ? {} : { errorCode: e.type === 'rejected' ? 'APPROVAL_REJECTED' : 'APPROVAL_EXPIRED' }),
      toolName: e.action,
      ...(typeof e.callId === 'string' ? { toolCallId: e.callId } : {}),
      originalUserId: e.requester,
    };
    this.#appendTo(e.runId, e.tenantId, DECISION_STEP_KIND, step);
  }

  #cost(e: CostRecorded): void {
    if (typeof e !== 'object' || e === null || typeof e.runId !== 'string' || typeof e.turn !== 'number') return;
    const run = this.#runs.get(e.runId);
    if (!run) return;
    run.costs.set(e.turn, typeof e.costUsd === 'number' && Number.isFinite(e.costUsd) ? e.costUsd : null);
  }

  #modelResponded(e: ModelRespondedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const cost = run.costs.has(e.turn) ? (run.costs.get(e.turn) ?? null) : null;
    run.modelCalls += 1;
    run.promptTokens += e.usage.prompt_tokens;
    run.completionTokens += e.usage.completion_tokens;
    if (cost === null) run.unpriced = true;
    else run.costUsd += cost;
    const written = e.received.choices[0]?.message;
    const writtenCalls = written?.tool_calls ?? [];
    for (const call of writtenCalls) run.written.set(call.id, splitModelArguments(call.function.arguments));
    for (const call of e.toolCalls) run.restored.set(call.id, splitModelArguments(call.arguments));
    run.lastReplyWritten = written?.content ?? null;
    run.lastReplyRestored = e.content;
    const llmCall: LlmCallRecord = {
      id: `${e.runId}:${e.turn}`,
      model: e.model,
      provider: run.provider,
      promptTokens: e.usage.prompt_tokens,
      completionTokens: e.usage.completion_tokens,
      totalTokens: e.usage.total_tokens,
      durationMs: round(e.durationMs),
      costUsd: cost,
      finishReason: e.finishReason,
    };
    const reply = this.#shape(run, run.policy === 'full' ? e.content : (written?.content ?? null));
    this.#execution(run, { stepType: 'llm_call', turn: e.turn, role: 'assistant', ...reply, contentType: 'text', llmCall, durationMs: llmCall.durationMs });
    const names = e.toolCalls.map((c) => this.#toolLabel(run, c.name));
    const checks = run.modelChecks;
    run.modelChecks = [];
    this.#decision(run, {
      stepType: 'LLM_RESPONSE',
      title: names.length > 0 ? `Turn ${e.turn}: the model asked for ${names.join(', ')}` : `Turn ${e.turn}: the model answered`,
      description: `${e.model} took ${llmCall.durationMs} ms and used ${llmCall.promptTokens} prompt and ${llmCall.completionTokens} completion tokens${cost === null ? ' (not priced)' : ''}.`,
      turn: e.turn,
      success: true,
      durationMs: llmCall.durationMs,
      promptTokens: llmCall.promptTokens,
      completionTokens: llmCall.completionTokens,
      costUsd: cost,
      model: e.model,
      provider: run.provider,
      ...(checks.length > 0 ? { checks } : {}),
    });
    for (const call of e.toolCalls) {
      const split = this.#argumentsOf(run, call.id);
      const args = this.#shape(run, split?.arguments ?? null);
      const rationale = this.#shape(run, split?.rationale ?? null);
      this.#decision(run, {
        stepType: 'TOOL_SELECTED',
        title: `Tool ${this.#toolLabel(run, call.name)} selected`,
        description: split?.rationale === undefined ? 'The model gave no reason.' : `The model explained why (${rationale.contentLength} characters).`,
        turn: e.turn,
        success: true,
        toolCallId: call.id,
        toolName: this.#toolLabel(run, call.name),
        rationale: rationale.content,
        content: args.content,
      });
    }
  }

  #toolStarted(e: ToolStartedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const split = this.#argumentsOf(run, e.callId);
    const argsText = run.policy === 'full' || split === undefined ? JSON.stringify(e.args) : split.arguments;
    const rationaleText = run.policy === 'full' || split === undefined ? e.rationale : split.rationale;
    const args = this.#shape(run, argsText);
    const rationale = this.#shape(run, rationaleText ?? null);
    this.#execution(run, {
      stepType: 'tool_call',
      turn: e.turn,
      content: null,
      contentType: 'json',
      contentLength: 0,
      truncated: args.truncated || rationale.truncated,
      toolCallId: e.callId,
      toolName: e.action,
      toolArguments: args.content,
      rationale: rationale.content,
      ...(split?.confidence === undefined ? {} : { confidence: split.confidence }),
      llmCallId: `${e.runId}:${e.turn}`,
    });
  }

  #toolFinished(e: ToolFinishedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    run.toolCalls += 1;
    const envelope = this.#shape(run, JSON.stringify(toOutcomeEnvelope(e.result)));
    const code = e.result.ok ? undefined : e.result.errorCode;
    const durationMs = round(e.durationMs);
    this.#execution(run, {
      stepType: 'tool_result',
      turn: e.turn,
      role: 'tool',
      content: null,
      contentType: 'json',
      contentLength: envelope.contentLength,
      truncated: envelope.truncated,
      toolCallId: e.callId,
      toolName: e.action,
      toolResult: envelope.content,
      durationMs,
      isError: !e.result.ok,
      ...(code === undefined ? {} : { errorCode: code, isDependencyValidationFailure: code.startsWith('DEPENDENCY_') }),
      llmCallId: `${e.runId}:${e.turn}`,
    });
    const checks = run.toolChecks.get(e.callId) ?? [];
    run.toolChecks.delete(e.callId);
    this.#decision(run, {
      stepType: 'TOOL_RESULT',
      title: e.result.ok ? `Tool ${e.action} succeeded` : `Tool ${e.action} failed: ${code}`,
      description: e.result.ok ? `It ran in ${durationMs} ms.` : `It ran in ${durationMs} ms and returned the error ${code} to the model.`,
      turn: e.turn,
      success: e.result.ok,
      ...(code === undefined ? {} : { errorCode: code }),
      durationMs,
      toolCallId: e.callId,
      toolName: e.action,
      content: envelope.content,
      ...(checks.length > 0 ? { checks } : {}),
    });
  }

  #hookDecision(e: HookDecisionEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const label = `${e.plugin}.${e.hook}`;
    if (e.decision === 'continue') {
      if (e.callId === undefined) run.modelChecks.push(label);
      else {
        const list = run.toolChecks.get(e.callId) ?? [];
        list.push(label);
        run.toolChecks.set(e.callId, list);
      }
      return;
    }
    if (e.hook === 'beforeModelCall') {
      run.deferred.push(() => this.#writeHookDecision(run, e));
      return;
    }
    this.#writeHookDecision(run, e);
  }

  #flushDeferred(run: RunAudit): void {
    const deferred = run.deferred;
    run.deferred = [];
    for (const write of deferred) write();
  }

  #writeHookDecision(run: RunAudit, e: HookDecisionEvent): void {
    if (e.decision === 'continue') return;
    const decision = e.decision;
    const reason = this.#shapeReason(run, e.reason);
    this.#execution(run, {
      stepType: 'hook_decision',
      turn: e.turn,
      content: null,
      contentType: 'text',
      contentLength: 0,
      truncated: false,
      plugin: e.plugin,
      hook: e.hook,
      decision: e.decision,
      reason,
      durationMs: round(e.durationMs),
      isError: e.decision === 'block' || e.decision === 'skipped',
      ...(e.code === undefined ? {} : { errorCode: e.code, isDependencyValidationFailure: e.code.startsWith('DEPENDENCY_') }),
      ...(e.callId === undefined ? {} : { toolCallId: e.callId }),
      isInternal: true,
    });
    const blocked = e.decision === 'block';
    const stepType = e.decision === 'suspend' ? 'APPROVAL_REQUESTED' : blocked && e.plugin === 'prompt-safety' ? 'SAFETY_BLOCKED' : 'POLICY_DECISION';
    const verb = { replace: 'changed', block: 'blocked', suspend: 'paused for a decision', skipped: 'failed and was skipped (fail-open)' }[decision];
    const what = e.callId === undefined ? (e.hook.endsWith('ModelCall') ? (e.hook.startsWith('before') ? 'the model request' : 'the model response') : 'the run') : e.hook.startsWith('before') ? 'the tool call' : 'the tool result';
    this.#decision(run, {
      stepType,
      title: `${e.plugin} ${verb} ${what}`,
      description: `Plugin ${e.plugin} decided "${e.decision}" in ${e.hook}${e.code === undefined ? '' : ` with code ${e.code}`}.`,
      turn: e.turn,
      success: !(blocked || e.decision === 'skipped'),
      ...(e.code === undefined ? {} : { errorCode: e.code }),
      durationMs: round(e.durationMs),
      plugin: e.plugin,
      hook: e.hook,
      reason,
      ...(e.callId === undefined ? {} : { toolCallId: e.callId }),
    });
  }

  #runtimeDecision(e: DecisionRecordedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    const reason = this.#shapeReason(run, e.reason);
    this.#execution(run, {
      stepType: 'runtime_decision',
      turn: e.turn,
      content: null,
      contentType: 'text',
      contentLength: 0,
      truncated: false,
      plugin: 'runtime',
      decision: e.kind,
      reason,
      ...(e.callId === undefined ? {} : { toolCallId: e.callId }),
      isInternal: true,
    });
    this.#decision(run, {
      stepType: 'POLICY_DECISION',
      title: `Runtime: ${e.kind.replaceAll('-', ' ')}`,
      description: `The runtime recorded "${e.kind}".`,
      turn: e.turn,
      success: !DENIALS.test(e.kind),
      plugin: 'runtime',
      reason,
      ...(e.callId === undefined ? {} : { toolCallId: e.callId }),
    });
  }

  #runFinished(e: RunFinishedEvent): void {
    const run = this.#runs.get(e.runId);
    if (!run) return;
    this.#flushDeferred(run);
    const totals = {
      modelCalls: run.modelCalls,
      toolCalls: run.toolCalls,
      promptTokens: run.promptTokens,
      completionTokens: run.completionTokens,
      costUsd: run.unpriced ? null : round6(run.costUsd),
    };
    const durationMs = round(e.durationMs);
    const code = e.errorCode;
    const common = { turn: lastTurn(run), durationMs, promptTokens: totals.promptTokens, completionTokens: totals.completionTokens, costUsd: totals.costUsd, totals, ...(code === undefined ? {} : { errorCode: code }) };
    switch (e.status) {
      case 'completed': {
        const reply = this.#shape(run, run.policy === 'full' ? run.lastReplyRestored : run.lastReplyWritten);
        this.#decision(run, { stepType: 'FINAL_RESPONSE', title: 'The agent answered', description: `The run completed in ${durationMs} ms with a reply of ${reply.contentLength} characters.`, success: true, content: reply.content, ...common });
        break;
      }
      case 'suspended':
        this.#decision(run, { stepType: 'RUN_SUSPENDED', title: 'The run is waiting', description: `The run paused after ${durationMs} ms until a person decides the pending calls.`, success: true, ...common });
        break;
      case 'blocked':
        this.#decision(run, { stepType: 'RUN_BLOCKED', title: `The run was blocked: ${code ?? 'POLICY_BLOCKED'}`, description: `A plugin stopped the run after ${durationMs} ms.`, success: false, ...common });
        break;
      case 'failed':
        this.#decision(run, { stepType: 'ERROR', title: `The run failed: ${code ?? 'UNKNOWN'}`, description: `The run ended with an error after ${durationMs} ms.`, success: false, ...common });
        break;
    }
    this.#execution(run, {
      stepType: 'run_end',
      turn: common.turn,
      content: null,
      contentType: 'text',
      contentLength: 0,
      truncated: false,
      decision: e.status,
      durationMs,
      isError: e.status === 'failed' || e.status === 'blocked',
      ...(code === undefined ? {} : { errorCode: code }),
    });
    this.#runs.take(e.runId);
  }

  #argumentsOf(run: RunAudit, callId: string): SplitArguments | undefined {
    return run.policy === 'full' ? (run.restored.get(callId) ?? run.written.get(callId)) : run.written.get(callId);
  }

  #toolLabel(run: RunAudit, name: string): string {
    return run.offered.has(name) ? name : 'an unknown tool';
  }

  #shape(run: RunAudit, text: string | null | undefined): ShapedContent {
    return shapeContent(text, run.policy, this.#masker, this.#options.maxContentChars);
  }

  /** Reasons are written by plugins, not by users or the model; they are kept under every policy, masked unless `full`. */
  #shapeReason(run: RunAudit, reason: string | undefined): string | null {
    if (reason === undefined) return null;
    return shapeContent(reason, run.policy === 'full' ? 'full' : 'masked', this.#masker, this.#options.maxContentChars).content;
  }

  #decision(run: RunAudit, step: Omit<DecisionStep, 'originalUserId' | 'executionUserId'> & { originalUserId?: string }): void {
    const data: DecisionStep = {
      ...step,
      originalUserId: run.userId,
      ...(run.executionUserId === undefined ? {} : { executionUserId: run.executionUserId }),
    };
    this.#append(run, DECISION_STEP_KIND, data);
  }

  #execution(
    run: RunAudit,
    step: Omit<ExecutionStep, 'contentPolicy' | 'isError' | 'isDependencyValidationFailure' | 'isAsyncToolExecution' | 'isInternal' | 'isResumed'> &
      Partial<Pick<ExecutionStep, 'isError' | 'isDependencyValidationFailure' | 'isInternal'>>,
  ): void {
    const data: ExecutionStep = {
      isError: false,
      isDependencyValidationFailure: false,
      isAsyncToolExecution: false,
      isInternal: false,
      ...step,
      contentPolicy: run.policy,
      isResumed: run.resumed,
    };
    this.#append(run, EXECUTION_STEP_KIND, data);
  }

  #append(run: RunAudit, kind: string, data: DecisionStep | ExecutionStep): void {
    this.#appendTo(run.runId, run.tenantId, kind, data);
  }

  /** Queues a step on its run's chain, so one run's steps are stored in event order. */
  #appendTo(runId: string, tenantId: string, kind: string, data: DecisionStep | ExecutionStep): void {
    const step = { runId, tenantId, at: this.#clock(), kind, data: stripUndefined(data) };
    const previous = this.#chains.get(runId) ?? Promise.resolve();
    // the bookkeeping runs in the step's own handlers (no extra `finally` promise per step)
    const forget = (): void => {
      this.#pending.delete(settled);
      if (this.#chains.get(runId) === settled) this.#chains.delete(runId);
    };
    const settled: Promise<void> = previous.then(() => this.#store.append(step)).then(
      () => {
        this.#written += 1;
        forget();
      },
      (error: unknown) => {
        this.#dropped += 1;
        forget();
        const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
        this.#logger?.warn({ plugin: 'audit', runId, kind, error: (error as Error)?.name ?? 'Error', ...(code ? { code } : {}) }, 'audit step not stored');
      },
    );
    this.#chains.set(runId, settled);
    this.#pending.add(settled);
  }
}

/** `call-1 approved, call-2 rejected`, or nothing. */
function describeDecisions(decisions: RunStartedEvent['decisions']): string {
  if (!decisions || decisions.length === 0) return '';
  return `: ${decisions.map((d) => `${d.callId} ${d.decision === 'approve' ? 'approved' : 'rejected'}`).join(', ')}`;
}

/** Runtime decision kinds that refuse something. */
const DENIALS = /denied|refused|rejected|unknown|ignored/;

function textOf(message: ChatMessage): string | null {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: { type?: string; text?: string }) => (p.type === 'text' && typeof p.text === 'string' ? p.text : `[${p.type ?? 'part'}]`)).join('\n');
  }
  return null;
}

function lastTurn(run: RunAudit): number {
  return run.turn;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function round6(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

function stripUndefined(data: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // keys, not entries: no pair array per field (this runs for every step)
  for (const k of Object.keys(data)) {
    const v = (data as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
