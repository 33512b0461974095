import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';
import type { DataPolicy, DataPolicyVerdict, DataPolicyWrite } from './DataPolicy.js';
import type { Grantee } from '../model/SecurityModelSchema.js';
import { ACCESS_RANK, type AccessLevel, type DataRecord, NEEDED_LEVEL, type QueryFilter, type QuerySpec, type RecordOperation } from '../model/types.js';
import type { DataBackend, FindRequest } from './DataBackend.js';
import type { DataDecision } from './DataDecision.js';
import { type StripResult, stripInaccessible, type StripAccessType } from './stripInaccessible.js';

/**
 * What an insert returns.
 * @category Data
 */
export interface InsertResult {
  /** The new record's id. */
  readonly id: string;
}

/**
 * Options of a {@link SecureDataAccess}.
 * @category Data
 */
export interface SecureDataAccessOptions {
  /** The security model. */
  readonly index: ModelIndex;
  /** Where records live. */
  readonly backend: DataBackend;
  /** The user the data is accessed as (the run-as principal). */
  readonly userId: string;
  /** Whether {@link SecureDataAccess.systemMode} may be used (default false). */
  readonly systemModeAllowed?: boolean;
  /** Receives every decision worth auditing (denials, system mode). */
  readonly onDecision?: (decision: DataDecision) => void;
  /** Makes ids for new records. */
  readonly newId: (object: string) => string;
  /** Record rules of the app's own, applied after CRUD, FLS and sharing (they only narrow). */
  readonly policies?: readonly DataPolicy[];
}

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2_000;
const FILTER_OPS = new Set(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte']);

/**
 * Business data as one user may see and change it: every query and write passes object
 * permissions (CRUD), then field-level security (FLS), then record-level sharing, in user mode
 * (R-MODE-2). A record the user cannot see is reported as not found, never as forbidden, so the
 * API is no oracle for which records exist. System mode is an explicit, audited call.
 *
 * @example
 * ```ts
 * const orders = await ctx.data.query({ object: 'Order', fields: ['Name', 'Status'], where: [{ field: 'Status', op: 'eq', value: 'Open' }] });
 * ```
 * @category Data
 */
export class SecureDataAccess {
  /** The user the data is accessed as. */
  readonly userId: string;
  readonly #index: ModelIndex;
  readonly #backend: DataBackend;
  readonly #options: SecureDataAccessOptions;

  /**
   * @param options - model, backend, user, system-mode policy, decision recorder and id maker
   * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` when the user is unknown or inactive
   */
  constructor(options: SecureDataAccessOptions) {
    const user = options.index.user(options.userId);
    if (!user?.active) {
      throw new DataAccessError('OBJECT_ACCESS_DENIED', `User "${options.userId}" is unknown or inactive and has no data access.`, {
        details: { userId: options.userId },
      });
    }
    this.userId = options.userId;
    this.#index = options.index;
    this.#backend = options.backend;
    this.#options = options;
  }

  /**
   * Queries records in user mode.
   * @param spec - object, fields, filters, order and limit
   * @returns the visible records, with the requested fields and `Id`
   * @throws {@link DataAccessError} `QUERY_INVALID` for unknown objects or fields or a bad limit,
   *   `OBJECT_ACCESS_DENIED` without read permission, `FIELD_ACCESS_DENIED` listing every
   *   unreadable field used anywhere in the query
   */
  async query(spec: QuerySpec): Promise<DataRecord[]> {
    const request = this.#plan(spec, 'read');
    const filters = this.#policyFilters(request.object, 'read');
    return this.#backend.find(filters.length === 0 ? request : { ...request, where: [...request.where, ...filters] });
  }

  /**
   * Reads one record.
   * @param object - the object
   * @param id - the record id
   * @param fields - the fields to read
   * @returns the record, or undefined when it does not exist or is not visible
   * @throws {@link DataAccessError} as {@link SecureDataAccess.query}
   */
  async get(object: string, id: string, fields: readonly string[]): Promise<DataRecord | undefined> {
    const rows = await this.query({ object, fields, where: [{ field: 'Id', op: 'eq', value: id }], limit: 1 });
    return rows[0];
  }

  /**
   * Creates a record owned by the user. Every field written must be editable (FLS); `Id` and
   * `OwnerId` are set by the data layer.
   * @param object - the object
   * @param values - field values
   * @returns the new record's id
   * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` without create permission,
   *   `FIELD_ACCESS_DENIED` listing every field the user may not write, `RECORD_NOT_FOUND` when a
   *   detail record's master is not visible for edit, `QUERY_INVALID` for unknown fields
   */
  async insert(object: string, values: Readonly<Record<string, unknown>>): Promise<InsertResult> {
    const def = this.#object(object, 'create');
    this.#requireCrud(object, 'create');
    this.#requireWritable(object, values, 'create');
    if (def.owd === 'ControlledByParent') {
      const parentField = def.parentField as string;
      const parentObject = def.fields[parentField]?.reference as string;
      const parentId = values[parentField];
      if (typeof parentId !== 'string' || !(await this.#hasRecordAccess(parentObject, parentId, 'edit'))) {
        throw this.#deny('RECORD_NOT_FOUND', 'create', object, `the master ${parentObject} record is not visible to the user for edit`, { recordId: String(parentId) });
      }
    }
    await this.#checkPolicies({ userId: this.userId, object, operation: 'create', values });
    const id = this.#options.newId(object);
    const record: Record<string, unknown> = { ...values, Id: id };
    if (def.owd !== 'ControlledByParent') record.OwnerId = this.userId;
    await this.#backend.insert(object, [record as DataRecord]);
    return { id };
  }

  /**
   * Updates a record the user may edit.
   * @param object - the object
   * @param id - the record id
   * @param values - the fields to change
   * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` without edit permission,
   *   `FIELD_ACCESS_DENIED` for fields the user may not edit, `RECORD_NOT_FOUND` when the record is
   *   not visible, `RECORD_ACCESS_DENIED` when it is visible but not editable
   */
  async update(object: string, id: string, values: Readonly<Record<string, unknown>>): Promise<void> {
    this.#object(object, 'edit');
    this.#requireCrud(object, 'edit');
    this.#requireWritable(object, values, 'edit');
    await this.#requireRecord(object, id, 'edit');
    await this.#checkPolicies({ userId: this.userId, object, operation: 'edit', recordId: id, values });
    await this.#backend.update(object, id, values);
  }

  /**
   * Deletes a record; this needs full access (owner, above the owner, or Modify All: R-SHR-10).
   * @param object - the object
   * @param id - the record id
   * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` without delete permission,
   *   `RECORD_NOT_FOUND` when the record is not visible, `RECORD_ACCESS_DENIED` without full access
   */
  async delete(object: string, id: string): Promise<void> {
    this.#object(object, 'delete');
    this.#requireCrud(object, 'delete');
    await this.#requireRecord(object, id, 'delete');
    await this.#checkPolicies({ userId: this.userId, object, operation: 'delete', recordId: id });
    await this.#backend.delete(object, id);
  }

  /**
   * Shares a record manually (R-SHR-6). Only a user with full access to the record may share
   * it, and only at Read or ReadWrite.
   * @param object - the object
   * @param id - the record id
   * @param grantee - who gets access
   * @param access - Read or ReadWrite
   * @throws {@link DataAccessError} `QUERY_INVALID` for objects controlled by their parent,
   *   `RECORD_NOT_FOUND` / `RECORD_ACCESS_DENIED` without full access
   */
  async share(object: string, id: string, grantee: Grantee, access: 'Read' | 'ReadWrite'): Promise<void> {
    const def = this.#object(object, 'share');
    if (def.owd === 'ControlledByParent') {
      throw this.#deny('QUERY_INVALID', 'share', object, 'records controlled by their parent cannot be shared (R-SHR-7)');
    }
    if (access !== 'Read' && access !== 'ReadWrite') throw this.#deny('QUERY_INVALID', 'share', object, 'access must be Read or ReadWrite');
    this.#requireCrud(object, 'read');
    await this.#requireRecord(object, id, 'delete');
    await this.#backend.addShare({ object, recordId: id, grantee, access, cause: 'Manual' });
  }

  /**
   * Whether the user may do an operation on a record: CRUD, then View All / Modify All, then
   * record access. The approvals plugin uses it to check an approver.
   * @param object - the object
   * @param id - the record id
   * @param operation - read, edit or delete
   * @returns true when allowed; false for unknown objects or records
   */
  async canAccess(object: string, id: string, operation: RecordOperation): Promise<boolean> {
    if (!this.#index.object(object)) return false;
    const p = this.#index.objectPermission(this.userId, object);
    if (!(operation === 'read' ? p.read : operation === 'edit' ? p.edit : p.delete)) return false;
    return this.#hasRecordAccess(object, id, NEEDED_LEVEL[operation]);
  }

  /**
   * Removes from records every field the user may not access for the operation (R-STRIP-1..3).
   * `Id` is never removed; fields absent from the input stay absent.
   * @param accessType - read, create, update or upsert
   * @param object - the records' object
   * @param records - the records
   * @param enforceRootObjectCrud - whether to refuse when the user lacks the object permission (default true)
   * @returns new copies, the removed fields by object, and the indexes of changed records
   * @throws {@link DataAccessError} `OBJECT_ACCESS_DENIED` when enforcing root CRUD and the user lacks it
   */
  stripInaccessible(accessType: StripAccessType, object: string, records: readonly Readonly<Record<string, unknown>>[], enforceRootObjectCrud = true): StripResult {
    this.#object(object, `strip ${accessType}`);
    return stripInaccessible(this.#index, this.userId, accessType, object, records, enforceRootObjectCrud);
  }

  /**
   * Data access without CRUD, FLS or sharing, for a stated reason. It is refused unless the run's
   * policy allows it (never for service agents' actions unless their classification declares
   * it), and every use is recorded as a decision.
   * @param reason - why system mode is needed (at least 10 characters)
   * @returns an unrestricted accessor for this one purpose
   * @throws {@link DataAccessError} `SYSTEM_MODE_REFUSED` when not allowed or without a reason
   */
  systemMode(reason: string): SystemDataAccess {
    if (this.#options.systemModeAllowed !== true || typeof reason !== 'string' || reason.trim().length < 10) {
      this.#options.onDecision?.({ kind: 'system-mode-refused', userId: this.userId, reason: typeof reason === 'string' ? reason : '' });
      throw new DataAccessError(
        'SYSTEM_MODE_REFUSED',
        `System mode refused for user "${this.userId}": ${this.#options.systemModeAllowed === true ? 'give a reason of at least 10 characters' : 'this action is not allowed to bypass security'}.`,
        { details: { userId: this.userId } },
      );
    }
    this.#options.onDecision?.({ kind: 'system-mode', userId: this.userId, reason });
    return new SystemDataAccess(this.#index, this.#backend, this.#options.newId);
  }

  #plan(spec: QuerySpec, op: 'read'): FindRequest {
    const object = spec?.object;
    this.#object(object, op);
    this.#requireCrud(object, 'read');
    const fields = Array.isArray(spec.fields) ? spec.fields : [];
    const where = spec.where ?? [];
    const orderBy = spec.orderBy ?? [];
    const used = new Set<string>([...fields, ...where.map((w) => w.field), ...orderBy.map((o) => o.field)]);
    const unknown = [...used].filter((f) => typeof f !== 'string' || !this.#index.field(object, f));
    if (unknown.length > 0) throw this.#deny('QUERY_INVALID', op, object, `unknown field(s): ${unknown.join(', ')}`, { fields: unknown });
    for (const w of where) {
      if (!FILTER_OPS.has(w.op)) throw this.#deny('QUERY_INVALID', op, object, `unknown operator "${String(w.op)}"`);
      if (w.op === 'in' ? !Array.isArray(w.value) : !['string', 'number', 'boolean'].includes(typeof w.value)) {
        throw this.#deny('QUERY_INVALID', op, object, `filter on ${w.field}: value must be ${w.op === 'in' ? 'an array' : 'a string, number or boolean'}`);
      }
    }
    for (const o of orderBy) {
      if (o.direction !== undefined && o.direction !== 'asc' && o.direction !== 'desc') throw this.#deny('QUERY_INVALID', op, object, 'orderBy direction must be asc or desc');
    }
    const perms = this.#index.permissions(this.userId);
    const unreadable = [...used].filter((f) => f !== 'Id' && !perms.readableFields.has(`${object}.${f}`));
    if (unreadable.length > 0) {
      throw this.#deny('FIELD_ACCESS_DENIED', 'read', object, `the user may not read ${unreadable.join(', ')}`, { fields: unreadable });
    }
    const limit = spec.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw this.#deny('QUERY_INVALID', op, object, `limit must be an integer from 1 to ${MAX_LIMIT}`);
    const p = this.#index.objectPermission(this.userId, object);
    const bypass = p.viewAll || p.modifyAll || perms.viewAllData || perms.modifyAllData;
    return {
      object,
      fields: ['Id', ...fields.filter((f) => f !== 'Id')],
      where,
      orderBy: orderBy.map((o) => ({ field: o.field, direction: o.direction ?? 'asc' })),
      limit,
      visibility: bypass ? undefined : { userId: this.userId, need: 'read' },
    };
  }

  /** The policies' read filters for an object; a policy that throws refuses the read (fail closed). */
  #policyFilters(object: string, op: string): QueryFilter[] {
    const out: QueryFilter[] = [];
    for (const policy of this.#options.policies ?? []) {
      if (!policy.readFilters) continue;
      let filters: readonly QueryFilter[];
      try {
        filters = policy.readFilters({ userId: this.userId, object });
      } catch (cause) {
        throw this.#policyDenied(policy.name, op, object, 'the policy failed (fail closed)', cause);
      }
      for (const f of filters ?? []) {
        if (!this.#index.field(object, f.field) || !FILTER_OPS.has(f.op)) throw this.#policyDenied(policy.name, op, object, `the policy gave an invalid filter on ${String(f.field)}`);
        out.push(f);
      }
    }
    return out;
  }

  async #checkPolicies(write: DataPolicyWrite): Promise<void> {
    for (const policy of this.#options.policies ?? []) {
      if (!policy.checkWrite) continue;
      let verdict: DataPolicyVerdict;
      try {
        verdict = await policy.checkWrite(write);
      } catch (cause) {
        throw this.#policyDenied(policy.name, write.operation, write.object, 'the policy failed (fail closed)', cause);
      }
      if (verdict?.allowed !== true) throw this.#policyDenied(policy.name, write.operation, write.object, typeof verdict?.reason === 'string' ? verdict.reason : 'refused');
    }
  }

  #policyDenied(policy: string, operation: string, object: string, reason: string, cause?: unknown): DataAccessError {
    this.#options.onDecision?.({ kind: 'denied', code: 'DATA_POLICY_DENIED', userId: this.userId, object, operation, reason: `policy ${policy}: ${reason}` });
    return new DataAccessError('DATA_POLICY_DENIED', `Data policy "${policy}" refused ${operation} on ${object}: ${reason}.`, {
      details: { policy, object, operation, userId: this.userId },
      ...(cause === undefined ? {} : { cause }),
    });
  }

  #object(object: unknown, op: string) {
    const def = typeof object === 'string' ? this.#index.object(object) : undefined;
    if (!def) throw this.#deny('QUERY_INVALID', op, String(object), 'no such object');
    return def;
  }

  #requireCrud(object: string, op: 'read' | 'create' | 'edit' | 'delete'): void {
    const p = this.#index.objectPermission(this.userId, object);
    if (!p[op]) throw this.#deny('OBJECT_ACCESS_DENIED', op, object, `the user has no ${op} permission on ${object}`);
  }

  #requireWritable(object: string, values: Readonly<Record<string, unknown>>, op: 'create' | 'edit'): void {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) throw this.#deny('QUERY_INVALID', op, object, 'values must be an object');
    const keys = Object.keys(values);
    const unknown = keys.filter((k) => !this.#index.field(object, k));
    if (unknown.length > 0) throw this.#deny('QUERY_INVALID', op, object, `unknown field(s): ${unknown.join(', ')}`, { fields: unknown });
    const editable = this.#index.permissions(this.userId).editableFields;
    const denied = keys.filter((k) => k === 'Id' || k === 'OwnerId' || !editable.has(`${object}.${k}`));
    if (denied.length > 0) throw this.#deny('FIELD_ACCESS_DENIED', op, object, `the user may not write ${denied.join(', ')}`, { fields: denied });
  }

  async #requireRecord(object: string, id: string, op: RecordOperation): Promise<void> {
    if (typeof id !== 'string' || id === '') throw this.#deny('QUERY_INVALID', op, object, 'the record id must be a non-empty string');
    if (await this.#hasRecordAccess(object, id, NEEDED_LEVEL[op])) return;
    if (op !== 'read' && (await this.#hasRecordAccess(object, id, 'read'))) {
      throw this.#deny('RECORD_ACCESS_DENIED', op, object, `the user may see the record but not ${op} it`, { recordId: id });
    }
    throw this.#deny('RECORD_NOT_FOUND', op, object, 'no such record is visible to the user', { recordId: id });
  }

  async #hasRecordAccess(object: string, id: string, need: AccessLevel): Promise<boolean> {
    const filters = this.#policyFilters(object, 'read');
    if (filters.length > 0) {
      // a record outside the app's policies does not exist for the user
      const inside = await this.#backend.find({ object, fields: ['Id'], where: [{ field: 'Id', op: 'eq', value: id }, ...filters], orderBy: [], limit: 1, visibility: undefined });
      if (inside.length === 0) return false;
    }
    const p = this.#index.objectPermission(this.userId, object);
    const perms = this.#index.permissions(this.userId);
    const readBypass = p.viewAll || p.modifyAll || perms.viewAllData || perms.modifyAllData;
    const writeBypass = p.modifyAll || perms.modifyAllData;
    const level = await this.#backend.recordAccess(object, id, this.userId);
    if (level === undefined) return false;
    if (need === 'read' ? readBypass : writeBypass) return true;
    return ACCESS_RANK[level] >= ACCESS_RANK[need];
  }

  #deny(code: 'QUERY_INVALID' | 'OBJECT_ACCESS_DENIED' | 'FIELD_ACCESS_DENIED' | 'RECORD_NOT_FOUND' | 'RECORD_ACCESS_DENIED', operation: string, object: string, reason: string, extra: Record<string, unknown> = {}): DataAccessError {
    this.#options.onDecision?.({ kind: 'denied', code, userId: this.userId, object, operation, reason });
    return new DataAccessError(code, `Data access refused for user "${this.userId}" (${operation} on ${object}): ${reason}.`, {
      details: { userId: this.userId, object, operation, ...extra },
    });
  }
}

