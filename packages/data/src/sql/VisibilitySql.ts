import { type RawBuilder, sql } from 'kysely';
import type { ModelIndex } from '../model/ModelIndex.js';
import type { Criterion, Grantee } from '../model/SecurityModelSchema.js';
import { ACCESS_RANK, type AccessLevel } from '../model/types.js';
import { combineConditions, conditionSql, conditionToSql } from './conditionSql.js';
import type { SharingRuleReach } from './SharingRuleReach.js';
import { INTERNAL_TABLES, type SqlNames } from './SqlNames.js';

/**
 * What a branch query of `find` needs besides the arm: the table, the user's filters and order,
 * and the limit.
 * @category Backends
 * @internal
 */
export interface BranchContext {
  /** The object's table. */
  readonly table: RawBuilder<unknown>;
  /** The user's filters over a row alias (already true when there are none). */
  readonly filters: (alias: string) => RawBuilder<unknown>;
  /** The ORDER BY list over a row alias, `Id` last. */
  readonly orderBy: (alias: string) => RawBuilder<unknown>;
  /** The columns the order reads, `Id` included. */
  readonly orderColumns: readonly string[];
  /** Whether the order is `Id` alone (so a primary-key scan yields rows in order). */
  readonly byIdOnly: boolean;
  /** Whether the request has filters (so every branch must read the object's row). */
  readonly hasFilters: boolean;
  /** The limit. */
  readonly limit: number;
}

/**
 * How `find` should read the rows one arm makes visible:
 * - `scan`: the arm is a cheap per-row test that holds for many rows; it joins the other `scan`
 *   arms in one `Id`-ordered primary-key scan that stops after `limit` rows;
 * - `branch`: a query of its own returning the `Id`s of the first `limit` rows (in the request's
 *   order) that the arm makes visible and that pass the filters.
 * @category Backends
 * @internal
 */
export type ArmShape = { readonly kind: 'scan'; readonly predicate: (alias: string) => RawBuilder<unknown> } | { readonly kind: 'branch'; readonly query: RawBuilder<unknown> };

/**
 * One source of record access.
 * @category Backends
 * @internal
 */
export interface VisibilityArm {
  /**
   * The source as a boolean SQL expression over a row alias of the object.
   * @param alias - the row alias
   * @returns the predicate
   */
  predicate(alias: string): RawBuilder<unknown>;
  /**
   * How `find` should read this arm's rows on PostgreSQL; when absent, it filters with the
   * predicate in a branch of its own.
   * @param context - table, filters, order and limit
   * @returns the shape, or undefined for the default
   */
  shape?(context: BranchContext): ArmShape | undefined;
}

/**
 * The sources of access that give a user at least some level on an object's records: either
 * every record (`unrestricted`, a public org-wide default) or the rows any arm holds for.
 * @category Backends
 * @internal
 */
export interface VisibilityArms {
  /** Every row qualifies. */
  readonly unrestricted: boolean;
  /** Otherwise, a row qualifies when one of these holds (none: no row does). */
  readonly arms: readonly VisibilityArm[];
}

/**
 * Owner sets up to this many users are read through the `(OwnerId, Id)` index one owner at a time
 * (a LATERAL join on PostgreSQL); larger ones by the primary key in `Id` order, each row's owner
 * tested against a hash of the set. Both cost at most about `limit × 100` index entries.
 */
const LATERAL_OWNERS_MAX = 100;

/**
 * Principal sets up to about this many grantees are read through the share index one grantee at a
 * time (a LATERAL join on PostgreSQL). Larger ones, when the owner arm is already read by an
 * `Id`-ordered scan (so that scan is dense) or when they are ten times larger, are tested in that
 * scan instead: each scanned row's shares are probed by primary key.
 */
const LATERAL_PRINCIPALS_MAX = 150;

/**
 * Where PostgreSQL query shapes switch from index reads per owner or per principal to an
 * `Id`-ordered scan.
 * @category Backends
 * @internal
 */
export interface VisibilityThresholds {
  /** The most owners read one at a time (default 100). */
  readonly owners?: number;
  /** The most principals (estimated) read one at a time (default 150). */
  readonly principals?: number;
}

const NOTHING: VisibilityArms = Object.freeze({ unrestricted: false, arms: [] });
const EVERYTHING: VisibilityArms = Object.freeze({ unrestricted: true, arms: [] });
const T = INTERNAL_TABLES;

