import {
  AgentStudioError,
  assertKnownAgents,
  $inject,
  $multiInject,
  type AgentDefinition,
  type AgentPlugin,
  type ChatCompletionRequest,
  decide,
  type HookDecision,
  type Logger,
  type ModelCallContext,
  PluginFailureError,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RuntimeEventMap,
  type RuntimeEvents,
  type ToolCall,
  type ToolCallContext,
  type ToolDefinition,
  type TraceStore,
} from '@agent-studio/core';
import { injectable, optional } from 'inversify';
import { type RationaleOptions, type ResolvedRationaleSettings, resolveRationaleSettings } from './RationaleOptions.js';
import { hashRationale, type RationaleRecord, type RationaleRecorder } from './RationaleRecorder.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The agent requires a rationale with every tool call and the model gave none (R-RAT-1). */
    RATIONALE_REQUIRED: true;
  }
  interface RuntimeEventMap {
    /** The rationale plugin recorded a tool call's rationale (length and hash only, never the text). */
    'rationale:recorded': RationaleRecordedEvent;
  }
}

/**
 * The payload of `rationale:recorded`. It never holds the rationale's text (R-ACT-LOG-1): only its
 * length and SHA-256; the text is on the recorder's record.
 * @category Plugins
 */
export interface RationaleRecordedEvent {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The agent's name. */
  readonly agent: string;
  /** The tool call's id. */
  readonly callId: string;
  /** The tool the model called. */
  readonly tool: string;
  /** The length of the rationale as the model sent it (0 when none). */
  readonly length: number;
  /** Whether the recorded text was cut to `maxLength`. */
  readonly truncated: boolean;
  /** The SHA-256 (hex) of the rationale, or undefined when none. */
  readonly sha256: string | undefined;
  /** Whether the call was blocked for want of a rationale. */
  readonly blocked: boolean;
}

/**
 * The `kind` of the trace steps the plugin appends to the `trace` store (R-RAT-3).
 * @category Plugins
 */
export const RATIONALE_TRACE_KIND = 'rationale:recorded';

/**
 * The `data` of a `rationale:recorded` trace step: the record, text included. It goes only to the
 * access-controlled trace store given as the `trace` option (R-AUDIT-4), never to events or logs.
 * @category Plugins
 */
export interface RationaleTraceData {
  /** The agent's name. */
  readonly agent: string;
  /** The model turn. */
  readonly turn: number;
  /** The tool call's id. */
  readonly callId: string;
  /** The tool the model called. */
  readonly tool: string;
  /** The rationale (at most `maxLength` characters), or null when the model gave none. */
  readonly rationale: string | null;
  /** The length of the rationale as the model sent it (0 when none). */
  readonly length: number;
  /** Whether the text was cut to `maxLength`. */
  readonly truncated: boolean;
  /** The SHA-256 (hex) of the rationale as the model sent it, or null when none. */
  readonly sha256: string | null;
  /** Whether the call was blocked for want of a rationale. */
  readonly blocked: boolean;
}

/**
 * The name of the internal parameter (R-RAT-1, R-LOOP-3).
 * @category Plugins
 */
export const RATIONALE_PARAMETER = '_rationale';

/**
 * Captures the model's rationale for every tool call of the agents it is enabled for (SPEC §11).
 *
 * - `beforeModelCall` (R-RAT-1): every offered tool's JSON Schema gains a string parameter
 *   `_rationale`, first in its `required` list (left alone when a schema already has one).
 * - `beforeToolCall` (R-RAT-3): the runtime has already taken `_rationale` out of the arguments
 *   (R-LOOP-3, so the action never sees it) and passes it as `ctx.rationale`; the plugin keeps it,
 *   cut to `maxLength`, on the {@link RationaleRecorder}, appends it (text included) to the `trace`
 *   store when one is configured, and then emits `rationale:recorded` (length and hash only). With
 *   `required`, a call without a non-blank rationale is blocked with `RATIONALE_REQUIRED` and the
 *   model is told to call again with one.
 *
 * The trace append is awaited. If it fails, the hook throws and, the plugin being fail-closed, the
 * runtime blocks the call with `PLUGIN_HOOK_FAILED`: no tool runs whose rationale was not persisted.
 * The failure is logged with the error's name and code only.
 *
 * The rationale text never reaches the logger or events (R-ACT-LOG-1).
 * @category Plugins
 */
