import { parse as parseYaml } from 'yaml';
import { DataAccessError } from '../errors/DataAccessError.js';
import {
  type FieldDefinition,
  type Grantee,
  type ObjectDefinition,
  type ObjectPermission,
  type SecurityModel,
  type SecurityModelInput,
  SecurityModelSchema,
  type User,
} from './SecurityModelSchema.js';

/**
 * A user's effective permissions: the union of their profile and permission sets.
 * @category Model
 */
export interface EffectivePermissions {
  /** Object permissions by object name (absent: no permission). */
  readonly objects: ReadonlyMap<string, ObjectPermission>;
  /** Readable fields, as `Object.Field`. */
  readonly readableFields: ReadonlySet<string>;
  /** Editable fields, as `Object.Field`. */
  readonly editableFields: ReadonlySet<string>;
  /** View All Data. */
  readonly viewAllData: boolean;
  /** Modify All Data. */
  readonly modifyAllData: boolean;
}

const IMPLICIT_FIELDS = ['Id', 'OwnerId'] as const;
const NO_PERMISSION: ObjectPermission = Object.freeze({ read: false, create: false, edit: false, delete: false, viewAll: false, modifyAll: false });

/**
 * A validated security model with its cross-references resolved: the role tree (ancestors and
 * subtrees), group membership flattened to users, and each user's effective permissions.
 * Build one with {@link ModelIndex.from} or {@link ModelIndex.fromYaml}.
 * @category Model
 */
export class ModelIndex {
  /** The parsed model. */
  readonly model: SecurityModel;
  readonly #users = new Map<string, User>();
  readonly #roleParent = new Map<string, string | undefined>();
  readonly #roleAncestors = new Map<string, readonly string[]>();
  readonly #roleSubtree = new Map<string, ReadonlySet<string>>();
  readonly #usersByRole = new Map<string, string[]>();
  readonly #groupUsers = new Map<string, ReadonlySet<string>>();
  readonly #permissions = new Map<string, EffectivePermissions>();

  private constructor(model: SecurityModel) {
    this.model = model;
    this.#indexRoles();
    this.#indexUsers();
    this.#indexGroups();
    this.#validateObjects();
    this.#validateRules();
  }