/**
 * Builds record visibility as SQL, reproducing `referenceRecordAccess` source by source:
 *
 * - **ownership and hierarchy** (full): `OwnerId` is the user, or (with hierarchy) a user whose
 *   role sits strictly below the user's role (`as_role_reach` rows of kind `user`);
 * - **org-wide default**: PublicRead gives read, PublicReadWrite gives edit to every row;
 * - **owner-based rules** reaching the user: `OwnerId` is a member of the rule's `from`
 *   (`as_membership`, which resolves users, roles, roles with subordinates and nested groups);
 * - **criteria-based rules** reaching the user: the criteria as SQL over the row's columns;
 * - **manual shares**: a share row of the record whose grantee is one of the user's principals:
 *   their memberships and, with hierarchy, their role's reach (every grantee with a member whose
 *   role is strictly below theirs), which is exactly `grantReaches`;
 * - **controlled by parent**: each arm of the master, wrapped as `parentField IN (SELECT Id FROM
 *   master WHERE arm)`, recursively along the chain.
 *
 * Only per-user facts bounded by the model's size are computed in JavaScript: whether the user
 * is active, their role, which sharing rules reach them, and how many owners their owner set holds
 * (which picks the query shape, never the rows).
 * @category Backends
 * @internal
 */
export class VisibilitySql {
  readonly #index: ModelIndex;
  readonly #names: SqlNames;
  readonly #reach: SharingRuleReach;
  readonly #lateralOwnersMax: number;
  readonly #lateralPrincipalsMax: number;

  /**
   * @param index - the model
   * @param names - the backend's identifiers
   * @param reach - which rules reach which user, and sizes
   * @param thresholds - where PostgreSQL query shapes switch from per-owner or per-principal index
   *   reads to an `Id`-ordered scan (tests set them to 0 to exercise the scan shapes)
   */
  constructor(index: ModelIndex, names: SqlNames, reach: SharingRuleReach, thresholds: VisibilityThresholds = {}) {
    this.#index = index;
    this.#names = names;
    this.#reach = reach;
    this.#lateralOwnersMax = thresholds.owners ?? LATERAL_OWNERS_MAX;
    this.#lateralPrincipalsMax = thresholds.principals ?? LATERAL_PRINCIPALS_MAX;
  }

  /**
   * The sources of access at `need` or above that a user has on an object's records.
   * @param object - the object (known to the model)
   * @param userId - the user
   * @param need - the least level a row must give
   * @returns the arms
   */
  arms(object: string, userId: string, need: Exclude<AccessLevel, 'none'>): VisibilityArms {
    return this.#arms(object, userId, need, 1);
  }

  /**
   * A user's access level to an object's row as one SQL integer (0 none, 1 read, 2 edit, 3 full):
   * the greatest of the org-wide default, ownership and hierarchy, each sharing rule that reaches
   * the user, and the row's shares to the user's principals; for an object controlled by its
   * parent, the level of the master row (0 when there is none).
   * @param object - the object (known to the model)
   * @param alias - the row alias
   * @param userId - the user
   * @returns the level expression
   */
  level(object: string, alias: string, userId: string): RawBuilder<unknown> {
    return this.#level(object, alias, userId, 1);
  }

