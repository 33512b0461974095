/**
 * The cancellation of one action call: it ends when any parent signal aborts or when the timeout
 * passes, like a linked AbortController would, but the `AbortSignal` the action may read is created only when
 * it is read (creating one costs more than the rest of the bookkeeping, and most actions never look
 * at it). `race` settles work against the deadline without a signal.
 */
export interface CallDeadline {
  /** Whether the call was cancelled or timed out. */
  readonly aborted: boolean;
  /** Why: the parent's reason, or a `TimeoutError`. */
  readonly reason: unknown;
  /** Whether the timeout passed (rather than a parent aborting). */
  readonly timedOut: boolean;
  /** The signal for the action, created on first read; aborted with the same reason. */
  readonly signal: AbortSignal;
  /** @throws the reason, once aborted */
  throwIfAborted(): void;
  /**
   * Runs the work unless already aborted, and settles with it, or rejects with the reason as soon
   * as the deadline ends. A rejection of the abandoned work is handled.
   */
  race<T>(start: () => T | Promise<T>): Promise<T>;
  /** Drops the timer and the parent listeners. */
  dispose(): void;
}

/**
 * @param parents - signals to follow
 * @param timeoutMs - the timeout, or undefined for none
 * @returns the deadline
 */
export function callDeadline(parents: readonly AbortSignal[], timeoutMs: number | undefined): CallDeadline {
  let aborted = false;
  let reason: unknown;
  let timedOut = false;
  let controller: AbortController | undefined;
  const waiting = new Set<(reason: unknown) => void>();
  const end = (why: unknown): void => {
    if (aborted) return;
    aborted = true;
    reason = why;
    // the action's own listeners first, as when it held the linked signal, then the races
    controller?.abort(why);
    for (const reject of waiting) reject(why);
    waiting.clear();
  };
  const onAbort = function (this: AbortSignal): void {
    end(this.reason);
  };
  for (const parent of parents) {
    if (parent.aborted) {
      end(parent.reason);
      break;
    }
    parent.addEventListener('abort', onAbort, { once: true });
  }
  const timer =
    timeoutMs === undefined || aborted
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          end(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs);
  return {
    get aborted() {
      return aborted;
    },
    get reason() {
      return reason;
    },
    get timedOut() {
      return timedOut;
    },
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (aborted) controller.abort(reason);
      }
      return controller.signal;
    },
    throwIfAborted() {
      if (aborted) throw reason;
    },
    race<T>(start: () => T | Promise<T>): Promise<T> {
      if (aborted) return Promise.reject(reason);
      let promise: Promise<T>;
      try {
        promise = Promise.resolve(start());
      } catch (error) {
        return Promise.reject(error);
      }
      // the work may have ended the deadline synchronously (it read and aborted nothing, but a
      // parent may have aborted meanwhile)
      if (aborted) {
        promise.catch(() => undefined);
        return Promise.reject(reason);
      }
      return new Promise<T>((resolve, reject) => {
        const onEnd = (why: unknown): void => {
          promise.catch(() => undefined);
          reject(why);
        };
        waiting.add(onEnd);
        promise.then(
          (value) => {
            waiting.delete(onEnd);
            resolve(value);
          },
          (error: unknown) => {
            waiting.delete(onEnd);
            reject(error);
          },
        );
      });
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      for (const parent of parents) parent.removeEventListener('abort', onAbort);
      waiting.clear();
    },
  };
}
