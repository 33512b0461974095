import { join, resolve } from 'node:path';
import { AgentStudioError } from '@agent-studio/core';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openSqlStores } from '../src/openSqlStores.js';
import { resolveStoreOptions } from '../src/resolveStoreOptions.js';
import type { SqlStoreOptions } from '../src/SqlStoreOptions.js';
import { freshPostgresPlace, freshSqlitePlace, PG_URL } from './helpers/sqlBackends.js';

/** Runs a call and returns the Agent Studio error it threw (or rejected with). */
async function caught(call: () => unknown): Promise<AgentStudioError> {
  try {
    await call();
  } catch (error) {
    if (AgentStudioError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('resolveStoreOptions()', () => {
  const cwd = resolve('/srv/app');

  it('defaults to the embedded SQLite file under <cwd>/.agent-studio', () => {
    expect(resolveStoreOptions({}, cwd)).to.deep.equal({ sqliteFile: join(cwd, '.agent-studio', 'agent-studio.db') });
  });

  it('uses PostgreSQL when DATABASE_URL is set (postgres:// or postgresql://), with AGENT_STUDIO_PG_SCHEMA', () => {
    expect(resolveStoreOptions({ DATABASE_URL: 'postgres://u@db:5432/app' }, cwd)).to.deep.equal({ databaseUrl: 'postgres://u@db:5432/app' });
    expect(resolveStoreOptions({ DATABASE_URL: 'postgresql://u@db/app', AGENT_STUDIO_PG_SCHEMA: 'agents' }, cwd)).to.deep.equal({
      databaseUrl: 'postgresql://u@db/app',
      schema: 'agents',
    });
  });

  it('honours AGENT_STUDIO_SQLITE_FILE, resolving a relative path against cwd', () => {
    expect(resolveStoreOptions({ AGENT_STUDIO_SQLITE_FILE: 'data/as.db' }, cwd)).to.deep.equal({ sqliteFile: join(cwd, 'data', 'as.db') });
    expect(resolveStoreOptions({ AGENT_STUDIO_SQLITE_FILE: '/var/lib/as.db' }, cwd)).to.deep.equal({ sqliteFile: '/var/lib/as.db' });
    expect(resolveStoreOptions({ AGENT_STUDIO_SQLITE_FILE: ':memory:' }, cwd)).to.deep.equal({ sqliteFile: ':memory:' });
  });

  it('treats empty variables as unset', () => {
    expect(resolveStoreOptions({ DATABASE_URL: '', AGENT_STUDIO_SQLITE_FILE: ' ' }, cwd)).to.deep.equal({
      sqliteFile: join(cwd, '.agent-studio', 'agent-studio.db'),
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, and two databases at once, with CONFIG_INVALID', async () => {
    for (const env of [
      { DATABASE_URL: 'mysql://u@db/app' },
      { DATABASE_URL: 'db.example.com:5432' },
      { DATABASE_URL: 'postgres://u@db/app', AGENT_STUDIO_SQLITE_FILE: 'x.db' },
    ]) {
      const error = await caught(() => resolveStoreOptions(env, cwd));
      expect(error.code, JSON.stringify(env)).to.equal('CONFIG_INVALID');
    }
  });

  it('reads process.env and process.cwd() by default', () => {
    const options = resolveStoreOptions();
    expect(options.databaseUrl ?? options.sqliteFile).to.be.a('string');
  });
});

describe('openSqlStores(): options and failures', () => {
  it('refuses options without exactly one database, or with bad values, with CONFIG_INVALID', async () => {
    const bad: Array<[string, unknown]> = [
      ['nothing', {}],
      ['both databases', { databaseUrl: PG_URL, sqliteFile: '/tmp/x.db' }],
      ['a MySQL URL', { databaseUrl: 'mysql://u@db/app' }],
      ['an empty file', { sqliteFile: '' }],
      ['a schema with SQLite', { sqliteFile: '/tmp/x.db', schema: 'public' }],
      ['a schema that is not an identifier', { databaseUrl: PG_URL, schema: 'a"; DROP TABLE x; --' }],
      ['a non-boolean migrate', { sqliteFile: '/tmp/x.db', migrate: 'yes' }],
      ['zero connections', { databaseUrl: PG_URL, maxConnections: 0 }],
      ['an unknown option', { sqliteFile: '/tmp/x.db', file: 'y' }],
      ['null', null],
    ];
    for (const [label, options] of bad) {
      const error = await caught(() => openSqlStores(options as SqlStoreOptions));
      expect(error.code, label).to.equal('CONFIG_INVALID');
      expect(error.name, label).to.equal('ConfigurationError');
    }
  });

  it('opens a SQLite file in WAL mode, creating its directory', async () => {
    const place = freshSqlitePlace();
    try {
      const stores = await openSqlStores(place.options);
      await stores.close();
      const file = place.options.sqliteFile ?? '';
      const check = new Database(file, { readonly: true });
      try {
        expect(check.pragma('journal_mode', { simple: true })).to.equal('wal');
        const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'as_%' ORDER BY name").pluck().all();
        expect(tables).to.deep.equal(['as_cost_ledger', 'as_migrations', 'as_migrations_lock', 'as_pending_actions', 'as_run_states', 'as_trace_steps']);
      } finally {
        check.close();
      }
    } finally {
      await place.dispose();
    }
  });

  it('opens an in-memory SQLite database', async () => {
    const stores = await openSqlStores({ sqliteFile: ':memory:' });
    try {
      await stores.runStates.save('r', { a: 1 }, { tenantId: 't' });
      expect(await stores.runStates.load('r')).to.deep.equal({ a: 1 });
    } finally {
      await stores.close();
    }
  });

  it('turns an unreachable PostgreSQL server into a retryable STORE_UNAVAILABLE', async () => {
    const error = await caught(() => openSqlStores({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test' }));
    expect(error.code).to.equal('STORE_UNAVAILABLE');
    expect(error.name).to.equal('StoreError');
    expect(error.retryable).to.equal(true);
    expect(error.details).to.include({ dialect: 'postgres', dbCode: 'ECONNREFUSED' });
  });

  for (const [name, place] of [
    ['sqlite', freshSqlitePlace],
    ['postgres', freshPostgresPlace],
  ] as const) {
    it(`turns a database error into STORE_UNAVAILABLE without stored values (${name})`, async () => {
      const where = place();
      // migrate: false on a fresh database: the tables do not exist, so every query fails
      const stores = await openSqlStores({ ...where.options, migrate: false });
      try {
        const secret = 'SECRET-4111111111111111';
        const error = await caught(() =>
          stores.pendingActions.create({
            idempotencyKey: secret,
            tenantId: 'acme',
            runId: 'r',
            callId: 'c',
            action: 'pay',
            userId: 'u',
            kind: 'approval',
            argsJson: JSON.stringify({ card: secret }),
            reason: secret,
            createdAt: 1,
            expiresAt: 2,
          }),
        );
        expect(error.code).to.equal('STORE_UNAVAILABLE');
        expect(error.message).to.match(/could not create a pending action/);
        expect(JSON.stringify(error.toJSON())).not.to.include(secret);
        expect(error.cause).to.equal(undefined);
        const afterClose = await stores.close().then(() => caught(() => stores.traces.list('r')));
        expect(afterClose.code).to.equal('STORE_UNAVAILABLE');
      } finally {
        await stores.close();
        await where.dispose();
      }
    });
  }
});
