import type { ModelIndex } from '../model/ModelIndex.js';
import type { Grantee, ObjectDefinition } from '../model/SecurityModelSchema.js';
import { type CompiledCondition, compileCondition, testCondition } from './conditions.js';

/**
 * What a user is, as numbers: the facts record access needs, computed once per model.
 * @category Backends
 */
export interface UserFacts {
  /** The user id. */
  readonly id: string;
  /** The user's index in the model's user list. */
  readonly index: number;
  /** Whether the user is active (inactive users have no access). */
  readonly active: boolean;
  /** The index of the user's role, or -1 without a role. */
  readonly role: number;
  /** By group index: 1 when the user is a member of the group (nesting flattened). */
  readonly groups: Uint8Array;
  /** By group index: 1 when the user is a member, or the user's role is above some member's role. */
  readonly groupsWithHierarchy: Uint8Array;
}

/**
 * Grantee kinds of a {@link CompiledGrantee}.
 * @category Backends
 */
export const GranteeKind = { user: 0, role: 1, roleAndSubordinates: 2, group: 3 } as const;
/**
 * One of the values of {@link GranteeKind}.
 * @category Backends
 */
export type GranteeKind = (typeof GranteeKind)[keyof typeof GranteeKind];

/**
 * A grantee resolved against the model: its kind and the index of its user, role or group.
 * @category Backends
 */
export interface CompiledGrantee {
  /** User, role, role and subordinates, or group. */
  readonly kind: GranteeKind;
  /** The index of the user, role or group; -1 when the model has no such name (reaches nobody). */
  readonly target: number;
}

/**
 * A sharing rule prepared for evaluation.
 * @category Backends
 */
export interface CompiledRule {
  /** The rule's name. */
  readonly name: string;
  /** The level it grants: 1 read, 2 edit. */
  readonly level: 1 | 2;
  /** For an owner-based rule: whose records are shared; undefined for a criteria-based rule. */
  readonly from: CompiledGrantee | undefined;
  /** For a criteria-based rule: the conditions. */
  readonly criteria: readonly CompiledCondition[];
  /** For a criteria-based rule: whether any condition suffices (`or`) rather than all (`and`). */
  readonly any: boolean;
  /** Who the rule shares with. */
  readonly to: CompiledGrantee;
}

/**
 * Object-permission bits per user in {@link ObjectPlan.permissions}.
 * @category Backends
 */
export const PermissionBit = { read: 1, create: 2, edit: 4, delete: 8, readBypass: 16, writeBypass: 32 } as const;

/**
 * An object prepared for record-access checks.
 * @category Backends
 */
export interface ObjectPlan {
  /** The object's name. */
  readonly name: string;
  /** Its definition. */
  readonly definition: ObjectDefinition;
  /** The org-wide default as a level: 0 none, 1 read, 2 edit (0 for ControlledByParent). */
  readonly owdLevel: number;
  /** Whether the object grants access using hierarchies. */
  readonly hierarchy: boolean;
  /** For ControlledByParent: the field that holds the master's id. */
  readonly parentField: string | undefined;
  /** For ControlledByParent: the master object's name. */
  readonly parentObject: string | undefined;
  /** The object's sharing rules. */
  readonly rules: readonly CompiledRule[];
  /** The owner-based rules, in bit order (rule `i` is bit `i % 32` of word `i >> 5`). */
  readonly ownerRules: readonly CompiledRule[];
  /** 32-bit words per user in the owner-rule bit sets: `ceil(ownerRules.length / 32)`. */
  readonly ownerRuleWords: number;
  /** By owner index × words: the owner-based rules whose `from` has that user as a member. */
  readonly ownerRulesFrom: Uint32Array;
  /** By user index × words: the Read owner-based rules whose `to` reaches the user (none for inactive users). */
  readonly ownerRulesToRead: Uint32Array;
  /** By user index × words: the ReadWrite owner-based rules whose `to` reaches the user (none for inactive users). */
  readonly ownerRulesToEdit: Uint32Array;
  /** By user index: the criteria-based rules whose `to` reaches the user, ReadWrite first (empty for inactive users). */
  readonly criteriaRulesByUser: readonly (readonly CompiledRule[])[];
  /** By user index: the {@link PermissionBit}s of the user's object permission. */
  readonly permissions: Uint8Array;
  /** By field name, then user index: 1 readable, 2 editable (3 both). */
  readonly fieldPermissions: ReadonlyMap<string, Uint8Array>;
}

