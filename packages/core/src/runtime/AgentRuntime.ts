import { randomUUID } from 'node:crypto';
import { injectable, optional } from 'inversify';
import { z } from 'zod';
import type { AccessContext } from '../access/AccessContext.js';
import type { AccessContextVerifier } from '../access/AccessContextVerifier.js';
import type { ActionContext, ActionDefinition } from '../actions/ActionConfig.js';
import type { ActionDescriptor } from '../actions/ActionDescriptor.js';
import type { ActionRegistry } from '../actions/ActionRegistry.js';
import { ToolCallScheduler } from '../concurrency/ToolCallScheduler.js';
import { $inject, $multiInject } from '../di/inject.js';
import {
  AccessDeniedError,
  ActionExecutionError,
  type AgentStudioError,
  ConfigurationError,
  ModelBehaviorError,
  PolicyViolationError,
  SchemaValidationError,
} from '../errors/AgentStudioError.js';
import { isAbortError, toAgentStudioError } from '../errors/toAgentStudioError.js';
import type { RuntimeEventMap, RuntimeEvents } from '../events/RuntimeEvents.js';
import { raceAbort } from '../internal/raceAbort.js';
import { parseToolArguments } from '../internal/toolArguments.js';
import type { AgentPlugin, PluginSetupApi } from '../plugin/AgentPlugin.js';
import { ContextBag } from '../plugin/ContextBag.js';
import type { ResumeDecision, RunContext, ToolCallContext } from '../plugin/HookContexts.js';
import { HookPipeline } from '../plugin/HookPipeline.js';
import { validatePlugins } from '../plugin/validatePlugins.js';
import { type AssistantMessage, type ChatMessage, ChatMessageSchema, type ToolCall, type ToolMessage } from '../schemas/messages.js';
import { parseWire } from '../schemas/parseWire.js';
import type { ChatCompletionRequest, ToolDefinition } from '../schemas/request.js';
import { ChatCompletionResponseSchema, type Usage } from '../schemas/response.js';
import { CORE_VERSION } from '../version.js';
import { type ActionResult, toOutcomeEnvelope } from './ActionResult.js';
import type { AgentDefinition, Capability } from './AgentDefinition.js';
import type { Logger } from './Logger.js';
import type { ModelClient } from './ModelClient.js';
import type { ModelCallRecord, PendingApproval, RunResult, RunStatus } from './RunResult.js';
import { type RunStateData, RunStateSigner } from './RunState.js';
import type { RuntimeOptions } from './RuntimeOptions.js';

/**
 * A request to run an agent.
 * @category Runtime
 */
export interface RunRequest {
  /** The agent's name. */
  readonly agent: string;
  /** The AccessContext token minted by the access layer for this caller and agent (R-API-1). */
  readonly accessToken: string;
  /** The user's message. */
  readonly input: string;
  /** Earlier turns of the conversation (user, assistant and tool messages only). */
  readonly history?: readonly ChatMessage[];
  /** Context variables the agent allows callers to set (`requestVariables`). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Cancels the run; the run then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * A person's decision on one suspended call.
 * @category Runtime
 */
export interface CallDecision {
  /** The suspended call's id. */
  readonly callId: string;
  /** Approve or reject. */
  readonly decision: 'approve' | 'reject';
  /** Who decided; defaults to the user of the access token. */
  readonly decidedBy?: string;
  /** An optional comment, fed to the model on rejection. */
  readonly comment?: string;
}

/**
 * A request to resume a suspended run.
 * @category Runtime
 */
export interface ResumeRequest {
  /** A fresh AccessContext token for the user who started the run (R-TOKEN-4). */
  readonly accessToken: string;
  /** The signed state from the suspended result (parsed JSON is fine). */
  readonly state: unknown;
  /** One decision per pending call. */
  readonly decisions: readonly CallDecision[];
  /** Cancels the run. */
  readonly signal?: AbortSignal;
}

interface CompiledAgent {
  readonly definition: AgentDefinition;
  readonly tools: readonly ToolDefinition[];
  readonly capabilities: ReadonlyMap<string, { readonly capability: Capability; readonly action: ActionDescriptor }>;
  readonly scheduler: ToolCallScheduler;
}

interface RunSession {
  readonly runId: string;
  readonly compiled: CompiledAgent;
  readonly access: AccessContext;
  readonly variables: Record<string, unknown>;
  readonly messages: ChatMessage[];
  readonly modelCalls: ModelCallRecord[];
  readonly toolFailures: Map<string, number>;
  readonly bag: ContextBag;
  readonly signal: AbortSignal;
  readonly startedAt: number;
  turn: number;
}

type BatchOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'suspended'; readonly pending: PendingApproval[]; readonly completed: Record<string, string> }
  | { readonly kind: 'failed'; readonly error: AgentStudioError };

