import { isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError } from '@agent-studio/core';
import type { SqlStoreOptions } from './SqlStoreOptions.js';

/** Where the embedded SQLite database lives, relative to the working directory. */
const DEFAULT_SQLITE_FILE = join('.agent-studio', 'agent-studio.db');
const PG_URL = /^postgres(ql)?:\/\//i;

/**
 * Picks the database from the environment: `DATABASE_URL` (a `postgres://` or `postgresql://`
 * URL) selects PostgreSQL; otherwise SQLite, in the file `AGENT_STUDIO_SQLITE_FILE` (relative
 * paths resolve against `cwd`) or, by default, `<cwd>/.agent-studio/agent-studio.db`.
 * `AGENT_STUDIO_PG_SCHEMA` sets the PostgreSQL schema. Empty variables count as unset.
 * @param env - the environment (default `process.env`)
 * @param cwd - the working directory (default `process.cwd()`)
 * @returns options for {@link openSqlStores}
 * @throws `ConfigurationError` `CONFIG_INVALID` when `DATABASE_URL` is not a PostgreSQL URL, or
 *   when both `DATABASE_URL` and `AGENT_STUDIO_SQLITE_FILE` are set
 * @example
 * ```ts
 * const stores = await openSqlStores(resolveStoreOptions());
 * ```
 * @category SQL stores
 */
export function resolveStoreOptions(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): SqlStoreOptions {
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  const sqliteFile = nonEmpty(env.AGENT_STUDIO_SQLITE_FILE);
  const schema = nonEmpty(env.AGENT_STUDIO_PG_SCHEMA);
  if (databaseUrl !== undefined) {
    if (!PG_URL.test(databaseUrl)) {
      throw new ConfigurationError('CONFIG_INVALID', 'DATABASE_URL must be a PostgreSQL URL starting with postgres:// or postgresql://. Unset it to use the embedded SQLite file.', {
        details: { variable: 'DATABASE_URL' },
      });
    }
    if (sqliteFile !== undefined) {
      throw new ConfigurationError('CONFIG_INVALID', 'DATABASE_URL and AGENT_STUDIO_SQLITE_FILE are both set; set only one of them.', {
        details: { variables: ['DATABASE_URL', 'AGENT_STUDIO_SQLITE_FILE'] },
      });
    }
    return { databaseUrl, ...(schema === undefined ? {} : { schema }) };
  }
  if (sqliteFile === undefined) return { sqliteFile: resolve(cwd, DEFAULT_SQLITE_FILE) };
  return { sqliteFile: sqliteFile === ':memory:' || isAbsolute(sqliteFile) ? sqliteFile : resolve(cwd, sqliteFile) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