@injectable()
export class RationalePlugin implements AgentPlugin {
  /** The manifest: priority 200, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'rationale',
    version: '0.1.0',
    priority: PluginPriority.Rationale,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #options: RationaleOptions;
  readonly #recorder: RationaleRecorder;
  readonly #trace: TraceStore | undefined;
  readonly #agents: readonly AgentDefinition[];
  readonly #settings = new WeakMap<object, ResolvedRationaleSettings>();
  readonly #tools = new WeakMap<object, ToolDefinition[]>();
  #events: RuntimeEvents | undefined;
  #logger: Logger | undefined;

  /**
   * @param options - the parsed options
   * @param recorder - where records are kept
   * @param agents - the registered agents, whose settings are checked at startup
   */
  constructor(
    @$inject('rationale.Options') options: RationaleOptions,
    @$inject('rationale.Recorder') recorder: RationaleRecorder,
    @$multiInject('core.Agent') @optional() agents: AgentDefinition[],
  ) {
    this.#options = options;
    this.#recorder = recorder;
    this.#agents = agents ?? [];
    // only an explicit `trace` option: the text goes there as the model wrote it. The audit
    // plugin is what records rationales on the container's trace store, under each agent's
    // content policy (R-AUDIT-4), so this plugin never writes there on its own.
    this.#trace = options.trace;
  }

