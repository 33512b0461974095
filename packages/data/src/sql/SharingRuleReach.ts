import type { ModelIndex } from '../model/ModelIndex.js';
import type { SharingRule } from '../model/SecurityModelSchema.js';

interface RuleTarget {
  readonly rule: SharingRule;
  readonly hierarchy: boolean;
  readonly members: ReadonlySet<string>;
  readonly rolesAbove: ReadonlySet<string>;
}

/**
 * Which sharing rules reach which user, and a few sizes, precomputed once per model so that a query only needs a
 * lookup per rule: a rule reaches a user who is a member of its `to`, or (when the object grants
 * access using hierarchies) whose role is a strict ancestor of some member's role. This is
 * `grantReaches` with the member scan done ahead of time; the result is a per-user fact bounded
 * by the number of rules, used to choose which rules' conditions go into the SQL.
 * @category Backends
 * @internal
 */
export class SharingRuleReach {
  readonly #byObject = new Map<string, RuleTarget[]>();
  readonly #fromSize = new Map<SharingRule, number>();
  readonly #usersBelow = new Map<string, number>();

  /**
   * @param index - the model
   */
  constructor(index: ModelIndex) {
    for (const rule of index.model.sharingRules) {
      const def = index.object(rule.object);
      if (!def) continue;
      const members = index.members(rule.to);
      const rolesAbove = new Set<string>();
      for (const m of members) {
        const role = index.user(m)?.role;
        if (role !== undefined) for (const a of index.roleAncestors(role)) rolesAbove.add(a);
      }
      if (rule.kind === 'owner') this.#fromSize.set(rule, index.members(rule.from).size);
      const list = this.#byObject.get(rule.object) ?? [];
      list.push({ rule, hierarchy: def.grantAccessUsingHierarchies, members, rolesAbove });
      this.#byObject.set(rule.object, list);
    }
    for (const user of index.users()) {
      if (user.role === undefined) continue;
      for (const a of index.roleAncestors(user.role)) this.#usersBelow.set(a, (this.#usersBelow.get(a) ?? 0) + 1);
    }
  }

  /**
   * The sharing rules of an object that reach a user.
   * @param object - the object
   * @param userId - the user
   * @param role - the user's role, if any
   * @returns the rules, in model order
   */
  rulesReaching(object: string, userId: string, role: string | undefined): SharingRule[] {
    const out: SharingRule[] = [];
    for (const t of this.#byObject.get(object) ?? []) {
      if (t.members.has(userId) || (t.hierarchy && role !== undefined && t.rolesAbove.has(role))) out.push(t.rule);
    }
    return out;
  }

  /**
   * How many users an owner-based rule's `from` stands for (0 for other rules).
   * @param rule - a rule of the model
   * @returns the number of users whose records the rule shares
   */
  fromSize(rule: SharingRule): number {
    return this.#fromSize.get(rule) ?? 0;
  }

  /**
   * How many users have a role strictly below a role.
   * @param role - the role
   * @returns the count
   */
  usersBelow(role: string): number {
    return this.#usersBelow.get(role) ?? 0;
  }
}