/**
 * Unrestricted data access, returned by {@link SecureDataAccess.systemMode} for one audited purpose.
 * @category Data
 */
export class SystemDataAccess {
  readonly #index: ModelIndex;
  readonly #backend: DataBackend;
  readonly #newId: (object: string) => string;

  /**
   * @param index - the model
   * @param backend - the backend
   * @param newId - the id maker
   * @internal
   */
  constructor(index: ModelIndex, backend: DataBackend, newId: (object: string) => string) {
    this.#index = index;
    this.#backend = backend;
    this.#newId = newId;
  }

  /**
   * Queries every matching record, whatever the sharing and FLS.
   * @param spec - the query
   * @returns the records
   * @throws {@link DataAccessError} `QUERY_INVALID` for unknown objects or fields
   */
  async query(spec: QuerySpec): Promise<DataRecord[]> {
    if (!this.#index.object(spec.object)) throw new DataAccessError('QUERY_INVALID', `Unknown object "${spec.object}".`);
    const used = [...spec.fields, ...(spec.where ?? []).map((w) => w.field), ...(spec.orderBy ?? []).map((o) => o.field)];
    const unknown = used.filter((f) => !this.#index.field(spec.object, f));
    if (unknown.length > 0) throw new DataAccessError('QUERY_INVALID', `Unknown field(s) on ${spec.object}: ${unknown.join(', ')}.`);
    return this.#backend.find({
      object: spec.object,
      fields: ['Id', ...spec.fields.filter((f) => f !== 'Id')],
      where: spec.where ?? [],
      orderBy: (spec.orderBy ?? []).map((o) => ({ field: o.field, direction: o.direction ?? 'asc' })),
      limit: Math.min(spec.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
      visibility: undefined,
    });
  }

  /**
   * Creates a record with the given owner.
   * @param object - the object
   * @param values - field values, `OwnerId` included for owned objects
   * @returns the new id
   * @throws {@link DataAccessError} `QUERY_INVALID` for unknown objects or fields
   */
  async insert(object: string, values: Readonly<Record<string, unknown>>): Promise<InsertResult> {
    if (!this.#index.object(object)) throw new DataAccessError('QUERY_INVALID', `Unknown object "${object}".`);
    const unknown = Object.keys(values).filter((k) => k === 'Id' || !this.#index.field(object, k));
    if (unknown.length > 0) throw new DataAccessError('QUERY_INVALID', `Unknown or read-only field(s) on ${object}: ${unknown.join(', ')}.`);
    const id = this.#newId(object);
    await this.#backend.insert(object, [{ ...values, Id: id }]);
    return { id };
  }
}
