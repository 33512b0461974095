import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type SqlMigrateOptions } from '../src/migrateToLatest.js';
import { openSqlStores } from '../src/openSqlStores.js';
import { BACKENDS, type DatabasePlace } from './helpers/sqlBackends.js';

const T0 = 1_700_000_000_000;

for (const backend of BACKENDS) {
  describe(`openSqlStores (${backend.name}): persistence and migrations`, () => {
    let place: DatabasePlace;

    beforeEach(() => {
      place = backend.place();
    });

    afterEach(async () => {
      await place.dispose();
    });

    it('keeps every store’s data across close and reopen', async () => {
      const first = await openSqlStores(place.options);
      expect(first.dialect).to.equal(backend.name);
      let actionId: string;
      try {
        await first.runStates.save('run-1', { state: { turn: 3 }, signature: { alg: 'HS256', signature: 'abc' } }, { tenantId: 'acme' });
        const action = await first.pendingActions.create({
          idempotencyKey: 'k-1',
          tenantId: 'acme',
          runId: 'run-1',
          callId: 'call-1',
          action: 'refundOrder',
          userId: 'u-1',
          kind: 'approval',
          argsJson: '{"orderId":"ORD-1"}',
          reason: 'Refunds need a manager',
          createdAt: T0,
          expiresAt: T0 + 60_000,
        });
        actionId = action.id;
        await first.pendingActions.transition(action.id, 'awaiting', 'approved', { decidedBy: 'manager-7', decidedAt: T0 + 5, comment: 'ok' });
        await first.traces.append({ runId: 'run-1', tenantId: 'acme', at: T0, kind: 'model:called', data: { turn: 1 } });
        await first.traces.append({ runId: 'run-1', tenantId: 'acme', at: T0 + 1, kind: 'tool:called', data: { name: 'refundOrder' } });
        const entry = {
          runId: 'run-1',
          turn: 1,
          tenantId: 'acme',
          userId: 'u-1',
          agent: 'support',
          model: 'GPT-4o-mini',
          day: '2026-11-20',
          at: T0,
          promptTokens: 100,
          completionTokens: 20,
          cachedTokens: 10,
          reasoningTokens: 5,
          totalTokens: 120,
        };
        await first.costLedger.append({ ...entry, costUsd: 0.000123 });
        await first.costLedger.append({ ...entry, turn: 2, costUsd: null });
      } finally {
        await first.close();
      }

      const second = await openSqlStores(place.options);
      try {
        expect(await second.runStates.load('run-1')).to.deep.equal({ state: { turn: 3 }, signature: { alg: 'HS256', signature: 'abc' } });
        const action = await second.pendingActions.get(actionId);
        expect(action).to.include({ status: 'approved', version: 2, decidedBy: 'manager-7', decidedAt: T0 + 5, comment: 'ok', createdAt: T0 });
        expect((await second.traces.list('run-1')).map((s) => [s.seq, s.at, s.kind])).to.deep.equal([
          [1, T0, 'model:called'],
          [2, T0 + 1, 'tool:called'],
        ]);
        expect(await second.traces.listRuns({ tenantId: 'acme', limit: 5 })).to.deep.equal([{ runId: 'run-1', tenantId: 'acme', steps: 2, firstAt: T0, lastAt: T0 + 1 }]);
        expect(await second.costLedger.totals({ model: 'gpt-4o-MINI' })).to.deep.equal({
          calls: 2,
          promptTokens: 200,
          completionTokens: 40,
          cachedTokens: 20,
          reasoningTokens: 10,
          totalTokens: 240,
          costUsd: 0.000123,
          unpricedCalls: 1,
        });
        const entries = await second.costLedger.entries({ tenantId: 'acme' });
        expect(entries.map((e) => e.costUsd)).to.deep.equal([0.000123, null]);
        expect(entries[0]?.model).to.equal('GPT-4o-mini');
        expect(entries[0]?.at).to.equal(T0);
      } finally {
        await second.close();
      }
    });

    it('migrates a fresh database once; migrating again, or opening again, is a no-op', async () => {
      const raw = rawDatabase(place);
      try {
        expect(await migrateToLatest(raw.db, raw.options)).to.deep.equal(['0001_agent_studio_stores']);
        expect(await migrateToLatest(raw.db, raw.options)).to.deep.equal([]);
      } finally {
        await raw.db.destroy();
      }
      const first = await openSqlStores(place.options);
      await first.traces.append({ runId: 'r', tenantId: 't', at: 1, kind: 'k', data: {} });
      await first.close();
      await first.close(); // closing twice is harmless
      const second = await openSqlStores(place.options);
      await second.close();
      const again = rawDatabase(place);
      try {
        expect(await migrateToLatest(again.db, again.options)).to.deep.equal([]);
      } finally {
        await again.db.destroy();
      }
      const third = await openSqlStores({ ...place.options, migrate: false });
      try {
        expect(await third.traces.list('r')).to.have.length(1);
      } finally {
        await third.close();
      }
    });
  });
}

/** A bare kysely instance on a place's database, and the migration options that fit it. */
function rawDatabase(place: DatabasePlace): { db: Kysely<unknown>; options: SqlMigrateOptions } {
  const { sqliteFile, databaseUrl, schema } = place.options;
  if (sqliteFile !== undefined) {
    mkdirSync(dirname(sqliteFile), { recursive: true });
    return { db: new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(sqliteFile) }) }), options: { dialect: 'sqlite' } };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return { db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), options: { dialect: 'postgres', ...(schema === undefined ? {} : { schema }) } };
}
