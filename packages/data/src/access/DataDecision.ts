/**
 * A data-layer decision worth auditing: a denial, or a use (or refusal) of system mode. It names
 * ids, objects, fields and operations, never values.
 * @category Data
 */
export type DataDecision =
  | {
      /** A denial. */
      readonly kind: 'denied';
      /** The error code. */
      readonly code: string;
      /** The user. */
      readonly userId: string;
      /** The object. */
      readonly object: string;
      /** The operation. */
      readonly operation: string;
      /** Why. */
      readonly reason: string;
    }
  | {
      /** System mode was used, or refused. */
      readonly kind: 'system-mode' | 'system-mode-refused';
      /** The user. */
      readonly userId: string;
      /** The stated reason. */
      readonly reason: string;
    };