const NO_RULES: readonly CompiledRule[] = Object.freeze([]);

/**
 * A security model compiled for fast, allocation-free record-access checks: users, roles and
 * groups as numbers, the role tree as pre/post-order intervals (so "role A is above role B" is two
 * comparisons), group membership with and without the hierarchy as byte maps per user, and per
 * object and user the sharing rules that reach the user. Built once per {@link ModelIndex}.
 * @category Backends
 */
export class AccessPlan {
  /** The model it was compiled from. */
  readonly index: ModelIndex;
  /** Users by id. */
  readonly users: ReadonlyMap<string, UserFacts>;
  /** Objects by name. */
  readonly objects: ReadonlyMap<string, ObjectPlan>;
  readonly #userList: readonly UserFacts[];
  readonly #roleIndex = new Map<string, number>();
  readonly #groupIndex = new Map<string, number>();
  /** Pre-order entry number per role index. */
  #enter: Int32Array = new Int32Array(0);
  /** Largest pre-order number in the role's subtree, per role index. */
  #exit: Int32Array = new Int32Array(0);
  /** Per role index: 1 when some user (active or not) has exactly this role. */
  #roleHasUsers: Uint8Array = new Uint8Array(0);
  /** Per role index: 1 when some user has this role or a role below it. */
  #subtreeHasUsers: Uint8Array = new Uint8Array(0);

