import type { ErrorCode } from '../errors/ErrorCodes.js';

/**
 * What a suspended call waits for.
 * @category Plugins
 */
export interface ApprovalRequest {
  /** `confirmation`: the user confirms; `approval`: an approver decides. */
  readonly kind: 'confirmation' | 'approval';
  /** Why a person must decide, shown to them. */
  readonly reason: string;
  /** Extra facts for the person (no secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * What a hook decides. `continue` passes; `replace` rewrites the value for the next hook and the
 * call; `block` denies; `suspend` asks a human.
 * @category Plugins
 */
export type HookDecision<T> =
  | { readonly type: 'continue' }
  | { readonly type: 'replace'; readonly value: T; readonly note?: string }
  | { readonly type: 'block'; readonly code: ErrorCode; readonly reason: string; readonly modelMessage?: string }
  | { readonly type: 'suspend'; readonly approval: ApprovalRequest };

/**
 * Shorthands for hook decisions.
 * @example
 * ```ts
 * return allowed ? decide.continue() : decide.block('POLICY_BLOCKED', 'not your record');
 * ```
 * @category Plugins
 */
export const decide = Object.freeze({
  /** @returns a `continue` decision */
  continue: (): HookDecision<never> => CONTINUE,
  /**
   * @param value - the new value
   * @param note - why it changed
   * @returns a `replace` decision
   */
  replace: <T>(value: T, note?: string): HookDecision<T> =>
    note === undefined ? { type: 'replace', value } : { type: 'replace', value, note },
  /**
   * @param code - the error code
   * @param reason - why, for the audit trail
   * @param modelMessage - what the model is told, when it differs from the reason
   * @returns a `block` decision
   */
  block: (code: ErrorCode, reason: string, modelMessage?: string): HookDecision<never> =>
    modelMessage === undefined ? { type: 'block', code, reason } : { type: 'block', code, reason, modelMessage },
  /**
   * @param approval - what the call waits for
   * @returns a `suspend` decision
   */
  suspend: (approval: ApprovalRequest): HookDecision<never> => ({ type: 'suspend', approval }),
});

const CONTINUE: HookDecision<never> = Object.freeze({ type: 'continue' });
