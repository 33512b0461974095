import { randomUUID } from 'node:crypto';
import { injectable, optional } from 'inversify';
import { z } from 'zod';
import type { AccessContext } from '../access/AccessContext.js';
import type { AccessContextVerifier } from '../access/AccessContextVerifier.js';
import type { ActionContext, ActionContextExtensions, ActionDefinition } from '../actions/ActionConfig.js';
import type { ActionContextProvider } from '../actions/ActionContextProvider.js';
import type { ActionDescriptor } from '../actions/ActionDescriptor.js';
import type { ActionRegistry } from '../actions/ActionRegistry.js';
import { ToolCallScheduler } from '../concurrency/ToolCallScheduler.js';
import { $inject, $multiInject } from '../di/inject.js';
import {
  AccessDeniedError,
  ActionExecutionError,
  AgentStudioError,
  ConfigurationError,
  ModelBehaviorError,
  PolicyViolationError,
  SchemaValidationError,
} from '../errors/AgentStudioError.js';
import { toAgentStudioError } from '../errors/toAgentStudioError.js';
import type { RunStateStore } from '../stores/RunStateStore.js';
import type { RuntimeEventMap, RuntimeEvents } from '../events/RuntimeEvents.js';
import { deepFreeze, frozenJsonCopy, isDeepFrozen } from '../internal/deepFreeze.js';
import { callDeadline } from '../internal/callDeadline.js';
import { raceAbort } from '../internal/raceAbort.js';
import { parseToolArguments } from '../internal/toolArguments.js';
import type { AgentPlugin, PluginSetupApi } from '../plugin/AgentPlugin.js';
import { ContextBag } from '../plugin/ContextBag.js';
import type { ResumeDecision, RunContext, ToolCallContext } from '../plugin/HookContexts.js';
import { HookPipeline } from '../plugin/HookPipeline.js';
import { validatePlugins } from '../plugin/validatePlugins.js';
import { type AssistantMessage, type ChatMessage, ChatMessageSchema, type ToolCall, ToolCallSchema, type ToolMessage } from '../schemas/messages.js';
import { parseWire } from '../schemas/parseWire.js';
import { type ChatCompletionRequest, ChatCompletionRequestSchema, type ToolDefinition, ToolDefinitionSchema } from '../schemas/request.js';
import { ChatCompletionResponseSchema, type Usage } from '../schemas/response.js';
import { CORE_VERSION } from '../version.js';
import { type ActionResult, toOutcomeEnvelope } from './ActionResult.js';
import { type AgentDefinition, type AgentDefinitionInput, type Capability, defineAgent } from './AgentDefinition.js';
import { readFieldMeta } from '../actions/inputField.js';
import type { Logger } from './Logger.js';
import type { ModelClient } from './ModelClient.js';
import type { ModelCallRecord, PendingApproval, RunResult, RunStatus } from './RunResult.js';
import { type RunStateData, RunStateSigner } from './RunState.js';
import type { RuntimeOptions } from './RuntimeOptions.js';
import { MemoryTokenReplayGuard } from '../stores/MemoryTokenReplayGuard.js';
import type { TokenReplayGuard } from '../stores/TokenReplayGuard.js';

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
  /** The digest of the HTTP request the token was minted for (method + path + body hash), when there is one. */
  readonly requestDigest?: string;
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
  /**
   * The signed state from the suspended result (parsed JSON is fine). May be left out when the
   * runtime has a run-state store and `runId` is given: the stored state is used.
   */
  readonly state?: unknown;
  /** The suspended run, to load its state from the run-state store when `state` is left out. */
  readonly runId?: string;
  /** One decision per pending call. */
  readonly decisions: readonly CallDecision[];
  /** Cancels the run. */
  readonly signal?: AbortSignal;
  /** The digest of the HTTP request the token was minted for, when there is one. */
  readonly requestDigest?: string;
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
  /** The contexts' `messages()`: one function per run, each call a fresh frozen copy. */
  messagesView?: (() => readonly ChatMessage[]) | undefined;
  /** A frozen copy of `variables`, shared by the contexts built until a variable changes. */
  variablesSnapshot?: Readonly<Record<string, unknown>> | undefined;
}

type BatchOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'suspended'; readonly pending: PendingApproval[]; readonly completed: Record<string, string> }
  | { readonly kind: 'failed'; readonly error: AgentStudioError };

const RequestVariablesSchema = z.record(z.string(), z.unknown());
/** The request without its two lists, which {@link checkReplacedRequest} checks item by item. */
const RequestHeadSchema = ChatCompletionRequestSchema.omit({ messages: true, tools: true });
const ToolListSchema = z.array(ToolDefinitionSchema);
/**
 * Tool lists a hook handed back that were checked already, by identity; only deep-frozen lists
 * are kept (they cannot change after the check). The rationale plugin hands back the same list
 * every turn.
 */
