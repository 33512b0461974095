/**
 * Human-in-the-loop approvals (SPEC §8): confirmation by the user, approval by an approver, or
 * both; enforced by the server, decided by compare-and-set, executed at most once, as the user who
 * asked.
 *
 * @packageDocumentation
 */
export { type ApprovalNotification, type ApprovalNotifier, MemoryApprovalNotifier } from './ApprovalNotifier.js';
export {
  type ApprovalDecisionInput,
  type ApprovalDecisionOptions,
  type ApprovalOutcome,
  ApprovalService,
  type ContinueRunInput,
  type RecoveryReport,
  type RunContinuation,
} from './ApprovalService.js';
export { type ApprovalRule, type ApprovalsOptions, type ApprovalsOptionsInput, ApprovalsOptionsSchema } from './ApprovalsOptions.js';
export { type ApprovedCall, ApprovalsPlugin } from './ApprovalsPlugin.js';
export {
  allApproverPolicies,
  type ApproverCheck,
  type ApproverPolicy,
  type ApproverVerdict,
  approverAllowList,
  type RecordAccessChecker,
  recordAccessApproverPolicy,
} from './ApproverPolicy.js';
export { approvalsModule } from './approvalsModule.js';
export { ClaimRegistry } from './ClaimRegistry.js';
export { ApprovalError } from './errors.js';
export { type CallMode, modeFor, titleCase } from './modeFor.js';
export { notificationFor } from './notificationFor.js';
export { type AnnounceTargets, announce } from './announce.js';
