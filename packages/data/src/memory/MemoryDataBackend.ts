import type { DataBackend, FindRequest } from '../access/DataBackend.js';
import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';
import { GranteeSchema } from '../model/SecurityModelSchema.js';
import { ACCESS_RANK, type AccessLevel, type DataRecord, type RecordOperation, type RecordShare } from '../model/types.js';
import { AccessPlan, type CompiledGrantee, type CompiledRule, type ObjectPlan, PermissionBit, type UserFacts } from './AccessPlan.js';
import { type CompiledCondition, compareStrings, compareValues, compileCondition, testCondition } from './conditions.js';
import { selectTop } from './selectTop.js';

/** A share as stored: the share itself and its grantee resolved against the current model. */
interface StoredShare {
  readonly share: RecordShare;
  readonly grantee: CompiledGrantee;
  readonly level: 1 | 2;
}

/** One record id of one object: the record (absent while only shares name it) and its shares. */
interface RecordSlot {
  record: DataRecord | undefined;
  /** The owner's user index under the current model, or -1 when the owner is not a known user. */
  ownerIndex: number;
  /** The owner's role index under the current model, or -1. */
  ownerRole: number;
  readonly shares: StoredShare[];
}

/** An object of the current model bound to its table. */
interface BoundObject {
  readonly plan: ObjectPlan;
  readonly table: Map<string, RecordSlot>;
  /** The master object, for ControlledByParent. */
  parent: BoundObject | undefined;
}

const LEVELS: readonly AccessLevel[] = ['none', 'read', 'edit', 'full'];
const NEEDED_RANK: Readonly<Record<RecordOperation, number>> = { read: 1, edit: 2, delete: 3 };
const CRUD_BIT: Readonly<Record<RecordOperation, number>> = { read: PermissionBit.read, edit: PermissionBit.edit, delete: PermissionBit.delete };
const BYPASS_BIT: Readonly<Record<RecordOperation, number>> = { read: PermissionBit.readBypass, edit: PermissionBit.writeBypass, delete: PermissionBit.writeBypass };

/**
 * A {@link DataBackend} that keeps records and shares in memory, for tests, examples and small
 * deployments. `open(index)` compiles the model once (the role tree as intervals, group
 * membership with and without the hierarchy, owner-based rules as bit sets per owner and per
 * grantee, and the criteria-based rules that reach each user), every record keeps its owner's
 * indexes and its own share list, so one access check costs O(criteria rules reaching the user +
 * shares on the record) and allocates nothing. It agrees with `referenceRecordAccess` on every
 * (user, record) pair.
 *
 * Records are stored as frozen copies and returned as fresh copies, so callers can never change
 * what is stored. Besides the asynchronous {@link DataBackend} methods it offers synchronous checks
 * for hot paths: {@link MemoryDataBackend.accessLevelSync}, {@link MemoryDataBackend.canAccessSync}
 * and {@link MemoryDataBackend.canAccessFieldSync}.
 *
 * @example
 * ```ts
 * const model = ModelIndex.fromYaml(await readFile('security.yaml', 'utf8'));
 * const backend = new MemoryDataBackend();
 * await backend.open(model);
 * await backend.insert('Account', [{ Id: 'a1', OwnerId: 'u1', Name: 'Acme' }]);
 * backend.canAccessSync('u2', 'Account', 'a1', 'read'); // CRUD, View All, then sharing
 * ```
 * @category Backends
 */
export class MemoryDataBackend implements DataBackend {
  /** Always `memory`. */
  readonly kind = 'memory';
  #plan: AccessPlan | undefined;
  /** Tables by object name; they outlive a change of model. */
  readonly #tables = new Map<string, Map<string, RecordSlot>>();
  /** The current model's objects, bound to their tables. */
  #objects = new Map<string, BoundObject>();