  /**
   * Compiles a model.
   * @param index - the validated model
   */
  constructor(index: ModelIndex) {
    this.index = index;
    const model = index.model;
    for (const [i, r] of model.roles.entries()) this.#roleIndex.set(r.name, i);
    for (const [i, g] of model.groups.entries()) this.#groupIndex.set(g.name, i);
    this.#indexRoleTree();
    const roleOf = (role: string | undefined): number => (role === undefined ? -1 : (this.#roleIndex.get(role) ?? -1));

    const groupCount = model.groups.length;
    const roleCount = model.roles.length;
    // For each group: its members (flat) and the roles strictly above some member's role.
    const groupMembers: ReadonlySet<string>[] = model.groups.map((g) => index.members({ group: g.name }));
    const groupAbove: Uint8Array[] = groupMembers.map((members) => {
      const above = new Uint8Array(roleCount);
      const seen = new Uint8Array(roleCount);
      for (const m of members) {
        const r = roleOf(index.user(m)?.role);
        if (r < 0 || seen[r] === 1) continue;
        seen[r] = 1;
        for (const a of index.roleAncestors(model.roles[r]?.name ?? '')) above[this.#roleIndex.get(a) ?? 0] = 1;
      }
      return above;
    });

    const userList: UserFacts[] = model.users.map((u, i) => {
      const role = roleOf(u.role);
      const groups = new Uint8Array(groupCount);
      const withHierarchy = new Uint8Array(groupCount);
      for (let g = 0; g < groupCount; g++) {
        const member = groupMembers[g]?.has(u.id) === true;
        groups[g] = member ? 1 : 0;
        withHierarchy[g] = member || (role >= 0 && groupAbove[g]?.[role] === 1) ? 1 : 0;
      }
      if (role >= 0) {
        this.#roleHasUsers[role] = 1;
        for (const a of index.roleAncestors(u.role as string)) this.#subtreeHasUsers[this.#roleIndex.get(a) ?? 0] = 1;
        this.#subtreeHasUsers[role] = 1;
      }
      return Object.freeze({ id: u.id, index: i, active: u.active, role, groups, groupsWithHierarchy: withHierarchy });
    });
    this.#userList = userList;
    this.users = new Map(userList.map((u) => [u.id, u]));

    const objects = new Map<string, ObjectPlan>();
    for (const [name, definition] of Object.entries(model.objects)) objects.set(name, this.#planObject(name, definition));
    this.objects = objects;
  }

  /**
   * Resolves a grantee against the model.
   * @param grantee - a user, role, role with subordinates, or group
   * @returns the compiled grantee (target -1 when the name is unknown)
   */
  compileGrantee(grantee: Grantee): CompiledGrantee {
    if ('user' in grantee) return { kind: GranteeKind.user, target: this.users.get(grantee.user)?.index ?? -1 };
    if ('role' in grantee) return { kind: GranteeKind.role, target: this.#roleIndex.get(grantee.role) ?? -1 };
    if ('roleAndSubordinates' in grantee) return { kind: GranteeKind.roleAndSubordinates, target: this.#roleIndex.get(grantee.roleAndSubordinates) ?? -1 };
    return { kind: GranteeKind.group, target: this.#groupIndex.get(grantee.group) ?? -1 };
  }

  /**
   * Whether role `above` is a strict ancestor of role `below` (two comparisons).
   * @param above - a role index (or -1)
   * @param below - a role index (or -1)
   * @returns true when `above` is strictly above `below`
   */
  isRoleAbove(above: number, below: number): boolean {
    if (above < 0 || below < 0) return false;
    const e = this.#enter;
    return (e[above] as number) < (e[below] as number) && (e[below] as number) <= (this.#exit[above] as number);
  }

  /**
   * Whether a user is one of the grantee's members, without the hierarchy (`index.members`).
   * Active or not does not matter here.
   * @param g - the grantee
   * @param u - the user
   * @returns true when the user is a member
   */
  isMember(g: CompiledGrantee, u: UserFacts): boolean {
    const t = g.target;
    if (t < 0) return false;
    switch (g.kind) {
      case GranteeKind.user:
        return u.index === t;
      case GranteeKind.role:
        return u.role === t;
      case GranteeKind.roleAndSubordinates:
        return u.role === t || this.isRoleAbove(t, u.role);
      default:
        return u.groups[t] === 1;
    }
  }

  /**
   * Whether a grant to `g` reaches user `u`: `u` is a member, or (with the hierarchy) `u`'s role
   * is strictly above some member's role. Equal to `grantReaches`, without allocating.
   * @param g - the grantee
   * @param u - the user
   * @param hierarchy - whether the object grants access using hierarchies
   * @returns true when the grant reaches the user
   */
  reaches(g: CompiledGrantee, u: UserFacts, hierarchy: boolean): boolean {
    const t = g.target;
    if (t < 0) return false;
    switch (g.kind) {
      case GranteeKind.user:
        return u.index === t || (hierarchy && this.isRoleAbove(u.role, (this.#userList[t] as UserFacts).role));
      case GranteeKind.role:
        return u.role === t || (hierarchy && this.#roleHasUsers[t] === 1 && this.isRoleAbove(u.role, t));
      case GranteeKind.roleAndSubordinates:
        // A role strictly above a role of the subtree is either inside the subtree (a member) or above its root.
        return u.role === t || this.isRoleAbove(t, u.role) || (hierarchy && this.#subtreeHasUsers[t] === 1 && this.isRoleAbove(u.role, t));
      default:
        return (hierarchy ? u.groupsWithHierarchy[t] : u.groups[t]) === 1;
    }
  }

  /**
   * The facts of a user by index.
   * @param index - the user's index
   * @returns the facts, if the index is valid
   */
  userAt(index: number): UserFacts | undefined {
    return this.#userList[index];
  }

  /**
   * Whether a criteria-based rule's conditions hold for a record.
   * @param rule - the rule (criteria-based)
   * @param record - the record
   * @returns true when the rule shares the record
   */
  criteriaMatch(rule: CompiledRule, record: Readonly<Record<string, unknown>>): boolean {
    const criteria = rule.criteria;
    if (rule.any) {
      for (let i = 0; i < criteria.length; i++) {
        const c = criteria[i] as CompiledCondition;
        if (testCondition(c, record[c.field])) return true;
      }
      return false;
    }
    for (let i = 0; i < criteria.length; i++) {
      const c = criteria[i] as CompiledCondition;
      if (!testCondition(c, record[c.field])) return false;
    }
    return true;
  }

  #indexRoleTree(): void {
    const roles = this.index.model.roles;
    const n = roles.length;
    this.#enter = new Int32Array(n);
    this.#exit = new Int32Array(n);
    this.#roleHasUsers = new Uint8Array(n);
    this.#subtreeHasUsers = new Uint8Array(n);
    const children: number[][] = roles.map(() => []);
    const roots: number[] = [];
    roles.forEach((r, i) => {
      const p = r.parent === undefined ? undefined : this.#roleIndex.get(r.parent);
      if (p === undefined) roots.push(i);
      else children[p]?.push(i);
    });
    let clock = 0;
    // Iterative DFS: a frame is [role, next child position].
    for (const root of roots) {
      const stack: [number, number][] = [[root, 0]];
      this.#enter[root] = clock++;
      while (stack.length > 0) {
        const frame = stack[stack.length - 1] as [number, number];
        const kids = children[frame[0]] as number[];
        if (frame[1] < kids.length) {
          const child = kids[frame[1]++] as number;
          this.#enter[child] = clock++;
          stack.push([child, 0]);
        } else {
          this.#exit[frame[0]] = clock - 1;
          stack.pop();
        }
      }
    }
  }

  #planObject(name: string, definition: ObjectDefinition): ObjectPlan {
    const index = this.index;
    const hierarchy = definition.grantAccessUsingHierarchies;
    const rules: CompiledRule[] = index.model.sharingRules
      .filter((r) => r.object === name)
      .map((r) =>
        Object.freeze({
          name: r.name,
          level: r.access === 'Read' ? 1 : 2,
          from: r.kind === 'owner' ? this.compileGrantee(r.from) : undefined,
          criteria: r.kind === 'criteria' ? r.criteria.map((c) => compileCondition(c)) : [],
          any: r.kind === 'criteria' && r.logic === 'or',
          to: this.compileGrantee(r.to),
        }),
      );
    const userCount = this.#userList.length;
    const ownerRules = rules.filter((r) => r.from !== undefined);
    const criteriaRules = [...rules.filter((r) => r.from === undefined && r.level === 2), ...rules.filter((r) => r.from === undefined && r.level === 1)];
    const words = Math.ceil(ownerRules.length / 32);
    const ownerRulesFrom = new Uint32Array(userCount * words);
    const ownerRulesToRead = new Uint32Array(userCount * words);
    const ownerRulesToEdit = new Uint32Array(userCount * words);
    const criteriaRulesByUser: (readonly CompiledRule[])[] = this.#userList.map((u) => {
      ownerRules.forEach((r, i) => {
        const slot = u.index * words + (i >> 5);
        const bit = (1 << (i & 31)) >>> 0;
        if (this.isMember(r.from as CompiledGrantee, u)) ownerRulesFrom[slot] = ((ownerRulesFrom[slot] as number) | bit) >>> 0;
        if (u.active && this.reaches(r.to, u, hierarchy)) {
          const to = r.level === 2 ? ownerRulesToEdit : ownerRulesToRead;
          to[slot] = ((to[slot] as number) | bit) >>> 0;
        }
      });
      if (!u.active || criteriaRules.length === 0) return NO_RULES;
      const reaching = criteriaRules.filter((r) => this.reaches(r.to, u, hierarchy));
      return reaching.length === 0 ? NO_RULES : Object.freeze(reaching);
    });
    const permissions = new Uint8Array(this.#userList.length);
    const fieldPermissions = new Map<string, Uint8Array>();
    const fields = index.fieldNames(name);
    for (const f of fields) fieldPermissions.set(f, new Uint8Array(this.#userList.length));
    for (const u of this.#userList) {
      const all = index.permissions(u.id);
      const p = index.objectPermission(u.id, name);
      permissions[u.index] =
        (p.read ? PermissionBit.read : 0) |
        (p.create ? PermissionBit.create : 0) |
        (p.edit ? PermissionBit.edit : 0) |
        (p.delete ? PermissionBit.delete : 0) |
        (p.viewAll || p.modifyAll || all.viewAllData || all.modifyAllData ? PermissionBit.readBypass : 0) |
        (p.modifyAll || all.modifyAllData ? PermissionBit.writeBypass : 0);
      for (const f of fields) {
        const key = `${name}.${f}`;
        (fieldPermissions.get(f) as Uint8Array)[u.index] = (all.readableFields.has(key) ? 1 : 0) | (all.editableFields.has(key) ? 2 : 0);
      }
    }
    let parentObject: string | undefined;
    if (definition.owd === 'ControlledByParent' && definition.parentField !== undefined) parentObject = definition.fields[definition.parentField]?.reference;
    return Object.freeze({
      name,
      definition,
      owdLevel: definition.owd === 'PublicRead' ? 1 : definition.owd === 'PublicReadWrite' ? 2 : 0,
      hierarchy,
      parentField: definition.owd === 'ControlledByParent' ? definition.parentField : undefined,
      parentObject,
      rules,
      ownerRules,
      ownerRuleWords: words,
      ownerRulesFrom,
      ownerRulesToRead,
      ownerRulesToEdit,
      criteriaRulesByUser,
      permissions,
      fieldPermissions,
    });
  }
}
