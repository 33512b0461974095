import type { ActionDefinition } from '../actions/ActionConfig.js';
import type { AgentStudioError } from '../errors/AgentStudioError.js';
import type { RuntimeEvents } from '../events/RuntimeEvents.js';
import type { ActionResult } from '../runtime/ActionResult.js';
import type { Logger } from '../runtime/Logger.js';
import type { ToolCall } from '../schemas/messages.js';
import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse } from '../schemas/response.js';
import type { HookDecision } from './HookDecision.js';
import type { ModelCallContext, ModelResultContext, RunContext, ToolCallContext, ToolResultContext } from './HookContexts.js';
import type { PluginManifest } from './PluginManifest.js';

/**
 * A value or a promise of it.
 * @category Plugins
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The hooks a plugin may implement. Every hook is optional and takes one read-only context.
 * `before*` hooks run highest priority first, sequentially, awaited before the call they guard;
 * `after*` hooks run in reverse.
 * @category Plugins
 */
export interface AgentHooks {
  /** Before each model call; may rewrite the request, block the run, or suspend it. */
  beforeModelCall?(ctx: ModelCallContext): MaybePromise<HookDecision<ChatCompletionRequest>>;
  /** After each model call; may rewrite the response or block the run. */
  afterModelCall?(ctx: ModelResultContext): MaybePromise<HookDecision<ChatCompletionResponse>>;
  /** Before each tool call; may rewrite the call, block it, or suspend it for a person. */
  beforeToolCall?(ctx: ToolCallContext): MaybePromise<HookDecision<ToolCall>>;
  /** After each tool call; may rewrite the result or withhold it. */
  afterToolCall?(ctx: ToolResultContext): MaybePromise<HookDecision<ActionResult>>;
  /** When the run fails; for clean-up and reporting, never for decisions. */
  onRunError?(ctx: RunContext, error: AgentStudioError): MaybePromise<void>;
}

/**
 * What a plugin's `setup` may use.
 * @category Plugins
 */
export interface PluginSetupApi {
  /** The runtime's events, to observe (never to decide). */
  readonly events: RuntimeEvents;
  /** Registers an action the plugin provides. */
  registerAction(definition: ActionDefinition): void;
  /** The logger. */
  readonly logger: Logger;
}

/**
 * An enforcement plugin: a manifest plus hooks.
 *
 * @example
 * ```ts
 * export const denyDeletes: AgentPlugin = {
 *   manifest: { name: 'deny-deletes', version: '1.0.0', priority: 650, failureMode: 'closed', coreRange: '^0.1.0' },
 *   beforeToolCall: (ctx) => ctx.action.definition.effect === 'delete'
 *     ? decide.block('POLICY_BLOCKED', 'deletes are not allowed') : decide.continue(),
 * };
 * ```
 * @category Plugins
 */
export interface AgentPlugin extends AgentHooks {
  /** Name, version, priority, dependencies, failure mode and core range. */
  readonly manifest: PluginManifest;
  /** Runs once at startup. */
  setup?(api: PluginSetupApi): MaybePromise<void>;
  /** Runs once at shutdown. */
  dispose?(): MaybePromise<void>;
}

/**
 * Declares a plugin as a plain object, typed (the no-decorator path).
 * @param plugin - the manifest and hooks
 * @returns the same plugin
 * @example
 * ```ts
 * const audit = definePlugin({ manifest: {...}, afterToolCall: (ctx) => decide.continue() });
 * ```
 * @category Plugins
 */
export function definePlugin<TPlugin extends AgentPlugin>(plugin: TPlugin): TPlugin {
  return plugin;
}
