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

/**
 * Settles with the promise, or rejects with the signal's reason as soon as the signal aborts, or
 * with a `TimeoutError` once `timeoutMs` have passed, whichever comes first. It does what
 * racing the promise against a signal linked to the run and a timer does, without creating an
 * AbortController and a second signal per call. The timer and the listener are dropped as soon as
 * it settles; a rejection of the abandoned promise is handled.
 * @param promise - the work, already started
 * @param signal - the signal to follow
 * @param timeoutMs - the timeout
 * @returns the work's result
 */
export function raceSignalAndTimeout<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const settle = (): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (!settle()) return;
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      if (!settle()) return;
      promise.catch(() => undefined);
      reject(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        if (settle()) resolve(value);
      },
      (error: unknown) => {
        if (settle()) reject(error);
      },
    );
  });
}
