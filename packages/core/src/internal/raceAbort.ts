/**
 * Runs the work unless the signal has aborted, and settles with it, or rejects with the signal's
 * reason as soon as the signal aborts. A rejection of the abandoned work is handled (never an
 * unhandled rejection).
 * @param start - starts the work
 * @param signal - the signal
 * @returns the work's result
 */
export function raceAbort<T>(start: () => T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let promise: Promise<T>;
  try {
    promise = Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
