import type { AccessContext, ActionDescriptor, PendingAction } from '@agent-studio/core';
import { readFieldMeta } from '@agent-studio/core';

/**
 * What an {@link ApproverPolicy} decides on.
 * @category Plugins
 */
export interface ApproverCheck {
  /** The approver, from a verified access token. */
  readonly approver: AccessContext;
  /** The pending action. */
  readonly pending: PendingAction;
  /** The action's descriptor, when the action is registered in this process. */
  readonly action: ActionDescriptor | undefined;
  /** The stored arguments, parsed. */
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * A policy's answer.
 * @category Plugins
 */
export interface ApproverVerdict {
  /** Whether the approver may decide. */
  readonly allowed: boolean;
  /** Why not (no record values). */
  readonly reason: string;
}

/**
 * Decides whether an approver may approve or reject a pending action (SPEC §15 row 8: approvers
 * must have access to the record and the capability). It must fail closed: an error or an
 * unknown case is a refusal.
 * @category Plugins
 */
export interface ApproverPolicy {
  /**
   * Checks one approver against one pending action.
   * @param check - the approver, the action and its arguments
   * @returns the verdict
   */
  check(check: ApproverCheck): Promise<ApproverVerdict>;
}

/**
 * Record access for any user: `sharingRules.Access` from `@agent-studio/plugin-sharing-rules`
 * has this shape.
 * @category Plugins
 */
export interface RecordAccessChecker {
  /**
   * Whether a user may do an operation on a record (object permission, then sharing).
   * @param userId - the user
   * @param object - the object
   * @param recordId - the record
   * @param operation - read, edit or delete
   * @returns true when allowed
   */
  canAccess(userId: string, object: string, recordId: string, operation: 'read' | 'edit' | 'delete'): Promise<boolean>;
}

const ALLOW: ApproverVerdict = Object.freeze({ allowed: true, reason: 'allowed' });

/**
 * An {@link ApproverPolicy} over record access (sharing): the approver must be able to read every
 * record the call names (inputs of kind `recordId`) and to do what the call does to it (`edit`
 * for writes, `delete` for deletes). An action unknown in this process, or one that names no
 * record, is refused: there is nothing to check access against, so the policy fails closed.
 * @param access - record access for any user, e.g. `container.get('sharingRules.Access')`
 * @param objects - the object each action's record ids belong to, by action name (default: the
 *   action's `writesObject.object`)
 * @returns the policy
 * @example
 * ```ts
 * approvalsModule({ store, approverPolicy: recordAccessApproverPolicy(container.get('sharingRules.Access')) });
 * ```
 * @category Plugins
 */
export function recordAccessApproverPolicy(access: RecordAccessChecker, objects: Readonly<Record<string, string>> = {}): ApproverPolicy {
  return {
    async check({ approver, action, args }) {
      if (!action) return { allowed: false, reason: 'the action is not registered here, so its record cannot be checked' };
      const object = objects[action.name] ?? action.definition.writesObject?.object;
      if (object === undefined) return { allowed: false, reason: 'the action names no object (writesObject), so its record cannot be checked' };
      const records: string[] = [];
      for (const [key, schema] of Object.entries(action.definition.input.shape)) {
        if (readFieldMeta(schema as never).kind !== 'recordId') continue;
        const value = args[key];
        if (typeof value === 'string' && value.length > 0) records.push(value);
      }
      if (records.length === 0) return { allowed: false, reason: 'the call names no record to check the approver against' };
      const effect = action.definition.effect;
      const operation = effect === 'delete' ? 'delete' : effect === 'read' ? 'read' : 'edit';
      for (const recordId of records) {
        if (!(await access.canAccess(approver.userId, object, recordId, 'read'))) {
          return { allowed: false, reason: `the approver cannot see the ${object} record` };
        }
        if (operation !== 'read' && !(await access.canAccess(approver.userId, object, recordId, operation))) {
          return { allowed: false, reason: `the approver may not ${operation} the ${object} record` };
        }
      }
      return ALLOW;
    },
  };
}

/**
 * An {@link ApproverPolicy} that allows only the listed users (per tenant: `tenant/user` entries,
 * or bare user ids for any tenant).
 * @param approvers - the allowed approvers
 * @returns the policy
 * @category Plugins
 */
export function approverAllowList(approvers: readonly string[]): ApproverPolicy {
  const allowed = new Set(approvers);
  return {
    check({ approver }) {
      const ok = allowed.has(approver.userId) || allowed.has(`${approver.tenantId}/${approver.userId}`);
      return Promise.resolve(ok ? ALLOW : { allowed: false, reason: 'the user is not an approver' });
    },
  };
}

/**
 * Combines policies: every one must allow (the first refusal wins).
 * @param policies - the policies
 * @returns the combined policy
 * @category Plugins
 */
export function allApproverPolicies(...policies: readonly ApproverPolicy[]): ApproverPolicy {
  return {
    async check(check) {
      if (policies.length === 0) return { allowed: false, reason: 'no approver policy' };
      for (const policy of policies) {
        const verdict = await policy.check(check);
        if (!verdict.allowed) return verdict;
      }
      return ALLOW;
    },
  };
}
