/**
 * A signal that aborts when any parent aborts or when the timeout passes, without the cost of
 * `AbortSignal.any` and `AbortSignal.timeout`. Call `dispose()` when done to drop the timer and
 * the listeners.
 * @param parents - signals to follow
 * @param timeoutMs - the timeout, or undefined for none
 * @returns the signal, whether it timed out, and `dispose`
 */
export function linkedSignal(
  parents: readonly AbortSignal[],
  timeoutMs: number | undefined,
): { readonly signal: AbortSignal; readonly timedOut: () => boolean; dispose(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = function (this: AbortSignal): void {
    controller.abort(this.reason);
  };
  for (const parent of parents) {
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    parent.addEventListener('abort', onAbort, { once: true });
  }
  const timer =
    timeoutMs === undefined || controller.signal.aborted
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const parent of parents) parent.removeEventListener('abort', onAbort);
    },
  };
}
