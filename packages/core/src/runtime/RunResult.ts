import type { AgentStudioError } from '../errors/AgentStudioError.js';
import type { ApprovalRequest } from '../plugin/HookDecision.js';
import type { ChatMessage } from '../schemas/messages.js';
import type { Usage } from '../schemas/response.js';
import type { SignedRunState } from './RunState.js';

/**
 * How a run ended.
 * @category Runtime
 */
export type RunStatus = 'completed' | 'suspended' | 'blocked' | 'failed';

/**
 * One model call's token usage, recorded once per call (R-COST-1).
 * @category Runtime
 */
export interface ModelCallRecord {
  /** The model turn. */
  readonly turn: number;
  /** The model that answered. */
  readonly model: string;
  /** Its usage. */
  readonly usage: Usage;
  /** How long it took. */
  readonly durationMs: number;
}

/**
 * A call the runtime left for a worker (an `async` capability, R-LOOP-7): a worker resumes the run
 * with an `approve` decision for it, as the user who asked, and the call runs there.
 * @category Runtime
 */
export interface AsyncWork {
  /** Always `async`. */
  readonly kind: 'async';
  /** Why it waits. */
  readonly reason: string;
  /** Extra facts. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A suspended tool call waiting for a person, or for a worker.
 * @category Runtime
 */
export interface PendingApproval {
  /** The tool call id; decisions refer to it. */
  readonly callId: string;
  /** The action. */
  readonly action: string;
  /** The plugin that suspended it. */
  readonly plugin: string;
  /** What it waits for: a person (`confirmation`, `approval`) or a worker (`async`). */
  readonly approval: ApprovalRequest | AsyncWork;
}

/**
 * A block decision that ended the run.
 * @category Runtime
 */
export interface BlockInfo {
  /** The plugin that blocked. */
  readonly plugin: string;
  /** The hook. */
  readonly hook: string;
  /** The code. */
  readonly code: string;
  /** The reason. */
  readonly reason: string;
}

/**
 * The result of `AgentRuntime.run()` or `resume()`.
 * @category Runtime
 */
export interface RunResult {
  /** The run's id. */
  readonly runId: string;
  /** How it ended. */
  readonly status: RunStatus;
  /** The agent's final reply, when completed; or, when blocked, the reply a blocking `beforeModelCall` hook gave (R-SAFE-6). */
  readonly reply?: string;
  /** The conversation as the model saw it. */
  readonly messages: readonly ChatMessage[];
  /** One record per model call. */
  readonly modelCalls: readonly ModelCallRecord[];
  /** The sum of the model calls' usage. */
  readonly usage: Usage;
  /** Calls waiting for a person, when suspended. */
  readonly pendingApprovals?: readonly PendingApproval[];
  /** The signed state to resume from, when suspended. */
  readonly state?: SignedRunState;
  /** What blocked the run, when blocked. */
  readonly block?: BlockInfo;
  /** What failed, when failed. */
  readonly error?: AgentStudioError;
  /** Wall time of this run call. */
  readonly durationMs: number;
}
