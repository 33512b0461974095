import { AgentStudioError, StoreError } from '@agent-studio/core';

/** Server replies that say "not now" rather than "never". */
const RETRYABLE_REPLY = /^(BUSY|LOADING|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|READONLY|MOVED|ASK)$/;

/**
 * Turns whatever a Redis call threw into a typed error. Agent Studio errors pass through; any
 * other error becomes a `StoreError` `STORE_UNAVAILABLE` whose message and details name the
 * operation and Redis's error code, never Redis's message or the command (ioredis attaches the
 * command's arguments, which hold keys and values).
 * @param error - what was thrown
 * @param operation - what the store was doing, e.g. `"touch a session"`
 * @returns the error to throw
 * @internal
 */
export function toStoreError(error: unknown, operation: string): AgentStudioError {
  if (AgentStudioError.is(error)) return error;
  const redisCode = errorCode(error);
  const isReply = error instanceof Error && error.name === 'ReplyError';
  return new StoreError(
    'STORE_UNAVAILABLE',
    `The Redis store could not ${operation}${redisCode === undefined ? '' : ` (Redis error ${redisCode})`}. Check that Redis is reachable and that nothing else writes under the stores' key prefix, then retry.`,
    {
      retryable: !isReply || (redisCode !== undefined && RETRYABLE_REPLY.test(redisCode)),
      details: { operation, ...(redisCode === undefined ? {} : { redisCode }) },
    },
  );
}

/**
 * A plain code for an error: a socket code (`ECONNREFUSED`), the first word of a Redis reply
 * (`WRONGTYPE`, `NOSCRIPT`), or the error's class name (`MaxRetriesPerRequestError`).
 * @param error - what was thrown
 * @returns the code, or `undefined`
 * @internal
 */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  if (name === 'ReplyError' && typeof message === 'string') {
    const first = /^([A-Z][A-Z_]{1,39})\b/.exec(message)?.[1];
    if (first !== undefined) return first;
  }
  if (typeof name === 'string' && name !== 'Error' && /^[A-Za-z]{1,60}$/.test(name)) return name;
  return undefined;
}
