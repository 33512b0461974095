import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';

/**
 * The operation `stripInaccessible` checks fields for (R-STRIP-1): upsert needs create and update.
 * @category Data
 */
export type StripAccessType = 'read' | 'create' | 'update' | 'upsert';

/**
 * What `stripInaccessible` returns (R-STRIP-2).
 * @category Data
 */
export interface StripResult {
  /** New copies, in the same order, without the inaccessible fields. */
  readonly records: Record<string, unknown>[];
  /** The removed fields, by object. */
  readonly removed: Readonly<Record<string, readonly string[]>>;
  /** The indexes of the records that lost a field. */
  readonly modifiedIndexes: readonly number[];
}

/**
 * Removes from records every field the user may not access for the operation. `Id` is never
 * removed; a field absent from the input stays absent (a removed field is "not set", not null).
 * @param index - the model
 * @param userId - the user
 * @param accessType - read, create, update or upsert
 * @param object - the records' object
 * @param records - the records
 * @param enforceRootObjectCrud - refuse when the user lacks the object permission (R-STRIP-3)
 * @returns the stripped copies and what was removed
 * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` when enforcing root CRUD and it is missing
 * @category Data
 */
export function stripInaccessible(
  index: ModelIndex,
  userId: string,
  accessType: StripAccessType,
  object: string,
  records: readonly Readonly<Record<string, unknown>>[],
  enforceRootObjectCrud = true,
): StripResult {
  if (!['read', 'create', 'update', 'upsert'].includes(accessType)) {
    throw new DataAccessError('QUERY_INVALID', `stripInaccessible: access type "${String(accessType)}" is not read, create, update or upsert.`);
  }
  const p = index.objectPermission(userId, object);
  const crud = accessType === 'read' ? p.read : accessType === 'create' ? p.create : accessType === 'update' ? p.edit : p.create && p.edit;
  if (enforceRootObjectCrud && !crud) {
    throw new DataAccessError('OBJECT_ACCESS_DENIED', `User "${userId}" has no ${accessType} access to ${object} (stripInaccessible enforces root object CRUD).`, {
      details: { userId, object, operation: accessType },
    });
  }
  const perms = index.permissions(userId);
  const allowed = (field: string): boolean => {
    if (field === 'Id') return true;
    const key = `${object}.${field}`;
    return accessType === 'read' ? perms.readableFields.has(key) : field !== 'OwnerId' && perms.editableFields.has(key);
  };
  const removed = new Set<string>();
  const modifiedIndexes: number[] = [];
  const out = records.map((record, i) => {
    const copy: Record<string, unknown> = {};
    let changed = false;
    for (const [field, value] of Object.entries(record)) {
      if (allowed(field)) copy[field] = value;
      else {
        removed.add(field);
        changed = true;
      }
    }
    if (changed) modifiedIndexes.push(i);
    return copy;
  });
  return { records: out, removed: removed.size > 0 ? { [object]: [...removed].sort() } : {}, modifiedIndexes };
}
