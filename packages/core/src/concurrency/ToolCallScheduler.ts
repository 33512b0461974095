import PQueue from 'p-queue';

/**
 * Runs the tool calls of one batch with a concurrency cap (p-queue). Cancellation goes through
 * the run's AbortSignal: a task that has not started when the signal aborts never starts, and the
 * batch rejects with the signal's reason, so nothing is left unsettled (p-queue's `.clear()` trap).
 * @category Runtime
 */
export class ToolCallScheduler {
  readonly #concurrency: number;

  /** @param concurrency - the most tasks in flight at once */
  constructor(concurrency: number) {
    this.#concurrency = concurrency;
  }

  /**
   * Runs the tasks and returns their results in the tasks' order.
   * @param tasks - functions that start one task each
   * @param signal - aborts the tasks not yet started
   * @returns the results, in order
   */
  async runAll<T>(tasks: readonly ((signal: AbortSignal) => Promise<T>)[], signal: AbortSignal): Promise<T[]> {
    signal.throwIfAborted();
    if (tasks.length === 1) return [await (tasks[0] as (s: AbortSignal) => Promise<T>)(signal)];
    const queue = new PQueue({ concurrency: this.#concurrency });
    return Promise.all(tasks.map((task) => queue.add(({ signal: s }) => task(s ?? signal), { signal }) as Promise<T>));
  }
}
