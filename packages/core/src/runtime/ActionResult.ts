/**
 * The outcome of one tool call, as the runtime holds it before it is sent back to the model.
 * @category Runtime
 */
export type ActionResult = ActionSuccess | ActionFailure;

/**
 * A tool call that succeeded.
 * @category Runtime
 */
export interface ActionSuccess {
  /** Always true. */
  readonly ok: true;
  /** What the action returned. */
  readonly data: unknown;
}

/**
 * A tool call that failed, was blocked or was rejected.
 * @category Runtime
 */
export interface ActionFailure {
  /** Always false. */
  readonly ok: false;
  /** The error code, such as `ACTION_FAILED` or `USER_REJECTED_ACTION`. */
  readonly errorCode: string;
  /** A message safe to show the user. */
  readonly message: string;
  /** A hint for the model on how to recover. */
  readonly guidance?: string;
}

/**
 * The envelope the model receives for a tool call (R-LOOP-5).
 * @param result - the outcome
 * @returns `{isSuccess:true, data}` or `{isSuccess:false, errorCode, messageForUser, data:{}, correctionGuidance?}`
 * @category Runtime
 */
export function toOutcomeEnvelope(result: ActionResult): Record<string, unknown> {
  if (result.ok) return { isSuccess: true, data: result.data ?? {} };
  return {
    isSuccess: false,
    errorCode: result.errorCode,
    messageForUser: result.message,
    data: {},
    ...(result.guidance === undefined ? {} : { correctionGuidance: result.guidance }),
  };
}
