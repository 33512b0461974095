import type { ContinuationExecutor } from './ContinuationExecutor.js';
import type { ContinuationJob } from './ContinuationJob.js';
import type { ContinuationQueue, ContinuationReceipt } from './ContinuationQueue.js';

/**
 * Runs each continuation at once, in this process, through the same {@link ContinuationExecutor}
 * a worker uses (the embedded default, with no Redis).
 * @category Gateway
 */
export class InlineContinuationQueue implements ContinuationQueue {
  readonly #executor: ContinuationExecutor;

  /** @param executor - verifies and runs continuations */
  constructor(executor: ContinuationExecutor) {
    this.#executor = executor;
  }

  /**
   * Runs the continuation now.
   * @param job - the run and the original user's token
   * @returns the run's result
   */
  async enqueue(job: ContinuationJob): Promise<ContinuationReceipt> {
    const outcome = await this.#executor.execute(job);
    return { mode: 'executed', ...(outcome.run ? { run: outcome.run } : {}), ...(outcome.notResumed ? { notResumed: outcome.notResumed } : {}) };
  }

  /** Nothing to close. */
  async close(): Promise<void> {}
}