  /**
   * Checks every agent's `trust.rationale` section and that each name under the `agents` option is
   * a registered agent; keeps the events.
   * @param api - the setup API
   * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` for an invalid trust section, `CONFIG_INVALID` for an unknown agent name
   */
  setup(api: PluginSetupApi): void {
    this.#events = api.events;
    this.#logger = api.logger;
    for (const agent of this.#agents) this.settingsFor(agent);
    assertKnownAgents('rationaleModule', Object.keys(this.#options.agents ?? {}), this.#agents);
  }

  /**
   * The settings an agent runs with (cached per definition).
   * @param agent - the agent
   * @returns the resolved settings
   */
  settingsFor(agent: AgentDefinition): ResolvedRationaleSettings {
    let settings = this.#settings.get(agent);
    if (!settings) {
      settings = resolveRationaleSettings(this.#options, agent);
      this.#settings.set(agent, settings);
    }
    return settings;
  }

  /**
   * Adds `_rationale` to every offered tool's schema (R-RAT-1) when the agent has capture on.
   * @param ctx - the model call
   * @returns continue when off or nothing changed, else a replace with the rewritten tools
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> {
    const settings = this.settingsFor(ctx.agent);
    const tools = ctx.request.tools;
    if (!settings.enabled || !tools || tools.length === 0) return decide.continue();
    let rewritten = this.#tools.get(tools);
    if (!rewritten) {
      // frozen: the list is shared by every run of the agent, and the runtime checks a frozen list once
      rewritten = freezeDeep(tools.map((tool) => withRationale(tool, settings.description)));
      this.#tools.set(tools, rewritten);
    }
    if (rewritten.every((tool, i) => tool === tools[i])) return decide.continue();
    return decide.replace({ ...ctx.request, tools: rewritten }, `added ${RATIONALE_PARAMETER} to ${tools.length} tool schema(s)`);
  }

  /**
   * Records the call's rationale (R-RAT-3), persisting it to the `trace` store when one is
   * configured; in `required` mode blocks a call without one.
   * @param ctx - the tool call
   * @returns continue, or a block with `RATIONALE_REQUIRED`
   * @throws {@link @agent-studio/core!index.PluginFailureError} `PLUGIN_HOOK_FAILED` when the trace
   *   store refuses the record (the runtime then blocks the call: the plugin is fail-closed)
   */
  async beforeToolCall(ctx: ToolCallContext): Promise<HookDecision<ToolCall>> {
    const settings = this.settingsFor(ctx.agent);
    if (!settings.enabled) return decide.continue();
    const raw = ctx.rationale;
    const given = raw !== undefined && raw.trim().length > 0 ? raw : undefined;
    const blocked = given === undefined && settings.required;
    const truncated = given !== undefined && given.length > settings.maxLength;
    const record = {
      runId: ctx.runId,
      turn: ctx.turn,
      callId: ctx.call.id,
      tool: ctx.action.name,
      rationale: truncated ? given?.slice(0, settings.maxLength) : given,
      length: given?.length ?? 0,
      truncated,
      sha256: given === undefined ? undefined : hashRationale(given),
      blocked,
    };
    if (!this.#recorder.has(record.runId, record.callId)) {
      // persisted first: a record the store refused is neither kept nor announced
      const trace = this.#trace;
      if (trace) await this.#persist(trace, ctx, record);
      this.#recorder.add(record);
      const { rationale: _text, ...event } = record;
      this.#emit({ ...event, agent: ctx.agent.name });
    }
    if (blocked) {
      return decide.block(
        'RATIONALE_REQUIRED',
        `the call of ${ctx.action.name} carried no ${RATIONALE_PARAMETER}`,
        `The call was not run: every tool call must include a non-empty "${RATIONALE_PARAMETER}" argument explaining why this tool addresses the request. Call ${ctx.action.name} again with "${RATIONALE_PARAMETER}".`,
      );
    }
    return decide.continue();
  }

  async #persist(trace: TraceStore, ctx: ToolCallContext, record: RationaleRecord): Promise<void> {
    const data: RationaleTraceData = {
      agent: ctx.agent.name,
      turn: record.turn,
      callId: record.callId,
      tool: record.tool,
      rationale: record.rationale ?? null,
      length: record.length,
      truncated: record.truncated,
      sha256: record.sha256 ?? null,
      blocked: record.blocked,
    };
    try {
      await trace.append({ runId: ctx.runId, tenantId: ctx.access.tenantId, at: Date.now(), kind: RATIONALE_TRACE_KIND, data: { ...data } });
    } catch (error) {
      // name and code only: a store's message could quote the step
      const code = AgentStudioError.is(error) ? error.code : undefined;
      this.#logger?.error({ plugin: this.manifest.name, runId: ctx.runId, callId: record.callId, error: (error as Error)?.name, code }, 'rationale trace append failed; call blocked');
      throw new PluginFailureError('PLUGIN_HOOK_FAILED', `rationale: the trace store did not take the record of call ${record.callId}${code ? ` (${code})` : ''}.`, {
        cause: error,
        details: { runId: ctx.runId, callId: record.callId, ...(code ? { storeCode: code } : {}) },
      });
    }
  }

  #emit(payload: RuntimeEventMap['rationale:recorded']): void {
    const events = this.#events;
    if (!events || events.listenerCount('rationale:recorded') === 0) return;
    try {
      events.emit('rationale:recorded', payload);
    } catch (error) {
      this.#logger?.warn({ plugin: this.manifest.name, event: 'rationale:recorded', error: (error as Error)?.name }, 'an event listener threw; ignored');
    }
  }
}

/**
 * A tool with `_rationale` added to its schema, first in `required` (R-RAT-1); the same object when
 * the schema already declares it.
 */
function withRationale(tool: ToolDefinition, description: string): ToolDefinition {
  const parameters = tool.function.parameters ?? { type: 'object', properties: {} };
  const properties = isRecord(parameters.properties) ? parameters.properties : {};
  if (Object.hasOwn(properties, RATIONALE_PARAMETER)) return tool;
  const required = Array.isArray(parameters.required) ? parameters.required.filter((k) => k !== RATIONALE_PARAMETER) : [];
  return {
    ...tool,
    function: {
      ...tool.function,
      parameters: {
        ...parameters,
        properties: { [RATIONALE_PARAMETER]: { type: 'string', description }, ...properties },
        required: [RATIONALE_PARAMETER, ...required],
      },
    },
  };
}

function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