const checkedToolLists = new WeakMap<object, readonly ToolDefinition[]>();
const HistorySchema = z.array(ChatMessageSchema);
const NO_EXTENSIONS: Partial<ActionContextExtensions> = Object.freeze({});
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
  readonly #stateTtlMs: number;
  readonly #runStates: RunStateStore | undefined;
  readonly #hookTimeoutMs: number;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #plugins: readonly AgentPlugin[];
  readonly #agentDefinitions: readonly AgentDefinition[];
  readonly #actionDefinitions: readonly ActionDefinition[];
  readonly #providers: readonly object[];
  readonly #contextProviders: readonly ActionContextProvider[];
  readonly #agents = new Map<string, CompiledAgent>();
  readonly #consumedStates = new Map<string, number>();
  readonly #replayGuard: TokenReplayGuard;
  #pipeline: HookPipeline | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

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
   * @param contextProviders - providers of extra action-context fields such as `data`
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
    @$multiInject('core.ActionContextProvider') @optional() contextProviders: ActionContextProvider[],
  ) {
    this.#model = model;
    this.actions = actions;
    this.events = events;
    this.#verifier = verifier;
    this.#signer = new RunStateSigner(options.stateKey);
    this.#stateTtlMs = options.stateTtlMs ?? 24 * 60 * 60 * 1000;
    this.#runStates = options.runStates;
    this.#replayGuard = options.replayGuard ?? new MemoryTokenReplayGuard({ clock });
    this.#hookTimeoutMs = options.hookTimeoutMs ?? 10_000;
    this.#logger = logger;
    this.#clock = clock;
    // inversify gives undefined for an optional multi-injection with no binding
    this.#plugins = (plugins as AgentPlugin[] | undefined) ?? [];
    this.#agentDefinitions = (agents as AgentDefinition[] | undefined) ?? [];
    this.#actionDefinitions = (actionDefinitions as ActionDefinition[] | undefined) ?? [];
    this.#providers = (providers as object[] | undefined) ?? [];
    this.#contextProviders = (contextProviders as ActionContextProvider[] | undefined) ?? [];
  }

  /**
   * Checks the configuration and prepares everything a run needs: plugin manifests, dependencies
   * and core range; action registration (with the SPEC §12 lint); agents' capabilities; plugin
   * `setup`. Called by the first `run`; call it yourself to fail at startup rather than on the
   * first request.
   * @throws {@link ConfigurationError} for any configuration problem
   */
  start(): Promise<void> {
    if (this.#stopping) return Promise.reject(new ConfigurationError('CONFIG_INVALID', 'The runtime was stopped; build a new container to run again.'));
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /**
   * Shuts the runtime down: calls every plugin's `dispose` (in reverse run order), so observers
   * write what they queued and release their resources. A `dispose` that throws is logged (its
   * error name only) and the others still run. Call it once, after the last run; later calls do
   * nothing.
   * @returns when every plugin is disposed
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    if (!this.#starting) return;
    await this.#starting.catch(() => undefined);
    const plugins = [...(this.#pipeline?.plugins ?? [])].reverse();
    for (const plugin of plugins) {
      if (!plugin.dispose) continue;
      try {
        await plugin.dispose();
      } catch (error) {
        this.#logger.warn({ plugin: plugin.manifest.name, error: (error as Error)?.name ?? 'Error' }, 'plugin dispose threw; ignored');
      }
    }
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
    const access = await this.#verifyAccess(request.accessToken, request.agent, request.requestDigest);
    const compiled = this.#agent(access, request.agent);
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
      messages: [...deepFreeze([{ role: 'system' as const, content: compiled.definition.instructions }, ...history, { role: 'user' as const, content: request.input }])],
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
      model: compiled.definition.model.name,
      provider: this.#model.name,
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
    const data = await this.#signer.verify(await this.#stateToResume(request));
    const access = await this.#verifyAccess(request.accessToken, data.agent, request.requestDigest);
    const compiled = this.#agent(access, data.agent);
    const samePrincipal = access.tenantId === data.tenantId && access.userId === data.userId && access.sessionId === data.sessionId;
    if (!samePrincipal || (access.runId !== undefined && access.runId !== data.runId)) {
      throw new AccessDeniedError(
        'ACCESS_CONTEXT_INVALID',
        'Access refused: a run resumes only as the user who started it, in the same session (R-TOKEN-4). Mint a token for that user and session.',
        { details: { check: 'resume-principal' } },
      );
    }
    if (this.#clock() >= data.expiresAt) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', `Run ${data.runId} can no longer be resumed: its state expired (R-HITL-14).`, { details: { runId: data.runId } });
    }
    const decisions = this.#decisions(request.decisions, data, access.userId);
    const consumedKey = `${data.runId}:${data.stateId}`;
    if (this.#consumedStates.has(consumedKey)) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', `Run ${data.runId} was already resumed from this state; a state is used once.`, {
        details: { runId: data.runId },
      });
    }
    this.#consumedStates.set(consumedKey, data.expiresAt);
    this.#prune(this.#consumedStates);

    const session: RunSession = {
      runId: data.runId,
      compiled,
      access,
      variables: { ...data.variables },
      messages: [...deepFreeze(data.messages)],
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
      model: compiled.definition.model.name,
      provider: this.#model.name,
      decisions: decisions.map((d) => Object.freeze({ callId: d.callId, decision: d.decision, decidedBy: d.decidedBy })),
    }));
    const result = await this.#guard(session, async () => {
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
    if (result.status !== 'suspended' && this.#runStates) {
      try {
        await this.#runStates.delete(data.runId);
      } catch (error) {
        // the state is spent either way: the in-process guard and the pending actions refuse a replay
        this.#logger.warn({ runId: data.runId, error: AgentStudioError.is(error) ? error.code : (error as Error).name }, 'could not remove a finished run state');
      }
    }
    return result;
  }

  async #stateToResume(request: ResumeRequest): Promise<unknown> {
    if (request.state !== undefined) return request.state;
    if (!this.#runStates || typeof request.runId !== 'string' || request.runId.length === 0) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', 'Resume refused: pass the signed state, or a runId when the runtime has a run-state store.');
    }
    const stored = await this.#runStates.load(request.runId);
    if (stored === undefined) {
      throw new ConfigurationError('RUN_STATE_CONFLICT', `Run ${request.runId} has no suspended state to resume (it finished, expired or never suspended).`, {
        details: { runId: request.runId },
      });
    }
    return stored;
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
    this.#pipeline = new HookPipeline(sorted, this.events, this.#hookTimeoutMs);
  }

  #compileAgent(input: AgentDefinition, pluginNames: ReadonlySet<string>): void {
    // parse again: a definition built by hand (not with defineAgent) gets its defaults and checks too
    const definition = defineAgent(input as AgentDefinitionInput);
    const name = definition.name;
    const reserved = new Set(['CurrentUserId', 'TenantId', 'SessionId', 'VerifiedCustomerId']);
    for (const action of this.actions.list()) {
      for (const v of action.definition.providesContext ?? []) reserved.add(v);
      for (const b of action.contextBindings) {
        const meta = action.definition.input.shape[b.key];
        if (meta && readFieldMeta(meta as never).kind === 'verifiedCustomerId') reserved.add(b.variable);
      }
    }
    const forbidden = definition.requestVariables.filter((v) => reserved.has(v));
    if (forbidden.length > 0) {
      throw new ConfigurationError(
        'AGENT_DEFINITION_INVALID',
        `Agent "${name}" lets callers set ${forbidden.join(', ')}, which only the access context or a verifying action may set (R-ACT-IN-2, R-EDGE-3). Remove them from requestVariables.`,
        { details: { agent: name, variables: forbidden } },
      );
    }
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
      if (capability.async && needsPerson) {
        throw new ConfigurationError(
          'AGENT_DEFINITION_INVALID',
          `Agent "${name}": capability "${action.name}" is async and needs a person; human-in-the-loop modes are valid only for synchronous calls (R-HITL-3). Drop async or the hitl mode.`,
          { details: { agent: name, action: action.name } },
        );
      }
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

  #agent(access: AccessContext, name: string): CompiledAgent {
    const compiled = this.#agents.get(name);
    if (!compiled) {
      throw new ConfigurationError('AGENT_NOT_FOUND', `No agent named "${name}" is registered.`, { details: { agent: name } });
    }
    const agent = compiled.definition;
    if (access.audience !== agent.audience) {
      throw new AccessDeniedError(
        'ACCESS_CONTEXT_INVALID',
        `Access refused: the token is for ${access.audience} callers but agent "${agent.name}" is a ${agent.audience} agent.`,
        { details: { check: 'audience' } },
      );
    }
    return compiled;
  }

  /** Verifies the token (before anything about the agent is looked up) and spends its id. */
  async #verifyAccess(token: string, agent: string, requestDigest: string | undefined): Promise<AccessContext> {
    const access = await this.#verifier.verify(token, requestDigest === undefined ? { agent } : { agent, requestDigest });
    let first: boolean;
    try {
      first = await this.#replayGuard.claim(access.tokenId, access.expiresAt * 1000);
    } catch (cause) {
      // fail closed: a token whose single use cannot be checked is not used
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Access refused: the token replay guard is unavailable (R-TOKEN-3).', { details: { check: 'replay-unavailable' }, cause });
    }
    if (!first) {
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Access refused: this access token was already used; tokens are single-use (R-TOKEN-3).', {
        details: { check: 'replay' },
      });
    }
    if (access.surface === 'authoring') {
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Access refused: an authoring token cannot run agents (R-API-3).', {
        details: { check: 'surface' },
      });
    }
    return access;
  }

  /** Forgets entries whose time has passed (bounded memory for the replay caches). */
  #prune(map: Map<string, number>): void {
    if (map.size < 1_024 || map.size % 256 !== 0) return;
    const now = this.#clock();
    for (const [key, until] of map) if (until <= now) map.delete(key);
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
    assertWellFormedHistory(parsed);
    return parsed;
  }

  #decisions(decisions: readonly CallDecision[], data: RunStateData, decidedBy: string): (CallDecision & { decidedBy: string })[] {
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
      out.push({ callId: d.callId, decision: d.decision, ...(typeof d.comment === 'string' ? { comment: d.comment.slice(0, 1_000) } : {}), decidedBy });
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
      if (session.signal.aborted) {
        this.#emit('run:finished', () => ({ runId: session.runId, status: 'failed' as const, durationMs: this.#clock() - session.startedAt, errorCode: 'ABORTED' }));
        throw session.signal.reason;
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
      const built = this.#request(session);
      const before = await pipeline.runBeforeModelCall({ ...this.#runContext(session), request: built });
      if (before.type === 'block') return this.#blocked(session, before.plugin, 'beforeModelCall', before.code, before.reason, before.reply);
      if (before.type === 'suspend') {
        return this.#blocked(session, before.plugin, 'beforeModelCall', 'POLICY_BLOCKED', 'a model call cannot be suspended; only tool calls can');
      }
      // a request no hook replaced is the one built above from parsed parts: a detached copy is
      // enough; a replaced one is checked again
      const request = before.ctx.request === built ? { ...built, messages: [...built.messages] } : checkReplacedRequest(built, before.ctx.request);
      this.#emit('model:requested', () => ({
        runId: session.runId,
        turn: session.turn,
        model: request.model,
        messages: request.messages.length,
        tools: request.tools?.length ?? 0,
        request,
      }));
      const started = performance.now();
      const raw = await raceAbort(() => this.#model.complete(request, { signal: session.signal }), session.signal);
      const durationMs = performance.now() - started;
      const parsed = deepFreeze(
        parseWire(ChatCompletionResponseSchema, raw, 'model response', (message, details) => new ModelBehaviorError('MODEL_RESPONSE_INVALID', message, { details })),
      );
      const usage = parsed.usage ?? ZERO_USAGE;
      session.modelCalls.push(Object.freeze({ turn: session.turn, model: parsed.model, usage, durationMs }));
      const after = await pipeline.runAfterModelCall({ ...before.ctx, response: parsed, usage });
      if (after.type === 'block') return this.#blocked(session, after.plugin, 'afterModelCall', after.code, after.reason);
      if (after.type === 'suspend') {
        return this.#blocked(session, after.plugin, 'afterModelCall', 'POLICY_BLOCKED', 'a model response cannot be suspended; only tool calls can');
      }
      // a response no hook replaced is the frozen one parsed above; a replaced one is parsed again
      const response =
        after.ctx.response === parsed ? parsed : deepFreeze(parseWire(ChatCompletionResponseSchema, after.ctx.response, 'model response (after hooks)'));
      const choice = response.choices[0];
      if (!choice) throw new ModelBehaviorError('MODEL_RESPONSE_INVALID', 'Invalid model response at choices: no choice.');
      const calls = choice.message.tool_calls ?? [];
      if (new Set(calls.map((c) => c.id)).size !== calls.length) {
        throw new ModelBehaviorError('MODEL_RESPONSE_INVALID', 'Invalid model response at choices[0].message.tool_calls: two tool calls share an id (R-LOOP-2).', {
          details: { path: 'choices[0].message.tool_calls' },
        });
      }
      const assistant: AssistantMessage = { role: 'assistant', content: choice.message.content ?? null };
      if (calls.length > 0) assistant.tool_calls = calls as ToolCall[];
      session.messages.push(deepFreeze(assistant));
      this.#emit('model:responded', () => ({
        runId: session.runId,
        turn: session.turn,
        model: response.model,
        durationMs,
        usage,
        finishReason: choice.finish_reason,
        toolCalls: calls.map((c) => Object.freeze({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
        content: choice.message.content ?? null,
        received: parsed,
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
    const request: ChatCompletionRequest = { model: definition.model.name, messages: Object.freeze([...session.messages]) as ChatMessage[] };
    if (definition.model.temperature !== undefined) request.temperature = definition.model.temperature;
    if (definition.model.maxTokens !== undefined) request.max_tokens = definition.model.maxTokens;
    if (tools.length > 0) {
      request.tools = tools as ToolDefinition[];
      request.tool_choice = 'auto';
      request.parallel_tool_calls = definition.limits.parallelToolCalls;
    }
    return Object.freeze(request);
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
    /** Outcomes of the calls decided in this invocation, by call id; counted in the model's order. */
    const outcomes = new Map<string, { readonly action: string; readonly ok: boolean; readonly counts: boolean }>();
    const serialOnly = !session.compiled.definition.limits.parallelToolCalls;

    // 1. before hooks, one call at a time, in the model's order
    for (const [index, call] of calls.entries()) {
      if (results.has(call.id)) continue;
      if (serialOnly && index > 0 && !resumeDecisions.has(call.id)) {
        results.set(call.id, envelope({ ok: false, errorCode: 'TOOL_ARGS_INVALID', message: 'Parallel tool calls are disabled for this agent; only the first call of a turn runs.', guidance: 'Call one tool per turn.' }));
        this.#record(session, 'parallel-call-refused', 'parallel tool calls are disabled; the call was not run', call.id);
        continue;
      }
      const entry = session.compiled.capabilities.get(call.function.name.toLowerCase());
      if (!entry) {
        this.#record(session, 'unknown-action', 'the model called a tool this agent does not offer', call.id);
        results.set(call.id, envelope({ ok: false, errorCode: 'UNKNOWN_ACTION', message: 'There is no tool with that name.', guidance: `Use one of: ${[...session.compiled.capabilities.values()].map((c) => c.action.name).join(', ')}.` }));
        outcomes.set(call.id, { action: call.function.name, ok: false, counts: true });
        continue;
      }
      if (entry.capability.async && !resumeDecisions.has(call.id)) {
        // R-LOOP-7: left for a worker, which resumes the run as the user who asked; the hooks run there
        pending.push(Object.freeze({ callId: call.id, action: entry.action.name, plugin: 'core', approval: Object.freeze({ kind: 'async' as const, reason: 'queued: the call runs on a worker, as the user who asked' }) }));
        this.#record(session, 'async-queued', 'the call is async: it runs on a worker when the run resumes', call.id);
        continue;
      }
      const ctx = this.#toolContext(session, entry.action, call, resumeDecisions.get(call.id), true);
      if (ctx === undefined) {
        results.set(call.id, envelope({ ok: false, errorCode: 'TOOL_ARGS_INVALID', message: 'The tool arguments are not a JSON object.', guidance: 'Send the arguments as a JSON object that matches the tool schema.' }));
        outcomes.set(call.id, { action: entry.action.name, ok: false, counts: true });
        continue;
      }
      const outcome = await pipeline.runBeforeToolCall(ctx, (c, replaced) => {
        const parsedCall = ToolCallSchema.parse(replaced);
        if (parsedCall.id !== c.call.id || parsedCall.function.name !== c.call.function.name) {
          throw new Error('a replaced tool call must keep its id and tool name');
        }
        const next = this.#toolContext(session, c.action, parsedCall, c.resume, false);
        if (!next) throw new Error('a replaced tool call must carry a JSON object of arguments');
        return next;
      });
      if (outcome.type === 'block') {
        results.set(call.id, envelope({ ok: false, errorCode: outcome.code, message: outcome.modelMessage ?? `The call was blocked: ${outcome.reason}` }));
        outcomes.set(call.id, { action: entry.action.name, ok: false, counts: false });
      } else if (outcome.type === 'suspend') {
        pending.push(Object.freeze({ callId: call.id, action: entry.action.name, plugin: outcome.plugin, approval: outcome.approval }));
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
      outcomes.set(ctx.call.id, { action: ctx.action.name, ok: result.ok, counts: !result.ok && !isHookCode(result.errorCode) });
    }

    // 3. the error policy (R-LOOP-9), counted in the model's order, before any suspension
    const { definition } = session.compiled;
    let failure: AgentStudioError | undefined;
    for (const call of calls) {
      const o = outcomes.get(call.id);
      if (!o) continue;
      if (o.ok) {
        session.toolFailures.set(o.action, 0);
        continue;
      }
      if (!o.counts) continue;
      const count = (session.toolFailures.get(o.action) ?? 0) + 1;
      session.toolFailures.set(o.action, count);
      const capability = session.compiled.capabilities.get(o.action.toLowerCase())?.capability;
      if (failure) continue;
      if (capability?.failFast) {
        failure = new ActionExecutionError('ACTION_FAILED', `Tool "${o.action}" failed and its capability is fail-fast.`);
      } else if ((definition.type === 'function' || definition.type === 'workflow') && count >= definition.limits.maxToolRetries) {
        failure = new ActionExecutionError('TOOL_RETRY_LIMIT', `Tool "${o.action}" failed ${count} times in a row (limit ${definition.limits.maxToolRetries}).`);
      }
    }

    if (pending.length > 0 && !failure) return { kind: 'suspended', pending, completed: Object.fromEntries(results) };

    // 4. tool messages in the model's order
    for (const call of calls) {
      const content = results.get(call.id) ?? envelope({ ok: false, errorCode: 'INTERNAL_INVARIANT', message: 'No result was produced.' });
      const message: ToolMessage = { role: 'tool', tool_call_id: call.id, content };
      session.messages.push(deepFreeze(message));
    }
    return failure ? { kind: 'failed', error: failure } : { kind: 'done' };
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
      if (Object.hasOwn(session.variables, binding.variable)) args[binding.key] = session.variables[binding.variable];
    }
    // the run context's fields written out (not spread): this is built for every tool call
    return {
      runId: session.runId,
      turn: session.turn,
      agent: session.compiled.definition,
      access: session.access,
      variables: snapshotVariables(session),
      signal: session.signal,
      bag: session.bag,
      logger: this.#logger,
      messages: messagesOf(session),
      action,
      // a call of the parsed response is frozen already; a replaced one is copied and frozen
      call: Object.isFrozen(call) && Object.isFrozen(call.function) ? call : deepFreeze({ ...call, function: { ...call.function } }),
      args: deepFreeze(args),
      rationale: parsed.rationale,
      hints: parsed.hints,
      resume,
    };
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
    // frozen before the hooks see it (its data already is), so an unreplaced result needs no second check
    let result = deepFreeze(await this.#invoke(session, ctx, batchSignal));
    const after = await pipeline.runAfterToolCall({ ...ctx, result });
    if (after.type === 'block') {
      result = { ok: false, errorCode: after.code, message: after.modelMessage ?? `The result was withheld: ${after.reason}` };
    } else if (after.type === 'suspend') {
      result = { ok: false, errorCode: 'POLICY_BLOCKED', message: 'The result was withheld: a result cannot be suspended.' };
    } else if (after.ctx.result !== result) {
      // a plugin replaced the result: check it and copy its data; an unreplaced one is already a frozen copy
      result = checkResult(after.ctx.result);
    }
    const final = deepFreeze(result);
    const durationMs = performance.now() - started;
    this.#emit('tool:finished', () => ({ runId: session.runId, turn: session.turn, callId: ctx.call.id, action: definition.name, durationMs, result: final }));
    return final;
  }

  async #invoke(session: RunSession, ctx: ToolCallContext, batchSignal: AbortSignal): Promise<ActionResult> {
    const { definition } = ctx.action;
    const timeoutMs = definition.timeoutMs ?? session.compiled.definition.limits.actionTimeoutMs;
    // the action's signal is made only if the action reads ctx.signal; the races need none
    const deadline = callDeadline(batchSignal === session.signal ? [session.signal] : [batchSignal, session.signal], timeoutMs);
    let settled = false;
    try {
      const validated = definition.input.safeParse(ctx.args);
      if (!validated.success) {
        const issues = validated.error.issues.map((i) => {
          const key = String(i.path[0] ?? '');
          const binding = ctx.action.contextBindings.find((b) => b.key === key);
          if (binding && !Object.hasOwn(session.variables, binding.variable)) return `${key}: context variable ${binding.variable} is not set yet`;
          return `${i.path.join('.') || '(root)'}: ${i.message}`;
        });
        return { ok: false, errorCode: 'TOOL_ARGS_INVALID', message: `Invalid arguments: ${issues.join('; ')}.`, guidance: 'Fix the arguments to match the tool schema and call it again.' };
      }
      const extensions = this.#contextProviders.length === 0 ? NO_EXTENSIONS : await deadline.race(() => this.#extensions(session, ctx));
      const provides = new Set(definition.providesContext ?? []);
      const fields = {
        ...extensions,
        runId: session.runId,
        callId: ctx.call.id,
        access: session.access,
        variables: snapshotVariables(session),
      };
      Object.defineProperty(fields, 'signal', { get: () => deadline.signal, enumerable: true, configurable: false });
      const actionContext: ActionContext = Object.freeze(
        Object.assign(fields as typeof fields & { readonly signal: AbortSignal }, {
        setVariable: (name: string, value: unknown) => {
          if (settled || deadline.aborted) {
            throw new ConfigurationError('ACTION_SCHEMA_INVALID', `Action "${definition.name}" tried to set "${name}" after its call ended; ignored.`);
          }
          if (!provides.has(name)) {
            throw new ConfigurationError(
              'ACTION_SCHEMA_INVALID',
              `Action "${definition.name}" tried to set context variable "${name}" without declaring it in providesContext.`,
            );
          }
          session.variables[name] = frozenJsonCopy(value);
          session.variablesSnapshot = undefined;
          this.#record(session, 'context-variable-set', `action "${definition.name}" set context variable "${name}"`, ctx.call.id);
        },
        }),
      );
      deadline.throwIfAborted();
      let data: unknown = await deadline.race(() => definition.run(validated.data, actionContext));
      if (definition.output) {
        const out = definition.output.safeParse(data);
        if (!out.success) {
          this.#logger.warn({ runId: session.runId, action: definition.name }, 'action output did not match its schema');
          return { ok: false, errorCode: 'ACTION_OUTPUT_INVALID', message: 'The action returned data that does not match its declared output.' };
        }
        data = out.data;
      }
      try {
        data = frozenJsonCopy(data);
      } catch {
        return { ok: false, errorCode: 'ACTION_OUTPUT_INVALID', message: 'The action returned data that cannot be sent as JSON.' };
      }
      return { ok: true, data };
    } catch (error) {
      if (session.signal.aborted) throw session.signal.reason;
      if (deadline.timedOut) return { ok: false, errorCode: 'ACTION_TIMEOUT', message: `The action did not finish within ${timeoutMs} ms.` };
      const known = AgentStudioError.is(error) ? error : undefined;
      // a refusal by the data layer is enforcement working (info); anything else is a malfunction (warn)
      const fields = { runId: session.runId, action: definition.name, code: known?.code ?? 'ACTION_FAILED' };
      if (known?.code.endsWith('ACCESS_DENIED')) this.#logger.info(fields, 'action refused by access control');
      else this.#logger.warn(fields, 'action failed');
      // only Agent Studio errors carry messages written for users; anything else stays in `cause`
      if (known && known.code !== 'INTERNAL_INVARIANT') return { ok: false, errorCode: known.code, message: known.message };
      return { ok: false, errorCode: 'ACTION_FAILED', message: 'The action failed.' };
    } finally {
      settled = true;
      deadline.dispose();
    }
  }

  async #extensions(session: RunSession, ctx: ToolCallContext): Promise<Partial<ActionContextExtensions>> {
    let extensions: Partial<ActionContextExtensions> = {};
    for (const provider of this.#contextProviders) {
      const provided = await provider.provide({
        runId: session.runId,
        callId: ctx.call.id,
        access: session.access,
        agent: session.compiled.definition,
        action: ctx.action,
        bag: session.bag,
        record: (kind, reason) => this.#record(session, kind, reason, ctx.call.id),
      });
      extensions = { ...extensions, ...provided };
    }
    return extensions;
  }

  async #batchResult(session: RunSession, outcome: Exclude<BatchOutcome, { kind: 'done' }>): Promise<RunResult> {
    if (outcome.kind === 'failed') return this.#finish(session, 'failed', { error: outcome.error });
    const now = this.#clock();
    const state = await this.#signer.sign({
      v: 1,
      runId: session.runId,
      stateId: randomUUID(),
      expiresAt: now + this.#stateTtlMs,
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
      suspendedAt: now,
    });
    if (this.#runStates) await this.#runStates.save(session.runId, state, { tenantId: session.access.tenantId });
    return this.#finish(session, 'suspended', { pendingApprovals: outcome.pending, state });
  }

  #blocked(session: RunSession, plugin: string, hook: string, code: string, reason: string, reply?: string): RunResult {
    if (reply === undefined) return this.#finish(session, 'blocked', { block: { plugin, hook, code, reason } });
    // R-SAFE-6: the turn ends normally with the plugin's reply; no model call, zero tokens
    session.messages.push(deepFreeze({ role: 'assistant' as const, content: reply }));
    return this.#finish(session, 'blocked', { block: { plugin, hook, code, reason }, reply });
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
      variables: snapshotVariables(session),
      signal: session.signal,
      bag: session.bag,
      logger: this.#logger,
      messages: messagesOf(session),
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

