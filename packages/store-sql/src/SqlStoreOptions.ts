/**
 * Options of {@link openSqlStores}: exactly one of `databaseUrl` (PostgreSQL) and `sqliteFile`
 * (SQLite). {@link resolveStoreOptions} builds them from the environment.
 * @category SQL stores
 */
export interface SqlStoreOptions {
  /** A PostgreSQL connection string, `postgres://…` or `postgresql://…`. */
  readonly databaseUrl?: string;
  /** A SQLite database file (its directory is created when missing), or `':memory:'`. */
  readonly sqliteFile?: string;
  /** The PostgreSQL schema of the tables, created when missing (default `public`); PostgreSQL only. */
  readonly schema?: string;
  /** Whether to run the migrations on open (default true). */
  readonly migrate?: boolean;
  /** The most connections the PostgreSQL pool opens (default 10). */
  readonly maxConnections?: number;
}
