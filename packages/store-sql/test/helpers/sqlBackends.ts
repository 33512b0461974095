import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqlStores } from '../../src/openSqlStores.js';
import type { SqlStoreOptions } from '../../src/SqlStoreOptions.js';
import type { SqlStores } from '../../src/SqlStores.js';

/** The PostgreSQL server the tests use (trust auth on 127.0.0.1). */
export const PG_URL = process.env.AGENT_STUDIO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A place for a database: options to open it (any number of times) and a clean-up. */
export interface DatabasePlace {
  /** Options that open this database. */
  readonly options: SqlStoreOptions;
  /** Removes the database (drops the schema, deletes the file). */
  readonly dispose: () => Promise<void>;
}

/** A backend under a name. */
export interface NamedBackend {
  /** `sqlite` or `postgres`. */
  readonly name: 'sqlite' | 'postgres';
  /** Makes a fresh, empty place. */
  readonly place: () => DatabasePlace;
}

/**
 * A fresh SQLite file in its own temporary directory (the file itself is not created yet).
 * @returns the place
 */
export function freshSqlitePlace(): DatabasePlace {
  const dir = mkdtempSync(join(tmpdir(), 'as-store-sql-'));
  return {
    options: { sqliteFile: join(dir, 'nested', 'agent-studio.db') },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh PostgreSQL schema `as_test_<hex>` (created by the migrations), dropped on dispose.
 * @returns the place
 */
export function freshPostgresPlace(): DatabasePlace {
  const schema = `as_test_${randomBytes(6).toString('hex')}`;
  return {
    options: { databaseUrl: PG_URL, schema },
    dispose: () => dropSchema(schema),
  };
}

/**
 * Drops a PostgreSQL schema and everything in it.
 * @param schema - the schema
 * @returns when it is gone
 */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Both backends, for specs that loop over them. */
export const BACKENDS: readonly NamedBackend[] = [
  { name: 'sqlite', place: freshSqlitePlace },
  { name: 'postgres', place: freshPostgresPlace },
];

/**
 * Opens fresh stores for each test and disposes of them after: pass `open` as the conformance
 * factory and `close` as its cleanup.
 * @param backend - the backend
 * @returns the factory and the cleanup
 */
export function perTestStores(backend: NamedBackend): { open: () => Promise<SqlStores>; close: () => Promise<void> } {
  let current: { stores: SqlStores; place: DatabasePlace } | undefined;
  return {
    open: async () => {
      const place = backend.place();
      const stores = await openSqlStores(place.options);
      current = { stores, place };
      return stores;
    },
    close: async () => {
      const open = current;
      current = undefined;
      if (open === undefined) return;
      try {
        await open.stores.close();
      } finally {
        await open.place.dispose();
      }
    },
  };
}