/**
 * Checks a request a `beforeModelCall` hook replaced, as `ChatCompletionRequestSchema` would: the
 * messages and tools the runtime built (frozen, already parsed) are kept as they are, and
 * everything else (new or changed messages, other tools, the other fields) is parsed. On any
 * failure the whole request is parsed, so the error names the path as before.
 * @param built - the request the runtime built this turn
 * @param replaced - what the hooks handed back
 * @returns the request to send
 * @throws {@link SchemaValidationError} when the replaced request does not match the schema
 */
function checkReplacedRequest(built: ChatCompletionRequest, replaced: unknown): ChatCompletionRequest {
  const full = (): ChatCompletionRequest => parseWire(ChatCompletionRequestSchema, replaced, 'model request (after hooks)');
  if (typeof replaced !== 'object' || replaced === null) return full();
  const r = replaced as { readonly messages?: unknown; readonly tools?: unknown };
  const listed = r.messages;
  if (!Array.isArray(listed) || listed.length === 0) return full();
  const known: ReadonlySet<unknown> = new Set(built.messages);
  const messages: ChatMessage[] = [];
  for (const m of listed as unknown[]) {
    if (known.has(m)) {
      messages.push(m as ChatMessage);
      continue;
    }
    const parsed = ChatMessageSchema.safeParse(m);
    if (!parsed.success) return full();
    messages.push(parsed.data);
  }
  let tools: ToolDefinition[] | undefined;
  const listedTools = r.tools;
  if (listedTools !== undefined) {
    const checked = typeof listedTools === 'object' && listedTools !== null ? checkedToolLists.get(listedTools) : undefined;
    if (listedTools === built.tools && built.tools !== undefined) tools = [...built.tools];
    else if (checked !== undefined) tools = [...checked];
    else {
      const parsed = ToolListSchema.safeParse(listedTools);
      if (!parsed.success) return full();
      tools = parsed.data;
      if (isDeepFrozen(listedTools)) {
        const frozen = deepFreeze(parsed.data);
        checkedToolLists.set(listedTools as object, frozen);
        tools = [...frozen];
      }
    }
  }
  const head = sameHead(built, replaced as Record<string, unknown>) ?? RequestHeadSchema.safeParse(replaced);
  if (!head.success) return full();
  const request: ChatCompletionRequest = { ...head.data, messages };
  if (tools !== undefined) request.tools = tools;
  return request;
}

