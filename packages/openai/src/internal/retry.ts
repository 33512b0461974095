/**
 * Reads how long the server asks us to wait before the next attempt, from `retry-after-ms`
 * (milliseconds, an OpenAI extension) or `retry-after` (delta seconds or an HTTP date).
 *
 * @param headers - the response headers
 * @param now - the current time in Unix milliseconds
 * @returns the wait in milliseconds, or `undefined` when there is no usable header
 * @internal
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const raw = headers.get('retry-after')?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(raw)) {
    const seconds = Number(raw);
    return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  }
  // An HTTP date always names a month, so a value without letters is not one (Date.parse is lenient).
  if (!/[a-z]/i.test(raw)) return undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a uniform draw in `[0, min(maxMs, baseMs * 2^retry))`.
 *
 * @param retry - the retry's index, 0 for the first retry
 * @param baseMs - the base delay
 * @param maxMs - the cap
 * @param random - a source of numbers in `[0, 1)`
 * @returns the delay in whole milliseconds
 * @internal
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.floor(draw * ceiling);
}

/**
 * Settles with the promise, or rejects with the signal's reason as soon as it aborts.
 *
 * @param promise - the work
 * @param signal - the signal
 * @returns the work's result
 * @internal
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
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
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as the signal aborts.
 *
 * @param ms - how long to wait
 * @param signal - the signal
 * @returns a promise that resolves after the delay
 * @internal
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
