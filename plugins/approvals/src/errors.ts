import { AgentStudioError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The pending action does not exist, or not in the caller's tenant. */
    APPROVAL_NOT_FOUND: true;
    /** Someone else already decided (or is executing) the pending action (R-HITL-10). */
    APPROVAL_ALREADY_RESOLVED: true;
    /** The pending action expired before anyone decided (R-HITL-14). */
    APPROVAL_EXPIRED: true;
    /** An approver rejected the pending action (R-HITL-11). */
    APPROVAL_REJECTED: true;
    /** The approver may not decide: no access to the record or capability, self-approval, or another tenant (SPEC §15 row 8). */
    APPROVER_ACCESS_DENIED: true;
    /** A confirmation was sent where an approval is needed, or the other way round. */
    APPROVAL_KIND_MISMATCH: true;
    /** The approved call was claimed by an executor that stopped before it finished; its outcome is unknown (never re-run automatically). */
    APPROVAL_EXECUTION_INTERRUPTED: true;
  }
}

/**
 * A typed refusal of the approvals service: a decision that may not be made, on an action that
 * cannot take it. Nothing is changed when it is thrown.
 * @category Plugins
 */
export class ApprovalError extends AgentStudioError {}
