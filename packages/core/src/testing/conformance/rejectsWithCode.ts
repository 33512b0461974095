import assert from 'node:assert/strict';
import { AgentStudioError } from '../../errors/AgentStudioError.js';
import type { ErrorCode } from '../../errors/ErrorCodes.js';

const NOT_THROWN = Symbol('not thrown');

/**
 * Asserts that a call throws or rejects with an Agent Studio error of the given code, whether the
 * implementation throws synchronously or returns a rejected promise.
 * @param call - the call to make
 * @param code - the expected error code
 * @param what - what the call is, for the failure message
 * @returns the error, for further checks of its details
 * @internal
 */
export async function rejectsWithCode(call: () => unknown, code: ErrorCode, what: string): Promise<AgentStudioError> {
  let caught: unknown = NOT_THROWN;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  assert.notEqual(caught, NOT_THROWN, `${what}: expected an error with code ${code}, but the call succeeded`);
  assert.ok(
    AgentStudioError.hasCode(caught, code),
    `${what}: expected an Agent Studio error with code ${code}, got ${AgentStudioError.is(caught) ? caught.code : String(caught)}`,
  );
  return caught;
}
