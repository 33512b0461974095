import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { openSqlStores, type SqlStoreOptions } from '@agent-studio/store-sql';
import { expect } from 'chai';
import pg from 'pg';
import { z } from 'zod';
import { auditModule, DECISION_STEP_KIND, type DecisionStep, DecisionStepSchema, EXECUTION_STEP_KIND, ExecutionStepSchema } from '../../src/index.js';

const PG_URL = process.env.AGENT_STUDIO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const getOrder = defineAction({
  name: 'get_order',
  description: 'Read an order.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ number: z.string() }),
  run: ({ number }) => ({ number, status: 'shipped' }),
});
const agent = defineAgent({ name: 'desk', audience: 'employee', model: { name: 'gpt-4o-mini' }, instructions: 'Help.', capabilities: [{ action: 'get_order' }] });

interface Place {
  readonly name: string;
  readonly options: SqlStoreOptions;
  readonly dispose: () => Promise<void>;
}

function sqlite(): Place {
  const dir = mkdtempSync(join(tmpdir(), 'as-audit-'));
  return { name: 'sqlite', options: { sqliteFile: join(dir, 'audit.db') }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgres(): Place {
  const schema = `as_test_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    options: { databaseUrl: PG_URL, schema },
    dispose: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

for (const make of [sqlite, postgres]) {
  describe(`audit trail on the ${make().name === 'sqlite' ? 'SQLite' : 'PostgreSQL'} trace store (R-AUDIT-1..3)`, () => {
    let place: Place;
    beforeEach(() => {
      place = make();
    });
    afterEach(() => place.dispose());

    it('stores every step in order, valid against the record schemas, readable by another connection', async () => {
      const stores = await openSqlStores(place.options);
      let runId: string;
      try {
        const t = await createTestContainer({
          agents: [agent],
          actions: [getOrder],
          modules: [auditModule({ trace: stores.traces })],
          script: [{ toolCalls: [{ id: 'c-1', name: 'get_order', arguments: { number: 'ORD-7' } }] }, { content: 'Shipped.' }],
        });
        const result = await t.runtime.run({ agent: 'desk', accessToken: await t.token(), input: 'Where is ORD-7?' });
        runId = result.runId;
        await t.runtime.stop();
      } finally {
        await stores.close();
      }
      const again = await openSqlStores({ ...place.options, migrate: false });
      try {
        const steps = await again.traces.list(runId);
        expect(steps.map((s) => s.seq)).to.deep.equal(steps.map((_, i) => i + 1));
        for (const s of steps) {
          const schema = s.kind === DECISION_STEP_KIND ? DecisionStepSchema : s.kind === EXECUTION_STEP_KIND ? ExecutionStepSchema : undefined;
          expect(schema, s.kind).to.not.equal(undefined);
          expect(schema?.safeParse(s.data).success, `${s.kind} #${s.seq}`).to.equal(true);
        }
        const types = steps.filter((s) => s.kind === DECISION_STEP_KIND).map((s) => (s.data as DecisionStep).stepType);
        expect(types.at(0)).to.equal('RUN_STARTED');
        expect(types.at(-1)).to.equal('FINAL_RESPONSE');
        expect(types).to.include('TOOL_RESULT');
        const runs = await again.traces.listRuns({ tenantId: steps[0]?.tenantId as string, limit: 5 });
        expect(runs.map((r) => r.runId)).to.deep.equal([runId]);
      } finally {
        await again.close();
      }
    });
  });
}
