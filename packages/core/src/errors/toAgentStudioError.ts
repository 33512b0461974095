import { AgentStudioError, InternalError } from './AgentStudioError.js';

/**
 * Normalizes anything caught into an {@link AgentStudioError}: Agent Studio errors pass through,
 * anything else becomes an {@link InternalError} with the original as `cause`.
 *
 * @param value - anything caught
 * @returns an Agent Studio error
 * @example
 * ```ts
 * catch (e) { const err = toAgentStudioError(e); log.error({ code: err.code }); }
 * ```
 * @category Errors
 */
export function toAgentStudioError(value: unknown): AgentStudioError {
  if (AgentStudioError.is(value)) return value;
  const kind = value instanceof Error ? value.name : typeof value;
  return new InternalError('INTERNAL_INVARIANT', `Unexpected ${kind}; its message is kept only in \`cause\` because it may hold data. Please report this.`, { cause: value });
}

/**
 * Whether an error is the rejection of an aborted signal.
 * @param value - anything caught
 * @returns true for `AbortError` and `TimeoutError` DOMExceptions
 * @category Errors
 */
export function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === 'AbortError' || value.name === 'TimeoutError');
}
