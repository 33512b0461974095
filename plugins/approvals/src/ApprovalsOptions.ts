import type { AccessContextIssuer, PendingActionStore } from '@agent-studio/core';
import { z } from 'zod';
import type { ApprovalNotifier } from './ApprovalNotifier.js';
import type { ApproverPolicy } from './ApproverPolicy.js';

const hasMethods =
  <T>(...names: string[]) =>
  (v: unknown): v is T =>
    typeof v === 'object' && v !== null && names.every((n) => typeof (v as Record<string, unknown>)[n] === 'function');

/**
 * A server-side rule that forces approval of a call whatever the model says (R-HITL-4): it gets
 * the call's arguments and returns true, or a reason text, when a person must approve.
 * @category Plugins
 */
export type ApprovalRule = (args: Readonly<Record<string, unknown>>) => boolean | string;

/**
 * The options of `approvalsModule` (SPEC §8).
 * @category Plugins
 */
export const ApprovalsOptionsSchema = z.strictObject({
  /**
   * Where pending actions are kept: a store from `@agent-studio/store-sql` in production,
   * `MemoryPendingActionStore` in tests. Default: the container's `core.PendingActionStore`
   * (`createContainer({ pendingActions })`); without either, startup fails.
   */
  store: z.custom<PendingActionStore>(hasMethods('create', 'get', 'list', 'transition', 'expireDue'), 'expected a PendingActionStore').optional(),
  /** Tells approvers and requesters (default: a `MemoryApprovalNotifier`). */
  notifier: z.custom<ApprovalNotifier>(hasMethods('notify'), 'expected an ApprovalNotifier (notify)').optional(),
  /** Who may approve. Without one, every approval is refused (fail closed). */
  approverPolicy: z.custom<ApproverPolicy>(hasMethods('check'), 'expected an ApproverPolicy (check)').optional(),
  /**
   * Mints the token the approved run resumes with, for the original user (never a service
   * identity). Default: the container's `core.AccessIssuer` (`createContainer({ issuer })`).
   */
  issuer: z.custom<AccessContextIssuer>(hasMethods('mint'), 'expected an AccessContextIssuer (mint)').optional(),
  /** How long a pending action waits before it expires, ms (default 24 h, R-HITL-14). */
  expiresAfterMs: z.number().int().min(1_000).default(24 * 60 * 60 * 1000),
  /**
   * How long an executing call may run before recovery counts its executor as gone, ms (default 10
   * min; keep it above the longest action timeout).
   */
  staleExecutionMs: z.number().int().min(1).default(10 * 60 * 1000),
  /** Who to notify per action name when an approval is requested. */
  approvers: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  /** Server-side rules per action name that force approval (R-HITL-4). */
  rules: z.record(z.string().min(1), z.custom<ApprovalRule>((v) => typeof v === 'function', 'expected a function (args) => boolean | string')).default({}),
});

/**
 * The options as given; see {@link ApprovalsOptionsSchema}.
 * @category Plugins
 */
export type ApprovalsOptionsInput = z.input<typeof ApprovalsOptionsSchema>;

/**
 * The parsed options; see {@link ApprovalsOptionsSchema}.
 * @category Plugins
 */
export type ApprovalsOptions = z.output<typeof ApprovalsOptionsSchema>;