/**
 * The other fields of a replaced request when each of them is the built request's own value
 * (which was valid), so no parse is needed; undefined when any differs or `model` is missing.
 */
function sameHead(built: ChatCompletionRequest, replaced: Record<string, unknown>): { readonly success: true; readonly data: Omit<ChatCompletionRequest, 'messages' | 'tools'> } | undefined {
  const head: Record<string, unknown> = {};
  for (const key of Object.keys(replaced)) {
    if (key === 'messages' || key === 'tools') continue;
    const value = replaced[key];
    if (!Object.hasOwn(built, key) || value !== (built as Record<string, unknown>)[key]) return undefined;
    head[key] = value;
  }
  if (head.model !== built.model) return undefined;
  return { success: true, data: head as Omit<ChatCompletionRequest, 'messages' | 'tools'> };
}

/** The run's `messages()` for hook contexts: a frozen copy of the conversation on each call. */
function messagesOf(session: RunSession): () => readonly ChatMessage[] {
  session.messagesView ??= () => Object.freeze(session.messages.slice());
  return session.messagesView;
}

/** The frozen copy of the run's variables, made again only after a variable changed. */
function snapshotVariables(session: RunSession): Readonly<Record<string, unknown>> {
  session.variablesSnapshot ??= Object.freeze({ ...session.variables });
  return session.variablesSnapshot;
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

/**
 * R-LLM-5: every tool message answers a call of the assistant message just before it, each call
 * is answered once, and no call is left unanswered.
 */
function assertWellFormedHistory(history: readonly ChatMessage[]): void {
  let open = new Set<string>();
  for (const [i, m] of history.entries()) {
    const fail = (why: string): never => {
      throw new SchemaValidationError('SCHEMA_INVALID', `Invalid run history at [${i}]: ${why}.`, { details: { path: `[${i}]` } });
    };
    if (m.role === 'function') fail('function messages are not accepted');
    if (m.role === 'tool') {
      if (!open.has(m.tool_call_id)) fail('a tool message answers no open tool call');
      open.delete(m.tool_call_id);
      continue;
    }
    if (open.size > 0) fail('a tool call was left unanswered');
    if (m.role === 'assistant' && m.tool_calls) {
      open = new Set(m.tool_calls.map((c) => c.id));
      if (open.size !== m.tool_calls.length) fail('two tool calls share an id');
    }
  }
  if (open.size > 0) {
    throw new SchemaValidationError('SCHEMA_INVALID', 'Invalid run history: the last tool calls were left unanswered.', { details: { path: `[${history.length - 1}]` } });
  }
}

/** Checks an ActionResult that a plugin's `replace` produced; a malformed one is withheld. */
function checkResult(result: unknown): ActionResult {
  const r = result as Partial<ActionResult> | null;
  try {
    if (r && r.ok === true) return { ok: true, data: frozenJsonCopy((r as { data: unknown }).data) };
    if (r && r.ok === false && typeof (r as { errorCode?: unknown }).errorCode === 'string' && typeof (r as { message?: unknown }).message === 'string') {
      const f = r as { errorCode: string; message: string; guidance?: unknown };
      return typeof f.guidance === 'string' ? { ok: false, errorCode: f.errorCode, message: f.message, guidance: f.guidance } : { ok: false, errorCode: f.errorCode, message: f.message };
    }
  } catch {
    // not JSON: withheld below
  }
  return { ok: false, errorCode: 'PLUGIN_DECISION_INVALID', message: 'The result was withheld: a plugin replaced it with something that is not a result.' };
}
