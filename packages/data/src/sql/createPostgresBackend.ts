import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DEFAULT_PG_SCHEMA, SqlDataBackend } from './SqlDataBackend.js';

/**
 * Options of {@link createPostgresBackend}: a connection string (the backend makes and owns a
 * pool) or a pool of your own (which `close()` leaves open).
 * @category Backends
 */
export type PostgresBackendOptions =
  | {
      /** A `postgres://` connection string. */
      readonly connectionString: string;
      /** The most connections in the pool the backend makes (default 10). */
      readonly maxConnections?: number;
      /** The schema holding every table of the backend (default `agent_studio_data`). */
      readonly schema?: string;
    }
  | {
      /** A pg pool the caller owns. */
      readonly pool: pg.Pool;
      /** The schema holding every table of the backend (default `agent_studio_data`). */
      readonly schema?: string;
    };

/**
 * Wraps a PostgreSQL database (node-postgres) in a {@link SqlDataBackend} whose tables all live
 * in one schema, created on `open()`. A dedicated schema per tenant or per test run keeps data
 * apart and can be dropped as a whole.
 * @param options - a connection string or a pool, and the schema
 * @returns the backend; call `open(index)` before using it
 * @throws {@link DataAccessError} `QUERY_INVALID` when the schema is not a plain identifier
 * @example
 * ```ts
 * const backend = await createPostgresBackend({ connectionString: process.env.DATABASE_URL!, schema: 'tenant_42' });
 * await backend.open(model);
 * ```
 * @category Backends
 */
export async function createPostgresBackend(options: PostgresBackendOptions): Promise<SqlDataBackend> {
  const owned = !('pool' in options);
  const pool = 'pool' in options ? options.pool : new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });
  return new SqlDataBackend({ db, dialect: 'postgres', schema: options.schema ?? DEFAULT_PG_SCHEMA, destroyOnClose: owned });
}
