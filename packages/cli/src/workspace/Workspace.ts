import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '@agent-studio/core';
import { openSqlStores, resolveStoreOptions, type SqlStores } from '@agent-studio/store-sql';
import { readOrCreateSecretFile } from './readOrCreateSecretFile.js';

/**
 * What the CLI keeps between commands: the durable stores and the key that signs suspended runs,
 * so that `agent-studio run` can suspend a run and `agent-studio approvals approve` can resume it
 * from another process.
 * @category CLI
 */
export interface Workspace {
  /** The stores (SQLite under the workspace directory by default, PostgreSQL with `DATABASE_URL`). */
  readonly stores: SqlStores;
  /** The HMAC key that signs suspended run states. */
  readonly stateKey: Uint8Array;
  /** Where the stores are, for people (never a password). */
  readonly where: string;
  /** Closes the stores. */
  close(): Promise<void>;
}

/**
 * Opens the workspace: `AGENT_STUDIO_HOME` (default `<cwd>/.agent-studio`) holds the SQLite file
 * and the state key, unless `DATABASE_URL` points at PostgreSQL or `AGENT_STUDIO_SQLITE_FILE`
 * names another file. The state key comes from `AGENT_STUDIO_STATE_KEY` (64 hex digits) or from
 * `<home>/state.key` (made on first use, mode 0600).
 * @param env - the environment
 * @param cwd - the working directory
 * @returns the workspace; close it when done
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for a bad key or store setting
 * @category CLI
 */
export async function openWorkspace(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Promise<Workspace> {
  const home = resolve(cwd, env.AGENT_STUDIO_HOME && env.AGENT_STUDIO_HOME.length > 0 ? env.AGENT_STUDIO_HOME : '.agent-studio');
  const usesDefaultFile = !env.DATABASE_URL && !env.AGENT_STUDIO_SQLITE_FILE;
  const options = usesDefaultFile ? { sqliteFile: join(home, 'agent-studio.db') } : resolveStoreOptions(env, cwd);
  const stateKey = await loadStateKey(env, home);
  const stores = await openSqlStores(options);
  const where = stores.dialect === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${options.sqliteFile ?? ''}`;
  return { stores, stateKey, where, close: () => stores.close() };
}

async function loadStateKey(env: NodeJS.ProcessEnv, home: string): Promise<Uint8Array> {
  const fromEnv = env.AGENT_STUDIO_STATE_KEY;
  if (fromEnv !== undefined && fromEnv.length > 0) {
    if (!/^[0-9a-fA-F]{64,}$/.test(fromEnv)) {
      throw new ConfigurationError('CONFIG_INVALID', 'AGENT_STUDIO_STATE_KEY must be at least 64 hex digits (32 random bytes).');
    }
    return Buffer.from(fromEnv, 'hex');
  }
  const file = join(home, 'state.key');
  const text = (await readOrCreateSecretFile(file, () => `${randomBytes(32).toString('hex')}\n`)).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new ConfigurationError('CONFIG_INVALID', `${file} is not a state key (64 hex digits). Delete it to make a new one.`);
  return Buffer.from(text, 'hex');
}
