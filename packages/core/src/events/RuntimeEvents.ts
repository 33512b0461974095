import { EventEmitter } from 'eventemitter3';
import type { ActionResult } from '../runtime/ActionResult.js';
import type { RunStatus } from '../runtime/RunResult.js';
import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse, Usage } from '../schemas/response.js';

/**
 * Fields every run event carries.
 * @category Events
 */
export interface RunEventBase {
  /** The run's id. */
  readonly runId: string;
}

/**
 * `run:started`: a run started or resumed.
 * @category Events
 */
export interface RunStartedEvent extends RunEventBase {
  /** The agent's name. */
  readonly agent: string;
  /** The tenant, from the verified access context. */
  readonly tenantId: string;
  /** The user, from the verified access context. */
  readonly userId: string;
  /** The API surface. */
  readonly surface: string;
  /** Whether this continues a suspended run. */
  readonly resumed: boolean;
  /** The model the agent asks for (its definition's `model.name`). */
  readonly model: string;
  /** The name of the model client (for example `openai` or `scripted`): the provider. */
  readonly provider: string;
  /** On a resume: the decisions it carries, one per pending call (ids only; comments left out). */
  readonly decisions?: readonly ResumeDecisionSummary[];
}

/**
 * A decision a resumed run carries, as `run:started` reports it.
 * @category Events
 */
export interface ResumeDecisionSummary {
  /** The pending call. */
  readonly callId: string;
  /** What was decided. */
  readonly decision: 'approve' | 'reject';
  /** Who decided (a user id from a verified token). */
  readonly decidedBy: string;
}

/**
 * `run:finished`: a run ended (completed, suspended, blocked or failed).
 * @category Events
 */
export interface RunFinishedEvent extends RunEventBase {
  /** How it ended. */
  readonly status: RunStatus;
  /** Wall time of this run call. */
  readonly durationMs: number;
  /** The error or block code, when there is one (`ABORTED` for a cancelled run). */
  readonly errorCode?: string;
}

/**
 * `model:requested`: a model call is about to be sent, after the `beforeModelCall` hooks.
 * @category Events
 */
export interface ModelRequestedEvent extends RunEventBase {
  /** The model turn, from 1. */
  readonly turn: number;
  /** The model's name. */
  readonly model: string;
  /** How many messages the request holds. */
  readonly messages: number;
  /** How many tools it offers. */
  readonly tools: number;
  /**
   * The request exactly as the model receives it, after every `beforeModelCall` hook (so masked
   * when a masking plugin runs). Holds content: keep it out of logs (R-ACT-LOG-1).
   */
  readonly request: ChatCompletionRequest;
}

/**
 * A tool call the model asked for, as events report it.
 * @category Events
 */
export interface ToolCallSummary {
  /** The call id. */
  readonly id: string;
  /** The tool's name. */
  readonly name: string;
  /** The raw arguments (JSON text written by the model). */
  readonly arguments: string;
}

/**
 * `model:responded`: a model call returned, after the `afterModelCall` hooks.
 * @category Events
 */
export interface ModelRespondedEvent extends RunEventBase {
  /** The model turn. */
  readonly turn: number;
  /** The model that answered. */
  readonly model: string;
  /** How long the call took. */
  readonly durationMs: number;
  /** Its token usage. */
  readonly usage: Usage;
  /** Why the model stopped. */
  readonly finishReason: string | null;
  /** The tool calls it asked for. */
  readonly toolCalls: readonly ToolCallSummary[];
  /** The reply text as the `afterModelCall` hooks left it (unmasked when a masking plugin restores values). */
  readonly content: string | null;
  /**
   * The response exactly as the model sent it, before the `afterModelCall` hooks: what the model
   * wrote, with the masking tokens it saw. Holds content: keep it out of logs (R-ACT-LOG-1).
   */
  readonly received: ChatCompletionResponse;
}

/**
 * `tool:started`: a tool call is about to run, after the `beforeToolCall` hooks.
 * @category Events
 */
export interface ToolStartedEvent extends RunEventBase {
  /** The model turn. */
  readonly turn: number;
  /** The call id. */
  readonly callId: string;
  /** The action's name. */
  readonly action: string;
  /** The arguments the action receives (user inputs and context-bound inputs). */
  readonly args: Readonly<Record<string, unknown>>;
  /** The rationale the model gave, if any. */
  readonly rationale: string | undefined;
}

/**
 * `tool:finished`: a tool call finished, after the `afterToolCall` hooks.
 * @category Events
 */
export interface ToolFinishedEvent extends RunEventBase {
  /** The model turn. */
  readonly turn: number;
  /** The call id. */
  readonly callId: string;
  /** The action's name. */
  readonly action: string;
  /** How long the call and its hooks took. */
  readonly durationMs: number;
  /** The outcome. */
  readonly result: ActionResult;
}

/**
 * `hook:decision`: a plugin hook decided.
 * @category Events
 */
export interface HookDecisionEvent extends RunEventBase {
  /** The model turn. */
  readonly turn: number;
  /** The plugin's name. */
  readonly plugin: string;
  /** The hook's name. */
  readonly hook: string;
  /** What it decided; `skipped` when a fail-open plugin threw. */
  readonly decision: 'continue' | 'replace' | 'block' | 'suspend' | 'skipped';
  /** The error code of a block. */
  readonly code?: string;
  /** The reason, or the note of a replace. */
  readonly reason?: string;
  /** The tool call, for tool hooks. */
  readonly callId?: string;
  /** How long the hook took. */
  readonly durationMs: number;
}

/**
 * `decision:recorded`: the runtime itself made a decision worth auditing (an ignored
 * context-bound input, an unknown tool, a context variable set, a rejection).
 * @category Events
 */
export interface DecisionRecordedEvent extends RunEventBase {
  /** The model turn. */
  readonly turn: number;
  /** What kind of decision, such as `context-input-ignored`. */
  readonly kind: string;
  /** The tool call it concerns. */
  readonly callId?: string;
  /** Why. */
  readonly reason: string;
}

/**
 * The payload of every event, keyed by event name. Events observe; they never decide, and a
 * listener's failure never changes a run. Payloads are built only when someone listens.
 * @category Events
 */
export interface RuntimeEventMap {
  /** A run started or resumed. */
  'run:started': RunStartedEvent;
  /** A run ended. */
  'run:finished': RunFinishedEvent;
  /** A model call is about to be sent. */
  'model:requested': ModelRequestedEvent;
  /** A model call returned. */
  'model:responded': ModelRespondedEvent;
  /** A tool call is about to run. */
  'tool:started': ToolStartedEvent;
  /** A tool call finished. */
  'tool:finished': ToolFinishedEvent;
  /** A plugin hook decided. */
  'hook:decision': HookDecisionEvent;
  /** The runtime recorded a decision. */
  'decision:recorded': DecisionRecordedEvent;
}

/**
 * The typed event emitter of the runtime (eventemitter3).
 * @example
 * ```ts
 * runtime.events.on('tool:finished', (e) => metrics.observe(e.action, e.durationMs));
 * ```
 * @category Events
 */
export class RuntimeEvents extends EventEmitter<{ [K in keyof RuntimeEventMap]: [RuntimeEventMap[K]] }> {}