  #level(object: string, alias: string, userId: string, depth: number): RawBuilder<unknown> {
    const user = this.#index.user(userId);
    const def = this.#index.object(object);
    const n = this.#names;
    if (!user?.active || !def) return sql.lit(0);
    if (def.owd === 'ControlledByParent') {
      const field = def.parentField as string;
      const parent = def.fields[field]?.reference as string;
      const pa = `p${depth}`;
      return sql`COALESCE((SELECT ${this.#level(parent, pa, userId, depth + 1)} FROM ${n.table(parent)} AS ${sql.id(pa)} WHERE ${n.col(pa, 'Id')} = ${n.col(alias, field)}), 0)`;
    }
    const hierarchy = def.grantAccessUsingHierarchies;
    const role = hierarchy ? user.role : undefined;
    const when = (condition: RawBuilder<unknown>, level: number) => sql`CASE WHEN ${condition} THEN ${sql.lit(level)} ELSE 0 END`;
    const terms: RawBuilder<unknown>[] = [];
    if (def.owd !== 'Private') terms.push(sql.lit(def.owd === 'PublicRead' ? 1 : 2));
    const owners = role === undefined ? [] : [this.#usersBelow(role)];
    terms.push(when(this.#ownerArm(userId, owners, 0).predicate(alias), 3));
    const froms: Record<number, Grantee[]> = { 1: [], 2: [] };
    for (const rule of this.#reach.rulesReaching(object, userId, user.role)) {
      const level = rule.access === 'ReadWrite' ? 2 : 1;
      if (rule.kind === 'owner') froms[level]?.push(rule.from);
      else terms.push(when(this.#criteria(object, rule.criteria, rule.logic)(alias), level));
    }
    for (const level of [2, 1]) {
      const list = froms[level] ?? [];
      if (list.length > 0) terms.push(when(sql`${n.col(alias, 'OwnerId')} IN (${this.#membersOf(list)})`, level));
    }
    const rw = 'ReadWrite';
    terms.push(
      sql`COALESCE((SELECT max(CASE WHEN ${n.col('sh', 'level')} = ${rw} THEN 2 ELSE 1 END) FROM ${n.table(T.share)} AS ${sql.id('sh')} WHERE ${n.col('sh', 'object')} = ${object} AND ${n.col('sh', 'record_id')} = ${n.col(alias, 'Id')} AND (${n.col('sh', 'grantee_kind')}, ${n.col('sh', 'grantee_id')}) IN (${sql.join(this.#principals(userId, role), sql` UNION ALL `)})), 0)`,
    );
    return terms.length === 1 ? (terms[0] as RawBuilder<unknown>) : sql`${sql.raw(n.dialect === 'postgres' ? 'GREATEST' : 'max')}(${sql.join(terms)})`;
  }

  /** A criteria-based rule's conditions over a row alias, as `matchesCriterion` reads them. */
  #criteria(object: string, criteria: readonly Criterion[], logic: 'and' | 'or'): (alias: string) => RawBuilder<unknown> {
    const n = this.#names;
    const index = this.#index;
    return (alias) =>
      conditionToSql(
        combineConditions(
          criteria.map((c) => {
            const fd = index.field(object, c.field);
            return fd ? conditionSql(n, alias, c.field, fd, c) : ({ kind: 'false' } as const);
          }),
          logic,
        ),
      );
  }

  /** The ids of the users whose role is strictly below `role`. */
  #usersBelow(role: string): RawBuilder<unknown> {
    const n = this.#names;
    return sql`SELECT ${n.col('rr', 'grantee_id')} FROM ${n.table(T.roleReach)} AS ${sql.id('rr')} WHERE ${n.col('rr', 'role')} = ${role} AND ${n.col('rr', 'grantee_kind')} = ${'user'}`;
  }

  /** The (grantee_kind, grantee_id) pairs whose grants reach the user: memberships, then (with hierarchy) the role's reach. */
  #principals(userId: string, role: string | undefined): RawBuilder<unknown>[] {
    const n = this.#names;
    const out = [
      sql`SELECT ${n.col('pm', 'grantee_kind')}, ${n.col('pm', 'grantee_id')} FROM ${n.table(T.membership)} AS ${sql.id('pm')} WHERE ${n.col('pm', 'user_id')} = ${userId}`,
    ];
    if (role !== undefined) {
      out.push(sql`SELECT ${n.col('pr', 'grantee_kind')}, ${n.col('pr', 'grantee_id')} FROM ${n.table(T.roleReach)} AS ${sql.id('pr')} WHERE ${n.col('pr', 'role')} = ${role}`);
    }
    return out;
  }

  #arms(object: string, userId: string, need: Exclude<AccessLevel, 'none'>, depth: number): VisibilityArms {
    const user = this.#index.user(userId);
    const def = this.#index.object(object);
    if (!user?.active || !def) return NOTHING;
    const n = this.#names;
    if (def.owd === 'ControlledByParent') {
      const field = def.parentField as string;
      const parent = def.fields[field]?.reference as string;
      const inner = this.#arms(parent, userId, need, depth + 1);
      const pa = `p${depth}`;
      const wrap = (arm: VisibilityArm | undefined): VisibilityArm => ({
        predicate: (alias) =>
          sql`${n.col(alias, field)} IN (SELECT ${n.col(pa, 'Id')} FROM ${n.table(parent)} AS ${sql.id(pa)}${arm ? sql` WHERE ${arm.predicate(pa)}` : sql``})`,
      });
      if (inner.unrestricted) return { unrestricted: false, arms: [wrap(undefined)] };
      return { unrestricted: false, arms: inner.arms.map(wrap) };
    }
    const rank = ACCESS_RANK[need];
    if ((def.owd === 'PublicRead' && rank <= ACCESS_RANK.read) || (def.owd === 'PublicReadWrite' && rank <= ACCESS_RANK.edit)) return EVERYTHING;
    const hierarchy = def.grantAccessUsingHierarchies;
    const role = hierarchy ? user.role : undefined;
    const otherOwners: RawBuilder<unknown>[] = [];
    let ownerCount = 1;
    if (role !== undefined) {
      otherOwners.push(this.#usersBelow(role));
      ownerCount += this.#reach.usersBelow(role);
    }
    const arms: VisibilityArm[] = [];
    if (rank < ACCESS_RANK.full) {
      const fromGrantees: Grantee[] = [];
      for (const rule of this.#reach.rulesReaching(object, userId, user.role)) {
        if ((rule.access === 'ReadWrite' ? ACCESS_RANK.edit : ACCESS_RANK.read) < rank) continue;
        if (rule.kind === 'owner') {
          fromGrantees.push(rule.from);
          ownerCount += this.#reach.fromSize(rule);
          continue;
        }
        const predicate = this.#criteria(object, rule.criteria, rule.logic);
        arms.push({ predicate, shape: (ctx) => (n.dialect === 'postgres' && ctx.byIdOnly ? { kind: 'scan', predicate } : undefined) });
      }
      if (fromGrantees.length > 0) otherOwners.push(this.#membersOf(fromGrantees));
    }
    arms.unshift(this.#ownerArm(userId, otherOwners, ownerCount));
    if (rank < ACCESS_RANK.full) {
      // When the owner arm is read by an Id-ordered scan, that scan is dense (many owners), so
      // probing each scanned row's shares there beats reading many principals one by one.
      const ownersScanned = otherOwners.length > 0 && ownerCount > this.#lateralOwnersMax;
      arms.push(this.#shareArm(object, userId, role, rank <= ACCESS_RANK.read ? ['Read', 'ReadWrite'] : ['ReadWrite'], ownersScanned));
    }
    return { unrestricted: false, arms };
  }

  /** Records owned by the user or by anyone in `others` (queries of user ids). */
  #ownerArm(userId: string, others: readonly RawBuilder<unknown>[], ownerCount: number): VisibilityArm {
    const n = this.#names;
    const ownerIs = (alias: string) => sql`${n.col(alias, 'OwnerId')} = ${userId}`;
    if (others.length === 0) return { predicate: ownerIs };
    const rest = sql.join(others, sql` UNION ALL `);
    const predicate = (alias: string) => sql`(${ownerIs(alias)} OR ${n.col(alias, 'OwnerId')} IN (${rest}))`;
    if (n.dialect !== 'postgres') return { predicate };
    return {
      predicate,
      shape: (ctx) => {
        // The OR keeps PostgreSQL from turning the IN into a join: it stays a hashed subplan
        // tested on each row of an Id-ordered scan.
        if (ownerCount > this.#lateralOwnersMax && ctx.byIdOnly) return { kind: 'scan', predicate };
        const cols = sql.join(ctx.orderColumns.map((c) => n.col('v', c)));
        return {
          kind: 'branch',
          query: sql`SELECT ${n.col('x', 'Id')} FROM (SELECT cast(${userId} as text) UNION ${sql.join(others, sql` UNION `)}) AS "o" ("id")
            CROSS JOIN LATERAL (SELECT ${cols} FROM ${ctx.table} AS "v" WHERE ${n.col('v', 'OwnerId')} = ${n.col('o', 'id')} AND ${ctx.filters('v')} ORDER BY ${ctx.orderBy('v')} LIMIT ${ctx.limit}) AS "x"
            ORDER BY ${ctx.orderBy('x')} LIMIT ${ctx.limit}`,
        };
      },
    };
  }

  /** The ids of the users the grantees stand for, without the hierarchy (`ModelIndex.members`). */
  #membersOf(grantees: readonly Grantee[]): RawBuilder<unknown> {
    const n = this.#names;
    const pairs = grantees.map((g) => {
      const [kind, id] = Object.entries(g)[0] as [string, string];
      return sql`(${n.col('mb', 'grantee_kind')} = ${kind} AND ${n.col('mb', 'grantee_id')} = ${id})`;
    });
    return sql`SELECT ${n.col('mb', 'user_id')} FROM ${n.table(T.membership)} AS ${sql.id('mb')} WHERE ${sql.join(pairs, sql` OR `)}`;
  }

  /** Records with a share, at one of `levels`, to one of the user's principals. */
  #shareArm(object: string, userId: string, role: string | undefined, levels: readonly string[], ownersScanned: boolean): VisibilityArm {
    const n = this.#names;
    const principals = this.#principals(userId, role);
    const level = (alias: string) => sql`${n.col(alias, 'level')} IN (${sql.join([...levels])})`;
    const anyPrincipal = sql.join(principals, sql` UNION ALL `);
    const predicate = (alias: string) =>
      sql`${n.col(alias, 'Id')} IN (SELECT ${n.col('sh', 'record_id')} FROM ${n.table(T.share)} AS ${sql.id('sh')} WHERE ${n.col('sh', 'object')} = ${object} AND ${level('sh')} AND (${n.col('sh', 'grantee_kind')}, ${n.col('sh', 'grantee_id')}) IN (${anyPrincipal}))`;
    if (n.dialect !== 'postgres') return { predicate };
    const user = this.#index.user(userId);
    const estimate =
      2 + (user?.role === undefined ? 0 : 1 + this.#index.roleAncestors(user.role).length) + this.#index.model.groups.length + (role === undefined ? 0 : 2 * this.#reach.usersBelow(role));
    // Per row: read the row's shares (primary key), and look each grantee up in the user's
    // memberships and their role's reach (primary keys too). OFFSET 0 keeps PostgreSQL from
    // turning the EXISTS into a join, so an Id-ordered scan can stop early.
    const granteeIn = (table: string, alias: string, key: string, value: string) =>
      sql`EXISTS (SELECT 1 FROM ${n.table(table)} AS ${sql.id(alias)} WHERE ${n.col(alias, key)} = ${value} AND ${n.col(alias, 'grantee_kind')} = ${n.col('sh', 'grantee_kind')} AND ${n.col(alias, 'grantee_id')} = ${n.col('sh', 'grantee_id')})`;
    const reached = role === undefined ? granteeIn(T.membership, 'pm', 'user_id', userId) : sql`(${granteeIn(T.membership, 'pm', 'user_id', userId)} OR ${granteeIn(T.roleReach, 'pr', 'role', role)})`;
    const probe = (alias: string) =>
      sql`EXISTS (SELECT 1 FROM ${n.table(T.share)} AS ${sql.id('sh')} WHERE ${n.col('sh', 'object')} = ${object} AND ${n.col('sh', 'record_id')} = ${n.col(alias, 'Id')} AND ${level('sh')} AND ${reached} OFFSET 0)`;
    return {
      predicate,
      shape: (ctx) => {
        const many = this.#lateralPrincipalsMax;
        if (ctx.byIdOnly && estimate > many && (ownersScanned || estimate > 10 * many)) return { kind: 'scan', predicate: probe };
        // One principal at a time through the share index, in record order. Without filters the
        // object's rows need not be read here: the `live` flag says the record exists.
        const principalSet = sql`(${sql.join(principals, sql` UNION `)}) AS "p" ("kind", "id")`;
        const match = sql`${n.col('sh', 'grantee_kind')} = ${n.col('p', 'kind')} AND ${n.col('sh', 'grantee_id')} = ${n.col('p', 'id')} AND ${n.col('sh', 'object')} = ${object} AND ${level('sh')}`;
        if (!ctx.hasFilters && ctx.byIdOnly) {
          return {
            kind: 'branch',
            query: sql`SELECT DISTINCT ${n.col('x', 'record_id')} AS "Id" FROM ${principalSet}
              CROSS JOIN LATERAL (SELECT DISTINCT ${n.col('sh', 'record_id')} FROM ${n.table(T.share)} AS ${sql.id('sh')} WHERE ${match} AND ${n.col('sh', 'live')} ORDER BY ${n.col('sh', 'record_id')} LIMIT ${ctx.limit}) AS "x"
              ORDER BY "Id" LIMIT ${ctx.limit}`,
          };
        }
        const cols = (alias: string) => sql.join(ctx.orderColumns.map((c) => n.col(alias, c)));
        return {
          kind: 'branch',
          query: sql`SELECT DISTINCT ${cols('x')} FROM ${principalSet}
            CROSS JOIN LATERAL (SELECT DISTINCT ${cols('v')} FROM ${n.table(T.share)} AS ${sql.id('sh')} JOIN ${ctx.table} AS "v" ON ${n.col('v', 'Id')} = ${n.col('sh', 'record_id')}
              WHERE ${match} AND ${ctx.filters('v')} ORDER BY ${ctx.orderBy('v')} LIMIT ${ctx.limit}) AS "x"
            ORDER BY ${ctx.orderBy('x')} LIMIT ${ctx.limit}`,
        };
      },
    };
  }
}
