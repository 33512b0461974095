import type { RunResult } from '@agent-studio/core';
import type { ContinuationJob } from './ContinuationJob.js';

/**
 * What happened to a continuation when it was handed over.
 * @category Gateway
 */
export type ContinuationReceipt =
  | {
      /** Run in this process. */
      readonly mode: 'executed';
      /** The resumed run's result, when it resumed. */
      readonly run?: RunResult;
      /** Why it did not resume, when it did not. */
      readonly notResumed?: string;
    }
  | {
      /** Put on the queue. */
      readonly mode: 'queued';
      /** The queue's job id. */
      readonly jobId: string;
    };

/**
 * Where decided runs go to be resumed: in this process ({@link InlineContinuationQueue}) or on a
 * queue that workers drain (`BullMqContinuationQueue`).
 * @category Gateway
 */
export interface ContinuationQueue {
  /**
   * Hands a continuation over.
   * @param job - the run and the original user's token
   * @returns whether it ran here or was queued
   */
  enqueue(job: ContinuationJob): Promise<ContinuationReceipt>;
  /** Stops taking jobs and closes connections. */
  close(): Promise<void>;
}
