import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '@agent-studio/core';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrateToLatest.js';
import { SqlCostLedger } from './SqlCostLedger.js';
import type { SqlDialectName } from './SqlDialectName.js';
import { SqlPendingActionStore } from './SqlPendingActionStore.js';
import { SqlRunStateStore } from './SqlRunStateStore.js';
import type { SqlStoreOptions } from './SqlStoreOptions.js';
import type { SqlStores } from './SqlStores.js';
import type { SqlStoreTables } from './SqlStoreTables.js';
import { SqlTraceStore } from './SqlTraceStore.js';
import { toStoreError } from './toStoreError.js';

/** How long a SQLite connection waits for another connection's write lock (ms). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const PG_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the durable stores over SQLite (embedded) or PostgreSQL, and migrates the tables unless
 * `migrate` is false.
 *
 * @remarks
 * SQLite files are opened in WAL mode with a 5 s `busy_timeout` and foreign keys on, so several
 * processes can share one file; the file's directory is created when missing. PostgreSQL uses a
 * `pg` pool; no global type parser is changed (the stores convert `bigint` columns themselves).
 * @param options - exactly one of `databaseUrl` and `sqliteFile`, plus the schema and the
 *   migration switch
 * @returns the stores and a `close()` that releases the connections
 * @throws `ConfigurationError` `CONFIG_INVALID` when the options are not valid
 * @throws `StoreError` `STORE_UNAVAILABLE` when the database cannot be opened or migrated
 * @example
 * ```ts
 * const stores = await openSqlStores(resolveStoreOptions());
 * try {
 *   await stores.pendingActions.expireDue(Date.now());
 * } finally {
 *   await stores.close();
 * }
 * ```
 * @category SQL stores
 */
export async function openSqlStores(options: SqlStoreOptions): Promise<SqlStores> {
  const checked = checkOptions(options);
  const dialect: SqlDialectName = checked.databaseUrl === undefined ? 'sqlite' : 'postgres';
  let base: Kysely<SqlStoreTables>;
  try {
    base = dialect === 'postgres' ? openPostgres(checked.databaseUrl ?? '', checked.maxConnections) : openSqlite(checked.sqliteFile ?? '');
  } catch (error) {
    throw toStoreError(error, dialect, 'open the database');
  }
  const schema = dialect === 'postgres' ? (checked.schema ?? 'public') : undefined;
  try {
    if (checked.migrate !== false) await migrateToLatest(base as Kysely<unknown>, { dialect, ...(schema === undefined ? {} : { schema }) });
  } catch (error) {
    await base.destroy().catch(() => undefined);
    throw toStoreError(error, dialect, 'open the database');
  }
  const db = schema === undefined ? base : base.withSchema(schema);
  const connection = { db, dialect };
  let closed: Promise<void> | undefined;
  return {
    dialect,
    runStates: new SqlRunStateStore(connection),
    pendingActions: new SqlPendingActionStore(connection),
    traces: new SqlTraceStore(connection),
    costLedger: new SqlCostLedger(connection),
    close: () => {
      closed ??= base.destroy();
      return closed;
    },
  };
}

function checkOptions(options: SqlStoreOptions): SqlStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalid('Pass an options object with either databaseUrl (PostgreSQL) or sqliteFile (SQLite).', []);
  }
  const known = new Set(['databaseUrl', 'sqliteFile', 'schema', 'migrate', 'maxConnections']);
  const unknown = Object.keys(options).filter((key) => !known.has(key));
  if (unknown.length > 0) throw invalid(`Unknown option(s) ${unknown.join(', ')}.`, unknown);
  const { databaseUrl, sqliteFile, schema, migrate, maxConnections } = options;
  if ((databaseUrl === undefined) === (sqliteFile === undefined)) {
    throw invalid('Pass exactly one of databaseUrl (PostgreSQL) and sqliteFile (SQLite).', ['databaseUrl', 'sqliteFile']);
  }
  if (databaseUrl !== undefined && (typeof databaseUrl !== 'string' || !PG_URL.test(databaseUrl))) {
    throw invalid('databaseUrl must be a PostgreSQL connection string starting with postgres:// or postgresql://.', ['databaseUrl']);
  }
  if (sqliteFile !== undefined && (typeof sqliteFile !== 'string' || sqliteFile.trim() === '')) {
    throw invalid('sqliteFile must be a non-empty file path (or ":memory:").', ['sqliteFile']);
  }
  if (schema !== undefined) {
    if (databaseUrl === undefined) throw invalid('schema applies to PostgreSQL only; leave it out with sqliteFile.', ['schema']);
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
      throw invalid('schema must be a plain SQL identifier (letters, digits and _, at most 63, not starting with a digit).', ['schema']);
    }
  }
  if (migrate !== undefined && typeof migrate !== 'boolean') throw invalid('migrate must be a boolean.', ['migrate']);
  if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections >= 1)) {
    throw invalid('maxConnections must be an integer of at least 1.', ['maxConnections']);
  }
  return options;
}

function invalid(message: string, fields: readonly string[]): ConfigurationError {
  return new ConfigurationError('CONFIG_INVALID', `The SQL store options are not valid: ${message}`, { details: { fields } });
}

function openSqlite(file: string): Kysely<SqlStoreTables> {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    if (!inMemory) database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<SqlStoreTables>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(connectionString: string, max: number | undefined): Kysely<SqlStoreTables> {
  const pool = new pg.Pool({ connectionString, max: max ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh client (or a typed STORE_UNAVAILABLE).
  pool.on('error', () => undefined);
  return new Kysely<SqlStoreTables>({ dialect: new PostgresDialect({ pool }) });
}
