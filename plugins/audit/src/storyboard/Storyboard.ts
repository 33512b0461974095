import type { ContentPolicy } from '../ContentPolicy.js';
import type { DecisionStep } from '../records/DecisionStep.js';

/**
 * How a run stands, as its last invocation's closing step says: `running` when that invocation
 * has no closing step yet (or the run is still being written).
 * @category Plugins
 */
export type StoryboardStatus = 'completed' | 'suspended' | 'blocked' | 'failed' | 'running';

/**
 * What a run used, summed over its invocations.
 * @category Plugins
 */
export interface StoryboardTotals {
  /** Model calls. */
  readonly modelCalls: number;
  /** Tool calls. */
  readonly toolCalls: number;
  /** Prompt tokens. */
  readonly promptTokens: number;
  /** Completion tokens. */
  readonly completionTokens: number;
  /** Cost in USD; null when any model call was not priced. */
  readonly costUsd: number | null;
}

/**
 * The header of a {@link Storyboard}: who asked, who the run acted as, with what, and how it
 * ended. A fact the trail does not hold (its first step was not stored, say) is `null`.
 * @category Plugins
 */
export interface StoryboardRun {
  /** The run. */
  readonly runId: string;
  /** The agent. */
  readonly agent: string | null;
  /** The tenant. */
  readonly tenantId: string | null;
  /** The API surface the run came through. */
  readonly surface: string | null;
  /** The model the agent was configured with. */
  readonly model: string | null;
  /** The model client (provider). */
  readonly provider: string | null;
  /** The content policy the trail was written under (R-AUDIT-4). */
  readonly contentPolicy: ContentPolicy | null;
  /** The authenticated user who asked. */
  readonly originalUserId: string | null;
  /** The user the run's data access acted as. */
  readonly executionUserId: string | null;
  /** When the first decision step was stored (epoch ms). */
  readonly startedAt: number;
  /** When the last decision step was stored (epoch ms). */
  readonly endedAt: number;
  /** How the run stands. */
  readonly status: StoryboardStatus;
  /** The error or block code of the closing step, if any. */
  readonly errorCode: string | null;
  /** Time spent running, summed over invocations (the wait for an approval is not counted). */
  readonly durationMs: number;
  /** What the run used. */
  readonly totals: StoryboardTotals;
  /** How many invocations the run had: 1, plus one per resume. */
  readonly invocations: number;
}

/**
 * A decision step placed on the timeline.
 * @category Plugins
 */
export interface StoryboardEntry {
  /** The step's number in the run's trace. */
  readonly seq: number;
  /** When it was stored (epoch ms). */
  readonly at: number;
  /** Milliseconds since the run's first decision step. */
  readonly offsetMs: number;
  /** The step, as stored. */
  readonly step: DecisionStep;
}

/**
 * The steps of one model turn of one invocation (R-AUDIT-3). Turn 0 holds what happens before
 * the first model request (the run starts, the identity is resolved).
 * @category Plugins
 */
export interface StoryboardTurn {
  /** The invocation: 1 for the first, 2 for the first resume… */
  readonly invocation: number;
  /** Whether this invocation is a resume (it starts with AGENT_RESUMED). */
  readonly resumed: boolean;
  /** The model turn. */
  readonly turn: number;
  /** A heading for people, such as `Turn 2 — the model asked for get_order`. */
  readonly heading: string;
  /** Its steps, in trace order. */
  readonly entries: readonly StoryboardEntry[];
}

/**
 * A run's audit trail as a story a person reads: the header, then the decision steps grouped by
 * invocation and turn. {@link buildStoryboard} makes it; {@link renderStoryboardText},
 * {@link renderStoryboardHtml} and {@link storyboardToJson} render it.
 * @category Plugins
 */
export interface Storyboard {
  /** The run. */
  readonly run: StoryboardRun;
  /** The timeline, in trace order. */
  readonly turns: readonly StoryboardTurn[];
  /** How many decision steps are on the timeline. */
  readonly steps: number;
  /** How many decision steps were left out because their data did not match {@link DecisionStepSchema}. */
  readonly skipped: number;
}
