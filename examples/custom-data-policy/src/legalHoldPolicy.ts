import type { DataBackend, DataPolicy } from '@agent-studio/data';

/**
 * Options of {@link legalHoldPolicy}.
 */
export interface LegalHoldPolicyOptions {
  /** Where the records live (the policy reads the hold flag itself, whatever the user may read). */
  readonly backend: DataBackend;
  /** The object that can be put on hold. */
  readonly object: string;
  /** The boolean field that marks a record on hold. */
  readonly field: string;
}

/**
 * "Records under legal hold cannot be updated or deleted", by anyone who writes through
 * `ctx.data`: it is asked before every edit and delete and refuses them with `DATA_POLICY_DENIED`;
 * nothing is written. Reads are not affected. Lifting a hold is the legal team's job, outside the
 * agent (sales may read the flag but not edit it: FLS).
 * @param options - the backend, the object and its hold flag
 * @returns the policy
 * @example
 * ```ts
 * dataModule({ model, backend, policies: [legalHoldPolicy({ backend, object: 'Account', field: 'LegalHold' })] })
 * ```
 */
export function legalHoldPolicy(options: LegalHoldPolicyOptions): DataPolicy {
  return {
    name: 'legal-hold',
    checkWrite: async ({ object, operation, recordId }) => {
      if (object !== options.object || operation === 'create' || recordId === undefined) return { allowed: true };
      const [row] = await options.backend.find({
        object,
        fields: ['Id', options.field],
        where: [{ field: 'Id', op: 'eq', value: recordId }],
        orderBy: [],
        limit: 1,
        visibility: undefined,
      });
      return row?.[options.field] === true ? { allowed: false, reason: 'the record is under legal hold' } : { allowed: true };
    },
  };
}
