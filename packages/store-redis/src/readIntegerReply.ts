import { StoreError } from '@agent-studio/core';

/**
 * Reads a Lua script's reply of whole numbers.
 * @param reply - what the script returned
 * @param count - how many numbers it returns
 * @returns the numbers
 * @throws `StoreError` `STORE_UNAVAILABLE` when the reply is something else
 * @internal
 */
export function readIntegerReply(reply: unknown, count: 2): [number, number];
export function readIntegerReply(reply: unknown, count: 4): [number, number, number, number];
export function readIntegerReply(reply: unknown, count: number): number[] {
  if (Array.isArray(reply) && reply.length === count && reply.every((n) => Number.isSafeInteger(n))) return reply;
  throw new StoreError('STORE_UNAVAILABLE', 'A Redis store script returned an unexpected reply. Check that the server is Redis 6.2 or later.', {
    details: { operation: 'read a script reply' },
  });
}
