import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ModelIndex } from '../model/ModelIndex.js';
import { insertRows } from './insertRows.js';
import { INTERNAL_TABLES, type SqlNames } from './SqlNames.js';

const T = INTERNAL_TABLES;

/**
 * Replaces the model-derived tables visibility is computed from. From the model:
 *
 * - `as_user` (id, role, active);
 * - `as_role_closure` (ancestor, descendant, depth), with a depth-0 row per role;
 * - `as_group_member` (group_name, user_id): group membership flattened to users (nested groups,
 *   roles and roles-with-subordinates resolved).
 *
 * Then, by SQL over those three:
 *
 * - `as_membership` (user_id, grantee_kind, grantee_id): every grantee a user is a member of, as
 *   `ModelIndex.members` defines it: the user, their role, every role-and-subordinates at or above
 *   their role, their groups;
 * - `as_role_reach` (role, grantee_kind, grantee_id): every grantee with a member whose role is
 *   strictly below `role`. With hierarchy, a grant to such a grantee reaches users in `role`, so a
 *   user's principals are their memberships plus their role's reach: exactly `grantReaches`.
 *
 * On PostgreSQL the tables are analyzed afterwards so the planner sees their new shape. A
 * fingerprint of the users, roles and groups is kept in `as_state`: when it has not changed, the
 * tables are left as they are (no rewrite, no dead rows). Run it inside a transaction so readers
 * never see a half-built state.
 * @param db - the transaction
 * @param names - the backend's identifiers
 * @param index - the model
 * @returns whether the tables were rebuilt
 * @category Backends
 * @internal
 */
export async function rebuildDerivedTables(db: Kysely<unknown>, names: SqlNames, index: ModelIndex): Promise<boolean> {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ v: 1, users: index.model.users, roles: index.model.roles, groups: index.model.groups }))
    .digest('hex');
  const state = await sql<{ value: string }>`SELECT "value" FROM ${names.table(T.state)} WHERE "key" = ${'model'}`.execute(db);
  if (state.rows[0]?.value === fingerprint) return false;
  const tables = [T.user, T.roleClosure, T.groupMember, T.membership, T.roleReach];
  for (const table of tables) await sql`DELETE FROM ${names.table(table)}`.execute(db);
  const pg = names.dialect === 'postgres';
  await insertRows(
    db,
    names,
    T.user,
    ['id', 'role', 'active'],
    index.users().map((u) => [u.id, u.role ?? null, pg ? u.active : u.active ? 1 : 0]),
  );
  const closure: unknown[][] = [];
  for (const role of index.model.roles) {
    closure.push([role.name, role.name, 0]);
    index.roleAncestors(role.name).forEach((ancestor, i) => {
      closure.push([ancestor, role.name, i + 1]);
    });
  }
  await insertRows(db, names, T.roleClosure, ['ancestor', 'descendant', 'depth'], closure);
  const members: unknown[][] = [];
  for (const group of index.model.groups) for (const user of index.members({ group: group.name })) members.push([group.name, user]);
  await insertRows(db, names, T.groupMember, ['group_name', 'user_id'], members);

  const n = names;
  const kind = (k: string) => sql`cast(${k} as text)`;
  await sql`INSERT INTO ${n.table(T.membership)} ("user_id", "grantee_kind", "grantee_id")
    SELECT "u"."id", ${kind('user')}, "u"."id" FROM ${n.table(T.user)} AS "u"
    UNION ALL SELECT "u"."id", ${kind('role')}, "u"."role" FROM ${n.table(T.user)} AS "u" WHERE "u"."role" IS NOT NULL
    UNION ALL SELECT "u"."id", ${kind('roleAndSubordinates')}, "c"."ancestor" FROM ${n.table(T.user)} AS "u" JOIN ${n.table(T.roleClosure)} AS "c" ON "c"."descendant" = "u"."role"
    UNION ALL SELECT "g"."user_id", ${kind('group')}, "g"."group_name" FROM ${n.table(T.groupMember)} AS "g"`.execute(db);
  await sql`INSERT INTO ${n.table(T.roleReach)} ("role", "grantee_kind", "grantee_id")
    SELECT DISTINCT "c"."ancestor", "m"."grantee_kind", "m"."grantee_id"
    FROM ${n.table(T.roleClosure)} AS "c"
    JOIN ${n.table(T.user)} AS "u" ON "u"."role" = "c"."descendant"
    JOIN ${n.table(T.membership)} AS "m" ON "m"."user_id" = "u"."id"
    WHERE "c"."depth" > 0`.execute(db);
  await sql`DELETE FROM ${names.table(T.state)} WHERE "key" = ${'model'}`.execute(db);
  await sql`INSERT INTO ${names.table(T.state)} ("key", "value") VALUES (${'model'}, ${fingerprint})`.execute(db);
  if (pg) for (const table of tables) await sql`ANALYZE ${names.table(table)}`.execute(db);
  return true;
}
