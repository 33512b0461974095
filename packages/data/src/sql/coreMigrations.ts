import { type Kysely, type Migration, type MigrationProvider, type RawBuilder, sql } from 'kysely';
import { INTERNAL_TABLES, type SqlNames } from './SqlNames.js';

const T = INTERNAL_TABLES;

/**
 * The versioned migrations of the tables every SQL backend keeps, whatever the model: manual
 * shares, users, the role closure, group membership, and the two closures visibility reads
 * (membership of every user in every grantee, and what a role reaches through the hierarchy).
 * A share row's `live` flag says whether its record exists (a share may be added before its
 * record); it lets a share index scan skip the record table. Object tables depend on the model and
 * are created (and widened, never narrowed) by `open()` instead. Migrations only ever add.
 * @param names - the backend's identifiers (dialect and schema)
 * @returns a kysely migration provider
 * @category Backends
 * @internal
 */
export function coreMigrations(names: SqlNames): MigrationProvider {
  const text = sql.raw(names.dialect === 'postgres' ? 'text COLLATE "C"' : 'TEXT');
  const bool = sql.raw(names.dialect === 'postgres' ? 'boolean' : 'INTEGER');
  const withoutRowid = names.dialect === 'sqlite' ? sql` WITHOUT ROWID` : sql``;
  const index = (table: string, columns: readonly string[]): RawBuilder<unknown> =>
    sql`CREATE INDEX IF NOT EXISTS ${sql.id(names.indexName(table, columns))} ON ${names.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})`;
  const migrations: Record<string, Migration> = {
    '0001_core_tables': {
      async up(db: Kysely<unknown>): Promise<void> {
        const statements: RawBuilder<unknown>[] = [
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.share)} (
            "object" ${text} NOT NULL, "record_id" ${text} NOT NULL, "grantee_kind" ${text} NOT NULL, "grantee_id" ${text} NOT NULL,
            "level" ${text} NOT NULL, "cause" ${text} NOT NULL, "live" ${bool} NOT NULL,
            PRIMARY KEY ("object", "record_id", "grantee_kind", "grantee_id", "cause"))${withoutRowid}`,
          index(T.share, ['grantee_kind', 'grantee_id', 'object', 'record_id', 'level', 'live']),
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.user)} ("id" ${text} NOT NULL PRIMARY KEY, "role" ${text}, "active" ${bool} NOT NULL)${withoutRowid}`,
          index(T.user, ['role', 'id']),
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.roleClosure)} (
            "ancestor" ${text} NOT NULL, "descendant" ${text} NOT NULL, "depth" INTEGER NOT NULL,
            PRIMARY KEY ("ancestor", "descendant"))${withoutRowid}`,
          index(T.roleClosure, ['descendant', 'ancestor', 'depth']),
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.groupMember)} (
            "group_name" ${text} NOT NULL, "user_id" ${text} NOT NULL,
            PRIMARY KEY ("group_name", "user_id"))${withoutRowid}`,
          index(T.groupMember, ['user_id', 'group_name']),
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.membership)} (
            "user_id" ${text} NOT NULL, "grantee_kind" ${text} NOT NULL, "grantee_id" ${text} NOT NULL,
            PRIMARY KEY ("user_id", "grantee_kind", "grantee_id"))${withoutRowid}`,
          index(T.membership, ['grantee_kind', 'grantee_id', 'user_id']),
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.roleReach)} (
            "role" ${text} NOT NULL, "grantee_kind" ${text} NOT NULL, "grantee_id" ${text} NOT NULL,
            PRIMARY KEY ("role", "grantee_kind", "grantee_id"))${withoutRowid}`,
          sql`CREATE TABLE IF NOT EXISTS ${names.table(T.state)} ("key" ${text} NOT NULL PRIMARY KEY, "value" ${text} NOT NULL)${withoutRowid}`,
        ];
        for (const statement of statements) await statement.execute(db);
      },
    },
  };
  return { getMigrations: async () => migrations };
}
