import { type Kysely, Migrator } from 'kysely';
import { toStoreError } from './toStoreError.js';
import type { SqlDialectName } from './SqlDialectName.js';
import { sqlStoreMigrations } from './sqlStoreMigrations.js';

/**
 * Options of {@link migrateToLatest}.
 * @category SQL stores
 */
export interface SqlMigrateOptions {
  /** The database the migrations run on. */
  readonly dialect: SqlDialectName;
  /** The PostgreSQL schema of the tables (created when missing); leave it out for SQLite. */
  readonly schema?: string;
}

/** The migration bookkeeping tables, prefixed like the store tables. */
const MIGRATION_TABLE = 'as_migrations';
const MIGRATION_LOCK_TABLE = 'as_migrations_lock';

/**
 * Brings the store tables to the latest version with kysely's `Migrator` and
 * {@link sqlStoreMigrations}. Running it when the tables are current does nothing. On PostgreSQL
 * the migrator holds an advisory lock, so concurrent processes migrate one at a time; on SQLite a
 * failed attempt (another process migrating the same file) is retried.
 * @param db - a kysely instance; for a PostgreSQL schema, pass the instance **without**
 *   `withSchema` and name the schema in `options`
 * @param options - the dialect and the PostgreSQL schema
 * @returns the names of the migrations it ran (empty when there was nothing to do)
 * @throws `StoreError` `STORE_UNAVAILABLE` when the migration fails
 * @example
 * ```ts
 * await migrateToLatest(db, { dialect: 'postgres', schema: 'agent_studio' });
 * ```
 * @category SQL stores
 */
export async function migrateToLatest(db: Kysely<unknown>, options: SqlMigrateOptions): Promise<string[]> {
  const scoped = options.schema === undefined ? db : db.withSchema(options.schema);
  const migrator = new Migrator({
    db: scoped,
    provider: sqlStoreMigrations(options.dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const attempts = options.dialect === 'sqlite' ? 3 : 1;
  let failure: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    failure = error;
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
  throw toStoreError(failure, options.dialect, 'migrate the store tables');
}