const RequestVariablesSchema = z.record(z.string(), z.unknown());
const HistorySchema = z.array(ChatMessageSchema);
const ZERO_USAGE: Usage = Object.freeze({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

/**
 * The orchestrator: runs an agent's model loop (SPEC §9) and puts every model call and every
 * tool call through the plugin hooks. It refuses to run without a verified AccessContext token
 * (R-API-1), and it resumes suspended runs only from a state it signed itself.
 *
 * @example
 * ```ts
 * const container = createContainer({ model, verifier, stateKey, agents: [agent], actions: [getOrder] });
 * const runtime = container.get('core.Runtime');
 * const result = await runtime.run({ agent: 'order-status', accessToken, input: 'Where is my order?' });
 * ```
 * @category Runtime
 */
@injectable()
export class AgentRuntime {
  /** The runtime's events (observe only). */
  readonly events: RuntimeEvents;
  /** The action registry. */
  readonly actions: ActionRegistry;
  readonly #model: ModelClient;
  readonly #verifier: AccessContextVerifier;
  readonly #signer: RunStateSigner;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #plugins: readonly AgentPlugin[];
  readonly #agentDefinitions: readonly AgentDefinition[];
  readonly #actionDefinitions: readonly ActionDefinition[];
  readonly #providers: readonly object[];
  readonly #agents = new Map<string, CompiledAgent>();
  readonly #consumedStates = new Set<string>();
  #pipeline: HookPipeline | undefined;
  #starting: Promise<void> | undefined;

  /**
   * Built by the container; use `createContainer(...)` and `container.get('core.Runtime')`.
   * @param model - the model client
   * @param actions - the action registry
   * @param events - the event emitter
   * @param verifier - the AccessContext verifier
   * @param options - the run-state key
   * @param logger - the logger
   * @param clock - the clock
   * @param plugins - the enforcement plugins
   * @param agents - the agent definitions
   * @param actionDefinitions - actions to register at startup
   * @param providers - objects with `@Action` methods to register at startup
   */
  constructor(
    @$inject('core.ModelClient') model: ModelClient,
    @$inject('core.ActionRegistry') actions: ActionRegistry,
    @$inject('core.Events') events: RuntimeEvents,
    @$inject('core.AccessVerifier') verifier: AccessContextVerifier,
    @$inject('core.RuntimeOptions') options: RuntimeOptions,
    @$inject('core.Logger') logger: Logger,
    @$inject('core.Clock') clock: () => number,
    @$multiInject('core.Plugin') @optional() plugins: AgentPlugin[],
    @$multiInject('core.Agent') @optional() agents: AgentDefinition[],
    @$multiInject('core.Action') @optional() actionDefinitions: ActionDefinition[],
    @$multiInject('core.ActionProvider') @optional() providers: object[],
  ) {
    this.#model = model;
    this.actions = actions;
    this.events = events;
    this.#verifier = verifier;
    this.#signer = new RunStateSigner(options.stateKey);
    this.#logger = logger;
    this.#clock = clock;
    // inversify gives undefined for an optional multi-injection with no binding
    this.#plugins = (plugins as AgentPlugin[] | undefined) ?? [];
    this.#agentDefinitions = (agents as AgentDefinition[] | undefined) ?? [];
    this.#actionDefinitions = (actionDefinitions as ActionDefinition[] | undefined) ?? [];
    this.#providers = (providers as object[] | undefined) ?? [];
  }

  /**
   * Checks the configuration and prepares everything a run needs: plugin manifests, dependencies
   * and core range; action registration (with the SPEC §12 lint); agents' capabilities; plugin
   * `setup`. Called by the first `run`; call it yourself to fail at startup rather than on the
   * first request.
   * @throws {@link ConfigurationError} for any configuration problem
   */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /**
   * The plugins in run order, after {@link AgentRuntime.start}.
   * @returns the plugins
   */
  get plugins(): readonly AgentPlugin[] {
    return this.#pipeline?.plugins ?? [];
  }

  /**
   * The agent definitions, after {@link AgentRuntime.start}.
   * @returns the agents
   */
  get agents(): readonly AgentDefinition[] {
    return [...this.#agents.values()].map((a) => a.definition);
  }

  /**
   * Runs an agent on one user message.
   * @param request - the agent, the access token, the message and options
   * @returns the result: completed, suspended (with a signed state), blocked or failed
   * @throws {@link AccessDeniedError} `ACCESS_CONTEXT_INVALID` when the token is missing, forged,
   *   expired or for another agent or audience
   * @throws {@link ConfigurationError} when the configuration is invalid or the agent is unknown
   * @throws {@link SchemaValidationError} when the request is malformed
   * @throws the signal's reason (an `AbortError`) when the run is cancelled
   */
  async run(request: RunRequest): Promise<RunResult> {
    await this.start();
    const compiled = this.#agent(request.agent);
    const access = await this.#verifyAccess(request.accessToken, compiled.definition);
    if (typeof request.input !== 'string' || request.input.length === 0) {
      throw new SchemaValidationError('SCHEMA_INVALID', 'Run request refused: input must be a non-empty string.');
    }
    const variables = this.#requestVariables(request.variables, compiled.definition, access);
    const history = request.history === undefined ? [] : this.#history(request.history);
    const session: RunSession = {
      runId: randomUUID(),
      compiled,
      access,
      variables,
      messages: [{ role: 'system', content: compiled.definition.instructions }, ...history, { role: 'user', content: request.input }],
      modelCalls: [],
      toolFailures: new Map(),
      bag: new ContextBag(),
      signal: request.signal ?? new AbortController().signal,
      startedAt: this.#clock(),
      turn: 0,
    };
    this.#emit('run:started', () => ({
      runId: session.runId,
      agent: compiled.definition.name,
      tenantId: access.tenantId,
      userId: access.userId,
      surface: access.surface,
      resumed: false,
    }));
    return this.#guard(session, () => this.#loop(session));
  }

  /**
   * Resumes a suspended run with a decision for each pending call. Approved calls go through the
   * `beforeToolCall` hooks again (which see the decision in `ctx.resume`) and then run as the user
   * who started the run; rejected calls are fed back to the model (or cancel the run when the
   * agent says `onRejection: 'cancel'`). A state is accepted once per runtime instance.
   * @param request - a fresh access token for the original user, the signed state and the decisions
   * @returns the result of the continued run
   * @throws {@link AccessDeniedError} `RUN_STATE_INVALID` when the state was altered or signed with
   *   another key, `ACCESS_CONTEXT_INVALID` when the token is not the original user's
   * @throws {@link ConfigurationError} `RUN_STATE_CONFLICT` when the decisions do not match the
   *   pending calls or the state was already resumed
   */
  async resume(request: ResumeRequest): Promise<RunResult> {
    await this.start();
    const data = await this.#signer.verify(request.state);
    const compiled = this.#agent(data.agent);
    const access = await this.#verifyAccess(request.accessToken, compiled.definition);
    if (access.tenantId !== data.tenantId || access.userId !== data.userId) {
      throw new AccessDeniedError(
        'ACCESS_CONTEXT_INVALID',
        'Access refused: a run resumes only as the user who started it (R-TOKEN-4). Mint a token for that user.',
        { details: { check: 'resume-principal' } },
      );
    }
    const decisions = this.#decisions(request.decisions, data);
    const stateId = (request.state as { signature: { signature: string } }).signature.signature;
    if (this.#consumedStates.has(stateId)) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', `Run ${data.runId} was already resumed from this state; a state is used once.`, {
        details: { runId: data.runId },
      });
    }
    this.#consumedStates.add(stateId);

    const session: RunSession = {
      runId: data.runId,
      compiled,
      access,
      variables: { ...data.variables },
      messages: [...data.messages],
      modelCalls: [...data.modelCalls],
      toolFailures: new Map(Object.entries(data.toolFailures)),
      bag: new ContextBag(),
      signal: request.signal ?? new AbortController().signal,
      startedAt: this.#clock(),
      turn: data.turn,
    };
    this.#emit('run:started', () => ({
      runId: session.runId,
      agent: compiled.definition.name,
      tenantId: access.tenantId,
      userId: access.userId,
      surface: access.surface,
      resumed: true,
    }));
    return this.#guard(session, async () => {
      const last = session.messages[session.messages.length - 1] as AssistantMessage;
      const calls = last.tool_calls ?? [];
      const preset = new Map(Object.entries(data.completed));
      const resumeDecisions = new Map<string, ResumeDecision>();
      let rejected = false;
      for (const d of decisions) {
        if (d.decision === 'reject') {
          rejected = true;
          const result: ActionResult = {
            ok: false,
            errorCode: 'USER_REJECTED_ACTION',
            message: d.comment ? `The action was rejected: ${d.comment}` : 'The action was rejected.',
            guidance: 'Do not retry this action; tell the user it was rejected and offer an alternative.',
          };
          preset.set(d.callId, JSON.stringify(toOutcomeEnvelope(result)));
          this.#record(session, 'action-rejected', `call rejected by ${d.decidedBy}`, d.callId);
        } else {
          resumeDecisions.set(d.callId, d);
        }
      }
      if (rejected && compiled.definition.onRejection === 'cancel') {
        return this.#finish(session, 'failed', {
          error: new PolicyViolationError('USER_REJECTED_ACTION', 'The run was cancelled because a pending action was rejected.'),
        });
      }
      const outcome = await this.#runBatch(session, calls, preset, resumeDecisions);
      if (outcome.kind !== 'done') return this.#batchResult(session, outcome);
      return this.#loop(session);
    });
  }

  async #start(): Promise<void> {
    const sorted = validatePlugins(this.#plugins, CORE_VERSION);
    for (const definition of this.#actionDefinitions) this.actions.register(definition);
    for (const provider of this.#providers) this.actions.registerInstance(provider);
    const api: PluginSetupApi = {
      events: this.events,
      logger: this.#logger,
      registerAction: (definition) => {
        this.actions.register(definition);
      },
    };
    for (const plugin of sorted) {
      if (plugin.setup) await plugin.setup(api);
    }
    const pluginNames = new Set(sorted.map((p) => p.manifest.name));
    for (const definition of this.#agentDefinitions) this.#compileAgent(definition, pluginNames);
    this.#pipeline = new HookPipeline(sorted, this.events);
  }

  #compileAgent(definition: AgentDefinition, pluginNames: ReadonlySet<string>): void {
    const name = definition.name;
    if (this.#agents.has(name)) {
      throw new ConfigurationError('AGENT_DEFINITION_INVALID', `Agent "${name}" is defined twice. Give each agent its own name.`);
    }
    const capabilities = new Map<string, { capability: Capability; action: ActionDescriptor }>();
    const tools: ToolDefinition[] = [];
    for (const capability of definition.capabilities) {
      const action = this.actions.get(capability.action);
      if (!action || action.name !== capability.action) {
        throw new ConfigurationError(
          'AGENT_DEFINITION_INVALID',
          `Agent "${name}" lists capability "${capability.action}", but no action of that name is registered. Register it or fix the name.`,
          { details: { agent: name, action: capability.action } },
        );
      }
      if (action.definition.audience !== definition.audience) {
        throw new ConfigurationError(
          'AGENT_DEFINITION_INVALID',
          `Agent "${name}" is a ${definition.audience} agent but action "${action.name}" is for ${action.definition.audience} agents (R-ACT-ID-1). Use an action classified for this audience.`,
          { details: { agent: name, action: action.name } },
        );
      }
      const needsPerson = capability.hitl !== 'none' || action.definition.requiresConfirmation === true;
      if (needsPerson && !pluginNames.has('approvals')) {
        throw new ConfigurationError(
          'AGENT_DEFINITION_INVALID',
          `Agent "${name}": action "${action.name}" needs a person (hitl "${capability.hitl}", requiresConfirmation ${action.definition.requiresConfirmation === true}) but the approvals plugin is not loaded, so nothing would enforce it. Load the approvals plugin.`,
          { details: { agent: name, action: action.name } },
        );
      }
      const key = action.name.toLowerCase();
      if (capabilities.has(key)) {
        throw new ConfigurationError('AGENT_DEFINITION_INVALID', `Agent "${name}" lists capability "${action.name}" twice.`);
      }
      capabilities.set(key, { capability, action });
      tools.push(action.tool);
    }
    this.#agents.set(name, {
      definition,
      tools: Object.freeze(tools),
      capabilities,
      scheduler: new ToolCallScheduler(definition.limits.toolConcurrency),
    });
  }

  #agent(name: string): CompiledAgent {
    const compiled = this.#agents.get(name);
    if (!compiled) {
      throw new ConfigurationError('AGENT_NOT_FOUND', `No agent named "${name}" is registered. Known agents: ${[...this.#agents.keys()].join(', ') || '(none)'}.`, {
        details: { agent: name },
      });
    }
    return compiled;
  }

  async #verifyAccess(token: string, agent: AgentDefinition): Promise<AccessContext> {
    const access = await this.#verifier.verify(token, { agent: agent.name });
    if (access.surface === 'authoring') {
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Access refused: an authoring token cannot run agents (R-API-3).', {
        details: { check: 'surface' },
      });
    }
    if (access.audience !== agent.audience) {
      throw new AccessDeniedError(
        'ACCESS_CONTEXT_INVALID',
        `Access refused: the token is for ${access.audience} callers but agent "${agent.name}" is a ${agent.audience} agent.`,
        { details: { check: 'audience' } },
      );
    }
    return access;
  }

  #requestVariables(input: unknown, agent: AgentDefinition, access: AccessContext): Record<string, unknown> {
    const variables: Record<string, unknown> = {
      CurrentUserId: access.userId,
      TenantId: access.tenantId,
      SessionId: access.sessionId,
    };
    if (input === undefined) return variables;
    const parsed = RequestVariablesSchema.safeParse(input);
    if (!parsed.success) throw new SchemaValidationError('SCHEMA_INVALID', 'Run request refused: variables must be an object.');
    const allowed = new Set(agent.requestVariables);
    for (const [key, value] of Object.entries(parsed.data)) {
      if (!allowed.has(key)) {
        throw new SchemaValidationError(
          'SCHEMA_INVALID',
          `Run request refused: variable "${key}" may not be set by the caller. Agent "${agent.name}" allows: ${agent.requestVariables.join(', ') || '(none)'}.`,
          { details: { variable: key } },
        );
      }
      variables[key] = value;
    }
    return variables;
  }

  #history(history: readonly ChatMessage[]): ChatMessage[] {
    const parsed = parseWire(HistorySchema, history, 'run history');
    for (const [i, message] of parsed.entries()) {
      if (message.role === 'system' || message.role === 'developer') {
        throw new SchemaValidationError('SCHEMA_INVALID', `Invalid run history at [${i}].role: callers cannot send ${message.role} messages.`, {
          details: { path: `[${i}].role` },
        });
      }
    }
    return parsed;
  }

  #decisions(decisions: readonly CallDecision[], data: RunStateData): (CallDecision & { decidedBy: string })[] {
    if (!Array.isArray(decisions)) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', 'Resume refused: decisions must be an array with one decision per pending call.');
    }
    const pending = new Set(data.pending.map((p) => p.callId));
    const seen = new Set<string>();
    const out: (CallDecision & { decidedBy: string })[] = [];
    for (const d of decisions) {
      if (!pending.has(d?.callId) || seen.has(d.callId) || (d.decision !== 'approve' && d.decision !== 'reject')) {
        throw new ConfigurationError(
          'RUN_STATE_CONFLICT',
          `Resume refused: decision for call ${JSON.stringify(d?.callId)} does not match a pending call, is repeated, or is not approve/reject.`,
          { details: { runId: data.runId } },
        );
      }
      seen.add(d.callId);
      out.push({ ...d, decidedBy: d.decidedBy ?? data.userId });
    }
    if (seen.size !== pending.size) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', `Resume refused: every pending call needs a decision (${[...pending].filter((id) => !seen.has(id)).join(', ')} missing).`, {
        details: { runId: data.runId },
      });
    }
    return out;
  }

  async #guard(session: RunSession, body: () => Promise<RunResult>): Promise<RunResult> {
    try {
      return await body();
    } catch (error) {
      if (session.signal.aborted && isAbortError(error)) {
        this.#emit('run:finished', () => ({ runId: session.runId, status: 'failed' as const, durationMs: this.#clock() - session.startedAt, errorCode: 'ABORTED' }));
        throw error;
      }
      const err = toAgentStudioError(error);
      await this.#pipeline?.runOnRunError(this.#runContext(session), err);
      return this.#finish(session, 'failed', { error: err });
    }
  }

  async #loop(session: RunSession): Promise<RunResult> {
    const pipeline = this.#pipeline as HookPipeline;
    const { definition } = session.compiled;
    for (;;) {
      session.signal.throwIfAborted();
      if (session.turn >= definition.limits.maxCycles) {
        return this.#finish(session, 'failed', {
          error: new ModelBehaviorError('MAX_TURNS_EXCEEDED', `The run used all ${definition.limits.maxCycles} model turns allowed by agent "${definition.name}".`),
        });
      }
      session.turn += 1;
      const before = await pipeline.runBeforeModelCall({ ...this.#runContext(session), request: this.#request(session) });
      if (before.type === 'block') return this.#blocked(session, before.plugin, 'beforeModelCall', before.code, before.reason);
      if (before.type === 'suspend') {
        return this.#blocked(session, before.plugin, 'beforeModelCall', 'POLICY_BLOCKED', 'a model call cannot be suspended; only tool calls can');
      }
      const request = before.ctx.request;
      this.#emit('model:requested', () => ({
        runId: session.runId,
        turn: session.turn,
        model: request.model,
        messages: request.messages.length,
        tools: request.tools?.length ?? 0,
      }));
      const started = performance.now();
      const raw = await raceAbort(this.#model.complete(request, { signal: session.signal }), session.signal);
      const durationMs = performance.now() - started;
      const parsed = parseWire(ChatCompletionResponseSchema, raw, 'model response', (message, details) =>
        new ModelBehaviorError('MODEL_RESPONSE_INVALID', message, { details }),
      );
      const usage = parsed.usage ?? ZERO_USAGE;
      session.modelCalls.push({ turn: session.turn, model: parsed.model, usage, durationMs });
      const after = await pipeline.runAfterModelCall({ ...before.ctx, response: parsed, usage });
      if (after.type === 'block') return this.#blocked(session, after.plugin, 'afterModelCall', after.code, after.reason);
      if (after.type === 'suspend') {
        return this.#blocked(session, after.plugin, 'afterModelCall', 'POLICY_BLOCKED', 'a model response cannot be suspended; only tool calls can');
      }
      const response = parseWire(ChatCompletionResponseSchema, after.ctx.response, 'model response (after hooks)');
      const choice = response.choices[0];
      if (!choice) throw new ModelBehaviorError('MODEL_RESPONSE_INVALID', 'Invalid model response at choices: no choice.');
      const calls = choice.message.tool_calls ?? [];
      const assistant: AssistantMessage = { role: 'assistant', content: choice.message.content ?? null };
      if (calls.length > 0) assistant.tool_calls = calls;
      session.messages.push(assistant);
      this.#emit('model:responded', () => ({
        runId: session.runId,
        turn: session.turn,
        model: response.model,
        durationMs,
        usage,
        finishReason: choice.finish_reason,
        toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
        content: choice.message.content ?? null,
      }));
      if (calls.length === 0) {
        return this.#finish(session, 'completed', { reply: choice.message.content ?? choice.message.refusal ?? '' });
      }
      const outcome = await this.#runBatch(session, calls, new Map(), new Map());
      if (outcome.kind !== 'done') return this.#batchResult(session, outcome);
    }
  }

  #request(session: RunSession): ChatCompletionRequest {
    const { definition, tools } = session.compiled;
    const request: ChatCompletionRequest = { model: definition.model.name, messages: [...session.messages] };
    if (definition.model.temperature !== undefined) request.temperature = definition.model.temperature;
    if (definition.model.maxTokens !== undefined) request.max_tokens = definition.model.maxTokens;
    if (tools.length > 0) {
      request.tools = tools as ToolDefinition[];
      request.tool_choice = 'auto';
      request.parallel_tool_calls = definition.limits.parallelToolCalls;
    }
    return request;
  }

  async #runBatch(
    session: RunSession,
    calls: readonly ToolCall[],
    preset: Map<string, string>,
    resumeDecisions: ReadonlyMap<string, ResumeDecision>,
  ): Promise<BatchOutcome> {
    const pipeline = this.#pipeline as HookPipeline;
    const results = new Map(preset);
    const pending: PendingApproval[] = [];
    const ready: ToolCallContext[] = [];
    const failedCalls: { action: string; counts: boolean }[] = [];

    // 1. before hooks, one call at a time, in the model's order
    for (const call of calls) {
      if (results.has(call.id)) continue;
      const entry = session.compiled.capabilities.get(call.function.name.toLowerCase());
      if (!entry) {
        this.#record(session, 'unknown-action', `the model called "${call.function.name}", which this agent does not offer`, call.id);
        results.set(call.id, envelope({ ok: false, errorCode: 'UNKNOWN_ACTION', message: `There is no tool named "${call.function.name}".`, guidance: `Use one of: ${[...session.compiled.capabilities.values()].map((c) => c.action.name).join(', ')}.` }));
        failedCalls.push({ action: call.function.name, counts: true });
        continue;
      }
      const ctx = this.#toolContext(session, entry.action, call, resumeDecisions.get(call.id), true);
      if (ctx === undefined) {
        results.set(call.id, envelope({ ok: false, errorCode: 'TOOL_ARGS_INVALID', message: 'The tool arguments are not a JSON object.', guidance: 'Send the arguments as a JSON object that matches the tool schema.' }));
        failedCalls.push({ action: entry.action.name, counts: true });
        continue;
      }
      const outcome = await pipeline.runBeforeToolCall(ctx, (c, replaced) => this.#toolContext(session, c.action, replaced, c.resume, false) ?? { ...c, call: replaced, args: {} });
      if (outcome.type === 'block') {
        results.set(call.id, envelope({ ok: false, errorCode: outcome.code, message: outcome.modelMessage ?? `The call was blocked: ${outcome.reason}` }));
        failedCalls.push({ action: entry.action.name, counts: false });
      } else if (outcome.type === 'suspend') {
        pending.push({ callId: call.id, action: entry.action.name, plugin: outcome.plugin, approval: outcome.approval });
      } else {
        ready.push(outcome.ctx);
      }
    }

    // 2. run what is allowed, under the per-run concurrency cap
    const executed = await session.compiled.scheduler.runAll(
      ready.map((ctx) => (signal: AbortSignal) => this.#execute(session, ctx, signal)),
      session.signal,
    );
    for (const [i, ctx] of ready.entries()) {
      const result = executed[i] as ActionResult;
      results.set(ctx.call.id, envelope(result));
      if (!result.ok) failedCalls.push({ action: ctx.action.name, counts: result.errorCode !== 'POLICY_BLOCKED' && !isHookCode(result.errorCode) });
      else session.toolFailures.set(ctx.action.name, 0);
    }

    if (pending.length > 0) return { kind: 'suspended', pending, completed: Object.fromEntries(results) };

    // 3. tool messages in the model's order, then the error policy (R-LOOP-9)
    for (const call of calls) {
      const content = results.get(call.id) ?? envelope({ ok: false, errorCode: 'INTERNAL_INVARIANT', message: 'No result was produced.' });
      const message: ToolMessage = { role: 'tool', tool_call_id: call.id, content };
      session.messages.push(message);
    }
    const { definition } = session.compiled;
    for (const failed of failedCalls) {
      if (!failed.counts) continue;
      const count = (session.toolFailures.get(failed.action) ?? 0) + 1;
      session.toolFailures.set(failed.action, count);
      const capability = session.compiled.capabilities.get(failed.action.toLowerCase())?.capability;
      if (capability?.failFast) {
        return { kind: 'failed', error: new ActionExecutionError('ACTION_FAILED', `Tool "${failed.action}" failed and its capability is fail-fast.`) };
      }
      if ((definition.type === 'function' || definition.type === 'workflow') && count >= definition.limits.maxToolRetries) {
        return {
          kind: 'failed',
          error: new ActionExecutionError('TOOL_RETRY_LIMIT', `Tool "${failed.action}" failed ${count} times in a row (limit ${definition.limits.maxToolRetries}).`),
        };
      }
    }
    return { kind: 'done' };
  }

  #toolContext(
    session: RunSession,
    action: ActionDescriptor,
    call: ToolCall,
    resume: ResumeDecision | undefined,
    audit: boolean,
  ): ToolCallContext | undefined {
    const parsed = parseToolArguments(call.function.arguments);
    if (!parsed.args) return undefined;
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed.args)) {
      if (action.userInputKeys.has(key)) args[key] = value;
      else if (audit && action.contextBindings.some((b) => b.key === key)) {
        this.#record(session, 'context-input-ignored', `the model sent a value for context-bound input "${key}"; it was ignored (R-ACT-IN-2)`, call.id);
      }
    }
    for (const binding of action.contextBindings) {
      if (binding.variable in session.variables) args[binding.key] = session.variables[binding.variable];
    }
    return { ...this.#runContext(session), action, call, args, rationale: parsed.rationale, resume };
  }

  async #execute(session: RunSession, ctx: ToolCallContext, batchSignal: AbortSignal): Promise<ActionResult> {
    const pipeline = this.#pipeline as HookPipeline;
    const { definition } = ctx.action;
    this.#emit('tool:started', () => ({
      runId: session.runId,
      turn: session.turn,
      callId: ctx.call.id,
      action: ctx.action.name,
      args: ctx.args,
      rationale: ctx.rationale,
    }));
    const started = performance.now();
    let result = await this.#invoke(session, ctx, batchSignal);
    const after = await pipeline.runAfterToolCall({ ...ctx, result });
    if (after.type === 'block') {
      result = { ok: false, errorCode: after.code, message: after.modelMessage ?? `The result was withheld: ${after.reason}` };
    } else if (after.type === 'suspend') {
      result = { ok: false, errorCode: 'POLICY_BLOCKED', message: 'The result was withheld: a result cannot be suspended.' };
    } else {
      result = after.ctx.result;
    }
    const durationMs = performance.now() - started;
    this.#emit('tool:finished', () => ({ runId: session.runId, turn: session.turn, callId: ctx.call.id, action: definition.name, durationMs, result }));
    return result;
  }

  async #invoke(session: RunSession, ctx: ToolCallContext, batchSignal: AbortSignal): Promise<ActionResult> {
    const { definition } = ctx.action;
    const validated = definition.input.safeParse(ctx.args);
    if (!validated.success) {
      const issues = validated.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        const binding = ctx.action.contextBindings.find((b) => b.key === key);
        if (binding && !(binding.variable in session.variables)) return `${key}: context variable ${binding.variable} is not set yet`;
        return `${i.path.join('.') || '(root)'}: ${i.message}`;
      });
      return { ok: false, errorCode: 'TOOL_ARGS_INVALID', message: `Invalid arguments: ${issues.join('; ')}.`, guidance: 'Fix the arguments to match the tool schema and call it again.' };
    }
    const timeoutMs = definition.timeoutMs ?? session.compiled.definition.limits.actionTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([batchSignal, session.signal, timeout]);
    const provides = new Set(definition.providesContext ?? []);
    const actionContext: ActionContext = Object.freeze({
      runId: session.runId,
      callId: ctx.call.id,
      access: session.access,
      variables: Object.freeze({ ...session.variables }),
      signal,
      setVariable: (name: string, value: unknown) => {
        if (!provides.has(name)) {
          throw new ConfigurationError(
            'ACTION_SCHEMA_INVALID',
            `Action "${definition.name}" tried to set context variable "${name}" without declaring it in providesContext.`,
          );
        }
        session.variables[name] = value;
        this.#record(session, 'context-variable-set', `action "${definition.name}" set context variable "${name}"`, ctx.call.id);
      },
    });
    let data: unknown;
    try {
      data = await raceAbort(Promise.resolve().then(() => definition.run(validated.data, actionContext)), signal);
    } catch (error) {
      if (session.signal.aborted) throw session.signal.reason;
      if (timeout.aborted) {
        return { ok: false, errorCode: 'ACTION_TIMEOUT', message: `The action did not finish within ${timeoutMs} ms.` };
      }
      const known = toAgentStudioError(error);
      this.#logger.warn({ runId: session.runId, action: definition.name, code: known.code }, 'action failed');
      if (known.code !== 'INTERNAL_INVARIANT') return { ok: false, errorCode: known.code, message: known.message };
      const wrapped = new ActionExecutionError('ACTION_FAILED', `Action "${definition.name}" failed.`, { cause: error });
      return { ok: false, errorCode: wrapped.code, message: 'The action failed.' };
    }
    if (definition.output) {
      const out = definition.output.safeParse(data);
      if (!out.success) {
        this.#logger.warn({ runId: session.runId, action: definition.name }, 'action output did not match its schema');
        return { ok: false, errorCode: 'ACTION_OUTPUT_INVALID', message: 'The action returned data that does not match its declared output.' };
      }
      data = out.data;
    }
    return { ok: true, data };
  }

  async #batchResult(session: RunSession, outcome: Exclude<BatchOutcome, { kind: 'done' }>): Promise<RunResult> {
    if (outcome.kind === 'failed') return this.#finish(session, 'failed', { error: outcome.error });
    const state = await this.#signer.sign({
      v: 1,
      runId: session.runId,
      agent: session.compiled.definition.name,
      tenantId: session.access.tenantId,
      userId: session.access.userId,
      sessionId: session.access.sessionId,
      turn: session.turn,
      messages: session.messages,
      variables: session.variables,
      toolFailures: Object.fromEntries(session.toolFailures),
      modelCalls: session.modelCalls,
      pending: outcome.pending.map((p) => ({ ...p, approval: { ...p.approval } })) as RunStateData['pending'],
      completed: outcome.completed,
      suspendedAt: this.#clock(),
    });
    return this.#finish(session, 'suspended', { pendingApprovals: outcome.pending, state });
  }

  #blocked(session: RunSession, plugin: string, hook: string, code: string, reason: string): RunResult {
    return this.#finish(session, 'blocked', { block: { plugin, hook, code, reason } });
  }

  #finish(session: RunSession, status: RunStatus, extra: Partial<RunResult>): RunResult {
    const durationMs = this.#clock() - session.startedAt;
    const usage = sumUsage(session.modelCalls);
    this.#emit('run:finished', () => ({
      runId: session.runId,
      status,
      durationMs,
      ...(extra.error ? { errorCode: extra.error.code } : extra.block ? { errorCode: extra.block.code } : {}),
    }));
    return { runId: session.runId, status, messages: session.messages, modelCalls: session.modelCalls, usage, durationMs, ...extra };
  }

  #runContext(session: RunSession): RunContext {
    return {
      runId: session.runId,
      turn: session.turn,
      agent: session.compiled.definition,
      access: session.access,
      variables: session.variables,
      signal: session.signal,
      bag: session.bag,
      logger: this.#logger,
    };
  }

  #record(session: RunSession, kind: string, reason: string, callId?: string): void {
    this.#emit('decision:recorded', () => ({ runId: session.runId, turn: session.turn, kind, reason, ...(callId === undefined ? {} : { callId }) }));
  }

  #emit<K extends keyof RuntimeEventMap>(name: K, payload: () => RuntimeEventMap[K]): void {
    if (this.events.listenerCount(name) === 0) return;
    try {
      (this.events.emit as (n: K, p: RuntimeEventMap[K]) => boolean)(name, payload());
    } catch (error) {
      this.#logger.warn({ event: name, error: (error as Error).name }, 'an event listener threw; ignored');
    }
  }
}

function envelope(result: ActionResult): string {
  return JSON.stringify(toOutcomeEnvelope(result));
}

function isHookCode(code: string): boolean {
  return code === 'PLUGIN_HOOK_FAILED' || code === 'USER_REJECTED_ACTION';
}

function sumUsage(calls: readonly ModelCallRecord[]): Usage {
  let prompt = 0;
  let completion = 0;
  let total = 0;
  for (const c of calls) {
    prompt += c.usage.prompt_tokens;
    completion += c.usage.completion_tokens;
    total += c.usage.total_tokens;
  }
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total };
}