  /**
   * Compiles the model for access checks and re-resolves every stored share against it. Stored
   * records are kept. Call it again after the model changes.
   * @param index - the model
   * @returns when done
   */
  async open(index: ModelIndex): Promise<void> {
    const plan = new AccessPlan(index);
    const objects = new Map<string, BoundObject>();
    for (const [name, objectPlan] of plan.objects) {
      let table = this.#tables.get(name);
      if (table === undefined) {
        table = new Map();
        this.#tables.set(name, table);
      }
      objects.set(name, { plan: objectPlan, table, parent: undefined });
    }
    for (const bound of objects.values()) {
      const parentObject = bound.plan.parentObject;
      bound.parent = parentObject === undefined ? undefined : objects.get(parentObject);
    }
    for (const table of this.#tables.values()) {
      for (const slot of table.values()) {
        setOwner(plan, slot);
        for (let i = 0; i < slot.shares.length; i++) {
          const stored = slot.shares[i] as StoredShare;
          slot.shares[i] = { share: stored.share, grantee: plan.compileGrantee(stored.share.grantee), level: stored.level };
        }
      }
    }
    this.#plan = plan;
    this.#objects = objects;
  }

  /**
   * Returns the rows that match every filter and are visible at the requested level, ordered by
   * `orderBy` then `Id` ascending, at most `limit` of them, in the order the SQL backends use
   * (strings by code point; a missing or null value last ascending and first descending). A
   * filter on a missing or null value never matches. A filter `Id eq` or `Id in` is answered by
   * lookup instead of a scan.
   * @param request - the query
   * @returns fresh copies of the rows, with exactly the requested fields (null where unset)
   * @throws {@link DataAccessError} `QUERY_INVALID` when the object is unknown, an operator is
   *   unknown, the level or the limit is invalid; `SECURITY_MODEL_INVALID` before {@link MemoryDataBackend.open}
   */
  async find(request: FindRequest): Promise<DataRecord[]> {
    const plan = this.#requirePlan();
    const bound = this.#requireObject(request.object, 'find');
    const limit = request.limit;
    if (!Number.isInteger(limit) || limit < 0) throw queryInvalid(`the limit must be a non-negative integer, not ${String(limit)}`);
    const conditions: CompiledCondition[] = request.where.map((w) => compileCondition(w));
    let user: UserFacts | undefined;
    let needRank = 0;
    if (request.visibility !== undefined) {
      needRank = ACCESS_RANK[request.visibility.need] ?? -1;
      if (needRank < 1) throw queryInvalid(`the visibility level must be read, edit or full, not "${String(request.visibility.need)}"`);
      user = plan.users.get(request.visibility.userId);
      if (user === undefined || !user.active) return [];
      // Every record is visible at the org-wide default (or better, for owners and above).
      if (bound.plan.parentField === undefined && needRank <= bound.plan.owdLevel) user = undefined;
    }
    const rows: DataRecord[] = [];
    const consider = (slot: RecordSlot | undefined): void => {
      const record = slot?.record;
      if (record === undefined) return;
      for (let i = 0; i < conditions.length; i++) {
        const c = conditions[i] as CompiledCondition;
        if (!testCondition(c, record[c.field])) return;
      }
      if (user !== undefined && this.#level(plan, bound, slot as RecordSlot, user) < needRank) return;
      rows.push(record);
    };
    const byId = conditions.find((c) => c.field === 'Id' && ((c.op === 0 && typeof c.value === 'string') || c.members !== undefined));
    if (byId === undefined) for (const slot of bound.table.values()) consider(slot);
    else if (byId.op === 0) consider(bound.table.get(byId.value as string));
    else for (const id of byId.members ?? []) if (typeof id === 'string') consider(bound.table.get(id));

    const orderBy = request.orderBy;
    const compare = (a: DataRecord, b: DataRecord): number => {
      for (const o of orderBy) {
        const c = compareValues(a[o.field], b[o.field]);
        if (c !== 0) return o.direction === 'desc' ? -c : c;
      }
      return compareStrings(a.Id, b.Id);
    };
    const fields = request.fields.includes('Id') ? request.fields : ['Id', ...request.fields];
    return selectTop(rows, compare, limit).map((record) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f] = Object.hasOwn(record, f) ? copyValue(record[f]) : null;
      return out as DataRecord;
    });
  }

  /**
   * The record-level access (sharing only: no CRUD, no View All) of a user to a record.
   * @param object - the object
   * @param recordId - the record
   * @param userId - the user
   * @returns the level (`none` for inactive or unknown users), or undefined when the record does not exist
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` before {@link MemoryDataBackend.open}
   */
  async recordAccess(object: string, recordId: string, userId: string): Promise<AccessLevel | undefined> {
    return this.accessLevelSync(object, recordId, userId);
  }

  /**
   * {@link MemoryDataBackend.recordAccess}, synchronously: the maximum of ownership, the hierarchy
   * above the owner, the org-wide default, the sharing rules and the record's shares (or the
   * access to the master record, for ControlledByParent). It allocates nothing.
   * @param object - the object
   * @param recordId - the record
   * @param userId - the user
   * @returns the level (`none` for inactive or unknown users), or undefined when the record or the object does not exist
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` before {@link MemoryDataBackend.open}
   */
  accessLevelSync(object: string, recordId: string, userId: string): AccessLevel | undefined {
    const plan = this.#requirePlan();
    const bound = this.#objects.get(object);
    const slot = bound?.table.get(recordId);
    if (bound === undefined || slot === undefined || slot.record === undefined) return undefined;
    const user = plan.users.get(userId);
    if (user === undefined || !user.active) return 'none';
    return LEVELS[this.#level(plan, bound, slot, user)];
  }

  /**
   * Whether a user may do an operation on a record, as `referenceCan` decides it: the object
   * permission (R-CRUD-1), then View All / Modify All (R-SHR-9), then record access (read needs
   * read, edit needs edit, delete needs full: R-SHR-10). It allocates nothing.
   * @param userId - the user
   * @param object - the object
   * @param recordId - the record
   * @param operation - read, edit or delete
   * @returns true when allowed; false for unknown or inactive users, objects and records
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` before {@link MemoryDataBackend.open}
   */
  canAccessSync(userId: string, object: string, recordId: string, operation: RecordOperation): boolean {
    const plan = this.#requirePlan();
    const bound = this.#objects.get(object);
    const slot = bound?.table.get(recordId);
    if (bound === undefined || slot === undefined || slot.record === undefined) return false;
    const user = plan.users.get(userId);
    if (user === undefined || !user.active) return false;
    const bits = bound.plan.permissions[user.index] as number;
    if ((bits & CRUD_BIT[operation]) === 0) return false;
    if ((bits & BYPASS_BIT[operation]) !== 0) return true;
    return this.#level(plan, bound, slot, user) >= NEEDED_RANK[operation];
  }

  /**
   * Whether a user's field-level security lets them read or edit a field of an object (R-FLS-1).
   * `Id` is always readable; object permissions are not part of it. It allocates nothing.
   * @param userId - the user
   * @param object - the object
   * @param field - the field's API name
   * @param operation - read or edit
   * @returns true when allowed; false for unknown or inactive users, objects and fields
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` before {@link MemoryDataBackend.open}
   */
  canAccessFieldSync(userId: string, object: string, field: string, operation: 'read' | 'edit'): boolean {
    const plan = this.#requirePlan();
    const byUser = this.#objects.get(object)?.plan.fieldPermissions.get(field);
    const user = plan.users.get(userId);
    if (byUser === undefined || user === undefined || !user.active) return false;
    if (operation === 'read') return field === 'Id' || ((byUser[user.index] as number) & 1) !== 0;
    return ((byUser[user.index] as number) & 2) !== 0;
  }

  /**
   * Inserts records (ids and owners already set), all or none.
   * @param object - the object
   * @param records - the records; each is stored as a frozen copy
   * @returns when stored
   * @throws {@link DataAccessError} `QUERY_INVALID` when the object is unknown, a record has no
   *   string `Id`, or an id is already taken; `INPUT_VALIDATION` when a value cannot be copied
   */
  async insert(object: string, records: readonly DataRecord[]): Promise<void> {
    const plan = this.#requirePlan();
    const table = this.#requireObject(object, 'insert').table;
    const seen = new Set<string>();
    const copies = records.map((r) => {
      const id = (r as { Id?: unknown } | null)?.Id;
      if (typeof id !== 'string' || id === '') throw queryInvalid(`every ${object} record needs a non-empty string Id`);
      if (seen.has(id) || table.get(id)?.record !== undefined) throw queryInvalid(`a ${object} record with Id "${id}" already exists`);
      seen.add(id);
      return copyRecord(r);
    });
    for (const record of copies) {
      const slot = table.get(record.Id);
      const target = slot ?? { record, ownerIndex: -1, ownerRole: -1, shares: [] };
      target.record = record;
      setOwner(plan, target);
      if (slot === undefined) table.set(record.Id, target);
    }
  }

  /**
   * Updates one record's fields (an `OwnerId` among them transfers the record).
   * @param object - the object
   * @param recordId - the record
   * @param values - the new values (copied)
   * @returns whether the record existed
   * @throws {@link DataAccessError} `QUERY_INVALID` when the object is unknown, `values` is not an
   *   object or changes the `Id`; `INPUT_VALIDATION` when a value cannot be copied
   */
  async update(object: string, recordId: string, values: Readonly<Record<string, unknown>>): Promise<boolean> {
    this.#requirePlan();
    const slot = this.#requireObject(object, 'update').table.get(recordId);
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw queryInvalid('update values must be an object');
    if (slot?.record === undefined) return false;
    if (Object.hasOwn(values, 'Id') && values.Id !== recordId) throw queryInvalid(`the Id of ${object} "${recordId}" cannot be changed`);
    slot.record = copyRecord({ ...slot.record, ...values, Id: recordId });
    setOwner(this.#requirePlan(), slot);
    return true;
  }

  /**
   * Deletes one record and its shares.
   * @param object - the object
   * @param recordId - the record
   * @returns whether the record existed
   * @throws {@link DataAccessError} `QUERY_INVALID` when the object is unknown
   */
  async delete(object: string, recordId: string): Promise<boolean> {
    this.#requirePlan();
    const table = this.#requireObject(object, 'delete').table;
    if (table.get(recordId)?.record === undefined) return false;
    table.delete(recordId);
    return true;
  }

  /**
   * Adds a manual or programmatic share. A share naming a record that does not exist yet applies
   * once the record is inserted (as in `referenceRecordAccess`); shares on records controlled by
   * their parent are kept but never grant anything (R-SHR-7).
   * @param share - the share (copied)
   * @returns when stored
   * @throws {@link DataAccessError} `QUERY_INVALID` when the object is unknown, the record id is
   *   empty, the grantee is malformed, or the access is not Read or ReadWrite
   */
  async addShare(share: RecordShare): Promise<void> {
    const plan = this.#requirePlan();
    const table = this.#requireObject(share.object, 'share').table;
    if (typeof share.recordId !== 'string' || share.recordId === '') throw queryInvalid('a share needs a non-empty recordId');
    if (share.access !== 'Read' && share.access !== 'ReadWrite') throw queryInvalid(`a share grants Read or ReadWrite, not "${String(share.access)}"`);
    const grantee = GranteeSchema.safeParse(share.grantee);
    if (!grantee.success) throw queryInvalid('a share names exactly one user, role, roleAndSubordinates or group');
    const stored: RecordShare = Object.freeze({ object: share.object, recordId: share.recordId, grantee: Object.freeze(grantee.data), access: share.access, cause: String(share.cause) });
    let slot = table.get(share.recordId);
    if (slot === undefined) {
      slot = { record: undefined, ownerIndex: -1, ownerRole: -1, shares: [] };
      table.set(share.recordId, slot);
    }
    slot.shares.push({ share: stored, grantee: plan.compileGrantee(stored.grantee), level: share.access === 'Read' ? 1 : 2 });
  }

  /**
   * Does nothing: there are no connections. The data stays usable.
   * @returns at once
   */
  async close(): Promise<void> {}

  /**
   * The access rank (0 none … 3 full) of an active user to a stored record.
   * @param plan - the compiled model
   * @param start - the record's object
   * @param startSlot - the record
   * @param user - the user (active)
   * @returns the rank
   */
  #level(plan: AccessPlan, start: BoundObject, startSlot: RecordSlot, user: UserFacts): number {
    let bound = start;
    let slot = startSlot;
    let record = slot.record as DataRecord;
    // ControlledByParent: the access to the master record, up the chain (R-SHR-7).
    while (bound.plan.parentField !== undefined) {
      const parentId = record[bound.plan.parentField];
      const parent = bound.parent;
      if (typeof parentId !== 'string' || parent === undefined) return 0;
      const parentSlot = parent.table.get(parentId);
      if (parentSlot === undefined || parentSlot.record === undefined) return 0;
      bound = parent;
      slot = parentSlot;
      record = parentSlot.record;
    }
    // Ownership, then the hierarchy above the owner (R-SHR-3, R-SHR-4).
    const owner = slot.ownerIndex;
    if (owner === user.index) return 3;
    const objectPlan = bound.plan;
    const hierarchy = objectPlan.hierarchy;
    if (hierarchy && plan.isRoleAbove(user.role, slot.ownerRole)) return 3;
    let level = objectPlan.owdLevel;
    if (level >= 2) return level;
    // Owner-based rules: "rules whose from has the owner" ∩ "rules whose to reaches the user", as bit sets.
    const words = objectPlan.ownerRuleWords;
    if (owner >= 0 && words > 0) {
      const from = objectPlan.ownerRulesFrom;
      const toEdit = objectPlan.ownerRulesToEdit;
      const ob = owner * words;
      const ub = user.index * words;
      for (let w = 0; w < words; w++) if (((from[ob + w] as number) & (toEdit[ub + w] as number)) !== 0) return 2;
      if (level === 0) {
        const toRead = objectPlan.ownerRulesToRead;
        for (let w = 0; w < words; w++) {
          if (((from[ob + w] as number) & (toRead[ub + w] as number)) !== 0) {
            level = 1;
            break;
          }
        }
      }
    }
    // Criteria-based rules reaching the user, ReadWrite ones first.
    const rules = objectPlan.criteriaRulesByUser[user.index] as readonly CompiledRule[];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as CompiledRule;
      if (rule.level > level && plan.criteriaMatch(rule, record)) {
        level = rule.level;
        if (level === 2) return 2;
      }
    }
    const shares = slot.shares;
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i] as StoredShare;
      if (share.level > level && plan.reaches(share.grantee, user, hierarchy)) {
        level = share.level;
        if (level === 2) return 2;
      }
    }
    return level;
  }

  #requirePlan(): AccessPlan {
    if (this.#plan === undefined) throw new DataAccessError('SECURITY_MODEL_INVALID', 'The memory backend has no model yet: call open(index) before using it.');
    return this.#plan;
  }

  #requireObject(object: string, operation: string): BoundObject {
    const bound = this.#objects.get(object);
    if (bound === undefined) throw queryInvalid(`${operation}: the model has no object "${String(object)}"`);
    return bound;
  }
}

/** Resolves the slot's owner against the model (index and role, -1 when not a known user). */
function setOwner(plan: AccessPlan, slot: RecordSlot): void {
  const ownerId = slot.record?.OwnerId;
  const owner = typeof ownerId === 'string' ? plan.users.get(ownerId) : undefined;
  slot.ownerIndex = owner === undefined ? -1 : owner.index;
  slot.ownerRole = owner === undefined ? -1 : owner.role;
}

function queryInvalid(reason: string): DataAccessError {
  return new DataAccessError('QUERY_INVALID', `Memory backend: ${reason}.`);
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  try {
    return structuredClone(value);
  } catch (cause) {
    throw new DataAccessError('INPUT_VALIDATION', 'Memory backend: a record value is not plain data and cannot be stored.', { cause });
  }
}

function copyRecord(record: Readonly<Record<string, unknown>>): DataRecord {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = copyValue(record[key]);
  return Object.freeze(out) as DataRecord;
}
