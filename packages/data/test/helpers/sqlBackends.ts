import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DataBackend } from '../../src/access/DataBackend.js';
import { createSqliteBackend } from '../../src/sql/createSqliteBackend.js';
import { SqlDataBackend } from '../../src/sql/SqlDataBackend.js';
import type { VisibilityThresholds } from '../../src/sql/VisibilitySql.js';

/** The PostgreSQL server the tests use (trust auth on 127.0.0.1). */
export const PG_URL = process.env.AGENT_STUDIO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A backend factory under a name. */
export interface NamedBackendFactory {
  /** `sqlite` or `postgres`. */
  readonly name: string;
  /** Makes a fresh, empty, not yet opened backend; `close()` disposes of everything it made. */
  readonly create: () => Promise<DataBackend>;
}

/**
 * A fresh SQLite backend over a private in-memory database.
 * @returns the backend
 */
export function freshSqliteBackend(): Promise<SqlDataBackend> {
  return createSqliteBackend({ filename: ':memory:' });
}

/**
 * A fresh PostgreSQL backend in a random schema; its `close()` drops the schema.
 * @param thresholds - query-shape thresholds (0 forces the Id-ordered scan shapes)
 * @returns the backend
 */
export async function freshPostgresBackend(thresholds?: VisibilityThresholds): Promise<DataBackend> {
  const schema = `as_test_${randomBytes(6).toString('hex')}`;
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 4 }) }) });
  const backend = new SqlDataBackend({ db, dialect: 'postgres', schema, ...(thresholds ? { thresholds } : {}) });
  return withDispose(backend, async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
}

/**
 * Wraps a backend so that `close()` also runs a clean-up.
 * @param backend - the backend
 * @param dispose - runs after the backend is closed
 * @returns the wrapping backend
 */
export function withDispose(backend: DataBackend, dispose: () => Promise<void>): DataBackend {
  return {
    kind: backend.kind,
    open: (index) => backend.open(index),
    find: (request) => backend.find(request),
    recordAccess: (object, id, user) => backend.recordAccess(object, id, user),
    insert: (object, records) => backend.insert(object, records),
    update: (object, id, values) => backend.update(object, id, values),
    delete: (object, id) => backend.delete(object, id),
    addShare: (share) => backend.addShare(share),
    close: async () => {
      await backend.close();
      await dispose();
    },
  };
}

/**
 * A fresh PostgreSQL backend that always takes the Id-ordered scan shapes for owners and shares.
 * @returns the backend
 */
export function freshPostgresScanBackend(): Promise<DataBackend> {
  return freshPostgresBackend({ owners: 0, principals: 0 });
}

/** Both SQL backends (PostgreSQL in both query shapes), for specs that loop over them. */
export const SQL_BACKENDS: readonly NamedBackendFactory[] = [
  { name: 'sqlite', create: freshSqliteBackend },
  { name: 'postgres', create: () => freshPostgresBackend() },
  { name: 'postgres (scan shapes)', create: freshPostgresScanBackend },
];
