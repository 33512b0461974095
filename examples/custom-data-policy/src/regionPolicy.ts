import type { DataPolicy } from '@agent-studio/data';

/**
 * Options of {@link regionPolicy}.
 */
export interface RegionPolicyOptions {
  /** The object whose records belong to a region. */
  readonly object: string;
  /** The field that holds a record's region. */
  readonly field: string;
  /** Each user's region (the user directory); a user without one reads nothing. */
  readonly regionOf: (userId: string) => string | undefined;
}

/**
 * "Users only see the accounts of their own region." Its read filter is added to every query of
 * the object, so SQLite and PostgreSQL push it down with the sharing predicate, and it decides
 * whether a record exists for the user when an action reads, updates or deletes it by id. Its write
 * check keeps new and moved records inside the user's region. A user with no region gets an
 * exception, which the data layer turns into a refusal (fail closed).
 * @param options - the object, its region field and the user directory
 * @returns the policy
 * @example
 * ```ts
 * dataModule({ model, backend, policies: [regionPolicy({ object: 'Account', field: 'Region', regionOf: (u) => directory[u] })] })
 * ```
 */
export function regionPolicy(options: RegionPolicyOptions): DataPolicy {
  const regionFor = (userId: string): string => {
    const region = options.regionOf(userId);
    if (typeof region !== 'string' || region === '') throw new Error(`user ${userId} has no region`);
    return region;
  };
  return {
    name: 'own-region',
    readFilters: ({ userId, object }) => (object === options.object ? [{ field: options.field, op: 'eq', value: regionFor(userId) }] : []),
    checkWrite: ({ userId, object, operation, values }) => {
      if (object !== options.object || operation === 'delete' || values === undefined || !(options.field in values)) return { allowed: true };
      const region = regionFor(userId);
      return values[options.field] === region ? { allowed: true } : { allowed: false, reason: `records may be created in or moved to the user's own region (${region}) only` };
    },
  };
}
