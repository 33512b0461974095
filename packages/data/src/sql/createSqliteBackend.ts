import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { SqlDataBackend } from './SqlDataBackend.js';

/**
 * Options of {@link createSqliteBackend}.
 * @category Backends
 */
export interface SqliteBackendOptions {
  /** The database file, or `':memory:'` for a private in-memory database. */
  readonly filename: string;
  /** How many prepared statements to keep for reuse (default 256; 0 turns the cache off). */
  readonly statementCacheSize?: number;
}

/**
 * Opens a SQLite database (better-sqlite3) and wraps it in a {@link SqlDataBackend}. File
 * databases use write-ahead logging. Prepared statements are cached by their SQL text (the text
 * holds no values, only placeholders), which saves SQLite compiling the same visibility query
 * again and again. Call `open(index)` on the result before using it.
 * @param options - the file name and the statement cache size
 * @returns the backend, which owns the connection and closes it on `close()`
 * @throws Error from better-sqlite3 when the file cannot be opened
 * @example
 * ```ts
 * const backend = await createSqliteBackend({ filename: ':memory:' });
 * await backend.open(model);
 * ```
 * @category Backends
 */
export async function createSqliteBackend(options: SqliteBackendOptions): Promise<SqlDataBackend> {
  const database = new Database(options.filename);
  if (options.filename !== ':memory:' && options.filename !== '') database.pragma('journal_mode = WAL');
  const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: cachingStatements(database, options.statementCacheSize ?? 256) }) });
  return new SqlDataBackend({ db, dialect: 'sqlite' });
}

/** A better-sqlite3 database whose `prepare` reuses statements, least recently used out first. */
function cachingStatements(database: Database.Database, size: number): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement !== undefined) {
        cache.delete(text);
      } else {
        statement = database.prepare(text);
      }
      if (size > 0) {
        cache.set(text, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}
