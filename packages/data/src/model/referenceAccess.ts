import type { ModelIndex } from './ModelIndex.js';
import type { Criterion, Grantee } from './SecurityModelSchema.js';
import { ACCESS_RANK, type AccessLevel, type DataRecord, NEEDED_LEVEL, type RecordOperation, type RecordShare } from './types.js';

/**
 * The records and shares the reference evaluator reads.
 * @category Data
 */
export interface ReferenceDataset {
  /** Records by object, then by id. */
  readonly records: ReadonlyMap<string, ReadonlyMap<string, DataRecord>>;
  /** Manual and programmatic shares. */
  readonly shares: readonly RecordShare[];
}

const max = (a: AccessLevel, b: AccessLevel): AccessLevel => (ACCESS_RANK[a] >= ACCESS_RANK[b] ? a : b);

/**
 * Whether a grant to `grantee` reaches `userId`: the user is a member, or (with hierarchy) the
 * user's role is a strict ancestor of some member's role (R-SHR-4, R-SHR-5).
 * @param index - the model
 * @param grantee - who the grant names
 * @param userId - the user asking
 * @param hierarchy - whether the object grants access using hierarchies
 * @returns true when the grant reaches the user
 * @category Data
 */
export function grantReaches(index: ModelIndex, grantee: Grantee, userId: string, hierarchy: boolean): boolean {
  const members = index.members(grantee);
  if (members.has(userId)) return true;
  if (!hierarchy) return false;
  const role = index.user(userId)?.role;
  if (role === undefined) return false;
  for (const m of members) {
    const memberRole = index.user(m)?.role;
    if (memberRole !== undefined && index.isRoleAbove(role, memberRole)) return true;
  }
  return false;
}

/**
 * Whether a record matches one criterion; a missing or null value never matches.
 * @param record - the record
 * @param c - the criterion
 * @returns true when it matches
 * @category Data
 */
export function matchesCriterion(record: DataRecord, c: Criterion | { field: string; op: Criterion['op']; value: unknown }): boolean {
  const v = record[c.field];
  if (v === undefined || v === null) return false;
  const want = c.value;
  switch (c.op) {
    case 'eq':
      return v === want;
    case 'ne':
      return v !== want;
    case 'in':
      return Array.isArray(want) && want.includes(v as string | number);
    case 'gt':
      return typeof v === typeof want && (v as number) > (want as number);
    case 'gte':
      return typeof v === typeof want && (v as number) >= (want as number);
    case 'lt':
      return typeof v === typeof want && (v as number) < (want as number);
    case 'lte':
      return typeof v === typeof want && (v as number) <= (want as number);
  }
}

/**
 * The record-level access of a user to a record, by the rules of SPEC §2.1, computed the plain
 * way: the maximum of ownership, hierarchy above the owner, the org-wide default, every matching
 * sharing rule and every manual share; a detail record controlled by its parent takes the access
 * to its master. Object permissions and View All / Modify All are not part of it (see
 * {@link referenceCan}). An inactive or unknown user has none.
 *
 * This is the reference every backend is tested against: it is written to be obviously correct,
 * not fast.
 *
 * @param index - the model
 * @param data - records and shares
 * @param userId - the user
 * @param object - the object
 * @param recordId - the record
 * @returns the access level (`none` when the record does not exist)
 * @category Data
 */
export function referenceRecordAccess(index: ModelIndex, data: ReferenceDataset, userId: string, object: string, recordId: string): AccessLevel {
  const user = index.user(userId);
  const def = index.object(object);
  const record = data.records.get(object)?.get(recordId);
  if (!user?.active || !def || !record) return 'none';
  if (def.owd === 'ControlledByParent') {
    const field = def.parentField as string;
    const parentObject = def.fields[field]?.reference as string;
    const parentId = record[field];
    return typeof parentId === 'string' ? referenceRecordAccess(index, data, userId, parentObject, parentId) : 'none';
  }
  const hierarchy = def.grantAccessUsingHierarchies;
  let level: AccessLevel = def.owd === 'PublicRead' ? 'read' : def.owd === 'PublicReadWrite' ? 'edit' : 'none';
  const ownerId = record.OwnerId;
  if (ownerId === userId) return 'full';
  if (typeof ownerId === 'string' && hierarchy && grantReaches(index, { user: ownerId }, userId, true)) return 'full';
  for (const rule of index.model.sharingRules) {
    if (rule.object !== object) continue;
    const applies =
      rule.kind === 'owner'
        ? typeof ownerId === 'string' && index.members(rule.from).has(ownerId)
        : rule.logic === 'and'
          ? rule.criteria.every((c) => matchesCriterion(record, c))
          : rule.criteria.some((c) => matchesCriterion(record, c));
    if (applies && grantReaches(index, rule.to, userId, hierarchy)) level = max(level, rule.access === 'Read' ? 'read' : 'edit');
  }
  for (const share of data.shares) {
    if (share.object !== object || share.recordId !== recordId) continue;
    if (grantReaches(index, share.grantee, userId, hierarchy)) level = max(level, share.access === 'Read' ? 'read' : 'edit');
  }
  return level;
}

/**
 * Whether a user may do an operation on a record: the object permission (R-CRUD-1), then View
 * All / Modify All (R-SHR-9), then record access (read needs read, edit needs edit, delete needs
 * full: R-SHR-10).
 * @param index - the model
 * @param data - records and shares
 * @param userId - the user
 * @param object - the object
 * @param recordId - the record
 * @param op - the operation
 * @returns true when allowed
 * @category Data
 */
export function referenceCan(index: ModelIndex, data: ReferenceDataset, userId: string, object: string, recordId: string, op: RecordOperation): boolean {
  const user = index.user(userId);
  if (!user?.active || !data.records.get(object)?.has(recordId)) return false;
  const p = index.objectPermission(userId, object);
  const all = index.permissions(userId);
  const crud = op === 'read' ? p.read : op === 'edit' ? p.edit : p.delete;
  if (!crud) return false;
  const bypass = op === 'read' ? p.viewAll || p.modifyAll || all.viewAllData || all.modifyAllData : p.modifyAll || all.modifyAllData;
  if (bypass) return true;
  return ACCESS_RANK[referenceRecordAccess(index, data, userId, object, recordId)] >= ACCESS_RANK[NEEDED_LEVEL[op]];
}
