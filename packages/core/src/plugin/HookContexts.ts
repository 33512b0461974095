import type { AccessContext } from '../access/AccessContext.js';
import type { ActionDescriptor } from '../actions/ActionDescriptor.js';
import type { ActionResult } from '../runtime/ActionResult.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';
import type { Logger } from '../runtime/Logger.js';
import type { ChatMessage, ToolCall } from '../schemas/messages.js';
import type { ChatCompletionRequest } from '../schemas/request.js';
import type { ChatCompletionResponse, Usage } from '../schemas/response.js';
import type { ContextBag } from './ContextBag.js';

/**
 * A person's decision on a suspended call, seen by `beforeToolCall` hooks when the run resumes.
 * @category Plugins
 */
export interface ResumeDecision {
  /** Approve or reject. */
  readonly decision: 'approve' | 'reject';
  /** Who decided (a user id from a verified credential). */
  readonly decidedBy: string;
  /** An optional comment. */
  readonly comment?: string;
}

/**
 * Internal parameters a model may add to any tool call (R-LOOP-3, R-RAT-4, R-HITL-4). They never
 * reach the action; plugins read them here.
 * @category Plugins
 */
export interface ModelHints {
  /** `_confidence`, kept only when numeric in [0, 100]. */
  readonly confidence?: number;
  /** `_nextStepSuggestion`, trimmed to 255 characters. */
  readonly nextStepSuggestion?: string;
  /** `_requiresApproval`: true, or "true", "1", "yes". */
  readonly requiresApproval?: boolean;
  /** `_approvalReason`. */
  readonly approvalReason?: string;
}

/**
 * Seen by every hook. Read-only (frozen); a hook changes data only by returning `replace`.
 * @category Plugins
 */
export interface RunContext {
  /** The run's id. */
  readonly runId: string;
  /** The model turn, from 1. */
  readonly turn: number;
  /** The agent. */
  readonly agent: AgentDefinition;
  /** The verified request context: tenant, user, agent, session, surface. */
  readonly access: AccessContext;
  /** Context variables of the run. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Aborted when the run is cancelled; pass it to any I/O. */
  readonly signal: AbortSignal;
  /** Per-run plugin scratch space. */
  readonly bag: ContextBag;
  /** The logger (never log content). */
  readonly logger: Logger;
  /**
   * The run's conversation so far, as the runtime holds it (before any masking): a frozen copy
   * made on each call. A plugin whose per-run state lives in `bag` rebuilds it from here when a
   * suspended run resumes in a new invocation (or another process), where the bag starts empty.
   * @returns the messages, oldest first
   */
  readonly messages: () => readonly ChatMessage[];
}

/**
 * Seen by `beforeModelCall`.
 * @category Plugins
 */
export interface ModelCallContext extends RunContext {
  /** The request about to be sent. */
  readonly request: ChatCompletionRequest;
}

/**
 * Seen by `afterModelCall`.
 * @category Plugins
 */
export interface ModelResultContext extends ModelCallContext {
  /** The parsed response. */
  readonly response: ChatCompletionResponse;
  /** Its token usage (zeros when the provider sent none). */
  readonly usage: Usage;
}

/**
 * Seen by `beforeToolCall`.
 * @category Plugins
 */
export interface ToolCallContext extends RunContext {
  /** The action the model called. */
  readonly action: ActionDescriptor;
  /** The call as the model sent it (or as an earlier hook replaced it). */
  readonly call: ToolCall;
  /** The arguments: the model's user inputs plus the context-bound inputs, not yet validated. */
  readonly args: Readonly<Record<string, unknown>>;
  /** The rationale the model gave, if any. */
  readonly rationale: string | undefined;
  /** The internal parameters the model sent with the call, stripped from the arguments (R-LOOP-3). */
  readonly hints: ModelHints;
  /** A person's decision, when the run resumes a suspended call. */
  readonly resume: ResumeDecision | undefined;
}

/**
 * Seen by `afterToolCall`.
 * @category Plugins
 */
export interface ToolResultContext extends ToolCallContext {
  /** The outcome. */
  readonly result: ActionResult;
}
