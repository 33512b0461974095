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
 * Let the call go on unchanged.
 * @category Plugins
 */
export interface ContinueDecision {
  /** Always `continue`. */
  readonly type: 'continue';
}

/**
 * Go on with a rewritten value (the next hook and the call see it).
 * @category Plugins
 */
export interface ReplaceDecision<T> {
  /** Always `replace`. */
  readonly type: 'replace';
  /** The new value. */
  readonly value: T;
  /** Why it changed, for the audit trail. */
  readonly note?: string;
}

/**
 * Deny the call.
 * @category Plugins
 */
export interface BlockDecision {
  /** Always `block`. */
  readonly type: 'block';
  /** The error code. */
  readonly code: ErrorCode;
  /** Why, for the audit trail. */
  readonly reason: string;
  /** What the model is told, when it should differ from the reason. */
  readonly modelMessage?: string;
  /**
   * `beforeModelCall` only: the run ends with this text as the assistant's reply, and the model is
   * not called (SPEC R-SAFE-6: a blocked message ends the turn normally, with zero tokens). The
   * run's status is still `blocked`. Ignored by the other hooks.
   */
  readonly reply?: string;
}

/**
 * Stop and ask a person; the run resumes with their decision.
 * @category Plugins
 */
export interface SuspendDecision {
  /** Always `suspend`. */
  readonly type: 'suspend';
  /** What the call waits for. */
  readonly approval: ApprovalRequest;
}

/**
 * What a hook decides. `continue` passes; `replace` rewrites the value for the next hook and the
 * call; `block` denies; `suspend` asks a human.
 * @category Plugins
 */
export type HookDecision<T> = ContinueDecision | ReplaceDecision<T> | BlockDecision | SuspendDecision;

const CONTINUE: ContinueDecision = Object.freeze({ type: 'continue' });

/**
 * Shorthands for hook decisions.
 * @example
 * ```ts
 * return allowed ? decide.continue() : decide.block('POLICY_BLOCKED', 'not your record');
 * ```
 * @category Plugins
 */
export const decide = Object.freeze({
  /**
   * Builds a `continue` decision.
   * @returns the decision
   */
  continue: (): ContinueDecision => CONTINUE,
  /**
   * Builds a `replace` decision.
   * @param value - the new value
   * @param note - why it changed
   * @returns the decision
   */
  replace: <T>(value: T, note?: string): ReplaceDecision<T> => (note === undefined ? { type: 'replace', value } : { type: 'replace', value, note }),
  /**
   * Builds a `block` decision.
   * @param code - the error code
   * @param reason - why, for the audit trail
   * @param modelMessage - what the model is told, when it differs from the reason
   * @returns the decision
   */
  block: (code: ErrorCode, reason: string, modelMessage?: string): BlockDecision =>
    modelMessage === undefined ? { type: 'block', code, reason } : { type: 'block', code, reason, modelMessage },
  /**
   * Builds a `suspend` decision.
   * @param approval - what the call waits for
   * @returns the decision
   */
  suspend: (approval: ApprovalRequest): SuspendDecision => ({ type: 'suspend', approval }),
});
