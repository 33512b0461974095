import { PolicyViolationError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The user lacks the object permission for the operation (R-CRUD-1). */
    OBJECT_ACCESS_DENIED: true;
    /** The user may not read or write one or more fields (R-FLS-1, R-MODE-2). */
    FIELD_ACCESS_DENIED: true;
    /** The user's record-level access is not enough for the operation (R-SHR-*). */
    RECORD_ACCESS_DENIED: true;
    /** No record with that id is visible to the user (no existence oracle). */
    RECORD_NOT_FOUND: true;
    /** The security model is malformed or inconsistent. */
    SECURITY_MODEL_INVALID: true;
    /** System mode was asked for where it is not allowed. */
    SYSTEM_MODE_REFUSED: true;
    /** A query or a write names something the object does not have. */
    QUERY_INVALID: true;
    /** A value cannot be converted to its field's type (SPEC §4). */
    INPUT_VALIDATION: true;
    /** A data policy of the app refused the write (or failed, which refuses it). */
    DATA_POLICY_DENIED: true;
  }
}

/**
 * A data operation refused by CRUD, FLS or sharing. Details name the user, the object, the
 * fields and the operation, never field values.
 * @category Errors
 */
export class DataAccessError extends PolicyViolationError {}