  /**
   * Validates a model and indexes it.
   * @param input - the model, as data
   * @returns the index
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` naming the first problem
   */
  static from(input: SecurityModelInput | unknown): ModelIndex {
    const parsed = SecurityModelSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join('.') || '(root)';
      throw invalid(`at ${path}: ${issue?.message ?? 'invalid'}`);
    }
    return new ModelIndex(parsed.data);
  }

  /**
   * Parses a YAML (or JSON) document and indexes the model it holds.
   * @param text - the document
   * @returns the index
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` when the text or the model is invalid
   */
  static fromYaml(text: string): ModelIndex {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (cause) {
      throw invalid(`the document is not valid YAML (${(cause as Error).message.split('\n')[0]})`);
    }
    return ModelIndex.from(data);
  }

  /**
   * @param id - a user id
   * @returns the user, if any
   */
  user(id: string): User | undefined {
    return this.#users.get(id);
  }

  /**
   * Every user, in model order.
   * @returns the users
   */
  users(): readonly User[] {
    return this.model.users;
  }

  /**
   * @param name - an object name
   * @returns its definition, if any
   */
  object(name: string): ObjectDefinition | undefined {
    return Object.hasOwn(this.model.objects, name) ? this.model.objects[name] : undefined;
  }

  /**
   * The object's fields, including the implicit `Id` and (unless controlled by parent) `OwnerId`.
   * @param object - the object name
   * @returns field names
   */
  fieldNames(object: string): string[] {
    const def = this.object(object);
    if (!def) return [];
    const implicit = def.owd === 'ControlledByParent' ? ['Id'] : [...IMPLICIT_FIELDS];
    return [...implicit, ...Object.keys(def.fields)];
  }

  /**
   * A field's definition; `Id` and `OwnerId` are reported as `id` and `reference` fields.
   * @param object - the object
   * @param field - the field (exact API name)
   * @returns the definition, if the field exists
   */
  field(object: string, field: string): FieldDefinition | undefined {
    const def = this.object(object);
    if (!def) return undefined;
    if (field === 'Id') return { type: 'id', classification: 'Internal', pii: false, required: false };
    if (field === 'OwnerId' && def.owd !== 'ControlledByParent') return { type: 'reference', reference: 'User', classification: 'Internal', pii: false, required: false };
    return Object.hasOwn(def.fields, field) ? def.fields[field] : undefined;
  }

  /**
   * The role's strict ancestors, nearest first.
   * @param role - a role name
   * @returns the ancestors
   */
  roleAncestors(role: string): readonly string[] {
    return this.#roleAncestors.get(role) ?? [];
  }

  /**
   * The role and every role below it.
   * @param role - a role name
   * @returns the subtree, the role included
   */
  roleSubtree(role: string): ReadonlySet<string> {
    return this.#roleSubtree.get(role) ?? new Set();
  }

  /**
   * Whether role `above` is a strict ancestor of role `below`.
   * @param above - a role
   * @param below - another role
   * @returns true when `above` is above `below`
   */
  isRoleAbove(above: string, below: string): boolean {
    return this.roleAncestors(below).includes(above);
  }

  /**
   * The user ids in exactly this role.
   * @param role - a role
   * @returns user ids
   */
  usersInRole(role: string): readonly string[] {
    return this.#usersByRole.get(role) ?? [];
  }

  /**
   * The users a grantee stands for, without the hierarchy (active or not).
   * @param grantee - a user, role, role with subordinates, or group
   * @returns user ids
   */
  members(grantee: Grantee): ReadonlySet<string> {
    if ('user' in grantee) return new Set(this.#users.has(grantee.user) ? [grantee.user] : []);
    if ('role' in grantee) return new Set(this.usersInRole(grantee.role));
    if ('roleAndSubordinates' in grantee) {
      const out = new Set<string>();
      for (const r of this.roleSubtree(grantee.roleAndSubordinates)) for (const u of this.usersInRole(r)) out.add(u);
      return out;
    }
    return this.#groupUsers.get(grantee.group) ?? new Set();
  }

  /**
   * A user's effective permissions.
   * @param userId - the user
   * @returns the permissions (none for an unknown user)
   */
  permissions(userId: string): EffectivePermissions {
    return this.#permissions.get(userId) ?? EMPTY_PERMISSIONS;
  }

  /**
   * The user's permission on an object.
   * @param userId - the user
   * @param object - the object
   * @returns the object permission (all false when none)
   */
  objectPermission(userId: string, object: string): ObjectPermission {
    return this.permissions(userId).objects.get(object) ?? NO_PERMISSION;
  }

  #indexRoles(): void {
    for (const role of this.model.roles) {
      if (this.#roleParent.has(role.name)) throw invalid(`role "${role.name}" is declared twice`);
      this.#roleParent.set(role.name, role.parent);
    }
    for (const role of this.model.roles) {
      if (role.parent !== undefined && !this.#roleParent.has(role.parent)) throw invalid(`role "${role.name}" has unknown parent "${role.parent}"`);
    }
    for (const role of this.model.roles) {
      const ancestors: string[] = [];
      const seen = new Set([role.name]);
      for (let p = role.parent; p !== undefined; p = this.#roleParent.get(p)) {
        if (seen.has(p)) throw invalid(`the role tree has a cycle through "${p}"`);
        seen.add(p);
        ancestors.push(p);
      }
      this.#roleAncestors.set(role.name, Object.freeze(ancestors));
    }
    const subtree = new Map<string, Set<string>>(this.model.roles.map((r) => [r.name, new Set([r.name])]));
    for (const role of this.model.roles) for (const a of this.roleAncestors(role.name)) subtree.get(a)?.add(role.name);
    for (const [name, set] of subtree) this.#roleSubtree.set(name, set);
  }

  #indexUsers(): void {
    const grants = new Map([...this.model.profiles.map((p) => [`profile:${p.name}`, p] as const), ...this.model.permissionSets.map((p) => [`set:${p.name}`, p] as const)]);
    if (grants.size !== this.model.profiles.length + this.model.permissionSets.length) throw invalid('two profiles or two permission sets share a name');
    for (const user of this.model.users) {
      if (this.#users.has(user.id)) throw invalid(`user "${user.id}" is declared twice`);
      if (user.role !== undefined && !this.#roleParent.has(user.role)) throw invalid(`user "${user.id}" has unknown role "${user.role}"`);
      const profile = grants.get(`profile:${user.profile}`);
      if (!profile) throw invalid(`user "${user.id}" has unknown profile "${user.profile}"`);
      const sources = [profile];
      for (const name of user.permissionSets) {
        const set = grants.get(`set:${name}`);
        if (!set) throw invalid(`user "${user.id}" has unknown permission set "${name}"`);
        sources.push(set);
      }
      this.#users.set(user.id, user);
      if (user.role !== undefined) {
        const list = this.#usersByRole.get(user.role) ?? [];
        list.push(user.id);
        this.#usersByRole.set(user.role, list);
      }
      const objects = new Map<string, ObjectPermission>();
      const readable = new Set<string>();
      const editable = new Set<string>();
      let viewAllData = false;
      let modifyAllData = false;
      for (const src of sources) {
        viewAllData ||= src.viewAllData || src.modifyAllData;
        modifyAllData ||= src.modifyAllData;
        for (const [obj, p] of Object.entries(src.objects)) {
          const prev = objects.get(obj) ?? NO_PERMISSION;
          objects.set(obj, {
            read: prev.read || p.read,
            create: prev.create || p.create,
            edit: prev.edit || p.edit,
            delete: prev.delete || p.delete,
            viewAll: prev.viewAll || p.viewAll,
            modifyAll: prev.modifyAll || p.modifyAll,
          });
        }
        for (const [key, p] of Object.entries(src.fields)) {
          if (p.read || p.edit) readable.add(key);
          if (p.edit) editable.add(key);
        }
      }
      this.#permissions.set(user.id, Object.freeze({ objects, readableFields: readable, editableFields: editable, viewAllData, modifyAllData }));
    }
  }

  #indexGroups(): void {
    const byName = new Map(this.model.groups.map((g) => [g.name, g]));
    if (byName.size !== this.model.groups.length) throw invalid('two groups share a name');
    const resolve = (name: string, path: string[]): Set<string> => {
      const cached = this.#groupUsers.get(name);
      if (cached) return new Set(cached);
      if (path.includes(name)) throw invalid(`group nesting has a cycle: ${[...path, name].join(' → ')}`);
      const group = byName.get(name);
      if (!group) throw invalid(`group "${path.at(-1) ?? name}" contains unknown group "${name}"`);
      const out = new Set<string>();
      for (const u of group.members.users) {
        if (!this.#users.has(u)) throw invalid(`group "${name}" contains unknown user "${u}"`);
        out.add(u);
      }
      for (const r of group.members.roles) {
        if (!this.#roleParent.has(r)) throw invalid(`group "${name}" contains unknown role "${r}"`);
        for (const u of this.usersInRole(r)) out.add(u);
      }
      for (const r of group.members.rolesAndSubordinates) {
        if (!this.#roleParent.has(r)) throw invalid(`group "${name}" contains unknown role "${r}"`);
        for (const sub of this.roleSubtree(r)) for (const u of this.usersInRole(sub)) out.add(u);
      }
      for (const g of group.members.groups) for (const u of resolve(g, [...path, name])) out.add(u);
      this.#groupUsers.set(name, out);
      return new Set(out);
    };
    for (const g of this.model.groups) resolve(g.name, []);
  }

  #validateObjects(): void {
    for (const [name, def] of Object.entries(this.model.objects)) {
      for (const implicit of IMPLICIT_FIELDS) {
        if (Object.hasOwn(def.fields, implicit)) throw invalid(`object "${name}" declares the implicit field "${implicit}"`);
      }
      for (const [fname, f] of Object.entries(def.fields)) {
        if ((f.type === 'picklist' || f.type === 'multipicklist') && (!f.values || f.values.length === 0)) {
          throw invalid(`field "${name}.${fname}" is a ${f.type} without values`);
        }
        if (f.type === 'reference' && (f.reference === undefined || (f.reference !== 'User' && !this.object(f.reference)))) {
          throw invalid(`field "${name}.${fname}" references unknown object "${String(f.reference)}"`);
        }
      }
      if (def.owd === 'ControlledByParent') {
        const parent = def.parentField === undefined ? undefined : def.fields[def.parentField];
        if (parent?.type !== 'reference' || parent.reference === undefined || parent.reference === 'User') {
          throw invalid(`object "${name}" is ControlledByParent but parentField does not name a reference to another object`);
        }
        const seen = new Set([name]);
        for (let p: string | undefined = parent.reference; p !== undefined; ) {
          if (seen.has(p)) throw invalid(`ControlledByParent chain of "${name}" has a cycle`);
          seen.add(p);
          const pd = this.object(p);
          p = pd?.owd === 'ControlledByParent' && pd.parentField ? pd.fields[pd.parentField]?.reference : undefined;
        }
      } else if (def.parentField !== undefined) {
        throw invalid(`object "${name}" has a parentField but is not ControlledByParent`);
      }
    }
    const objectOf = (key: string): string => key.slice(0, key.indexOf('.'));
    for (const grant of [...this.model.profiles, ...this.model.permissionSets]) {
      for (const obj of Object.keys(grant.objects)) if (!this.object(obj)) throw invalid(`"${grant.name}" grants permissions on unknown object "${obj}"`);
      for (const key of Object.keys(grant.fields)) {
        const [obj, fld] = [objectOf(key), key.slice(key.indexOf('.') + 1)];
        if (!this.field(obj, fld)) throw invalid(`"${grant.name}" grants permissions on unknown field "${key}"`);
      }
    }
  }

  #validateRules(): void {
    const names = new Set<string>();
    for (const rule of this.model.sharingRules) {
      if (names.has(rule.name)) throw invalid(`two sharing rules are named "${rule.name}"`);
      names.add(rule.name);
      const def = this.object(rule.object);
      if (!def) throw invalid(`sharing rule "${rule.name}" is on unknown object "${rule.object}"`);
      if (def.owd === 'ControlledByParent') throw invalid(`sharing rule "${rule.name}": ${rule.object} is ControlledByParent and cannot have sharing rules (R-SHR-7)`);
      this.#checkGrantee(rule.to, `sharing rule "${rule.name}"`);
      if (rule.kind === 'owner') this.#checkGrantee(rule.from, `sharing rule "${rule.name}"`);
      else for (const c of rule.criteria) if (!this.field(rule.object, c.field)) throw invalid(`sharing rule "${rule.name}" tests unknown field "${rule.object}.${c.field}"`);
    }
  }

  #checkGrantee(g: Grantee, where: string): void {
    if ('user' in g && !this.#users.has(g.user)) throw invalid(`${where} names unknown user "${g.user}"`);
    if ('role' in g && !this.#roleParent.has(g.role)) throw invalid(`${where} names unknown role "${g.role}"`);
    if ('roleAndSubordinates' in g && !this.#roleParent.has(g.roleAndSubordinates)) throw invalid(`${where} names unknown role "${g.roleAndSubordinates}"`);
    if ('group' in g && !this.#groupUsers.has(g.group)) throw invalid(`${where} names unknown group "${g.group}"`);
  }
}

const EMPTY_PERMISSIONS: EffectivePermissions = Object.freeze({
  objects: new Map(),
  readableFields: new Set<string>(),
  editableFields: new Set<string>(),
  viewAllData: false,
  modifyAllData: false,
});

function invalid(reason: string): DataAccessError {
  return new DataAccessError('SECURITY_MODEL_INVALID', `Invalid security model: ${reason}.`);
}
