import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPostgresBackend } from '../../src/sql/createPostgresBackend.js';
import { createSqliteBackend } from '../../src/sql/createSqliteBackend.js';
import { DEFAULT_PG_SCHEMA, SqlDataBackend } from '../../src/sql/SqlDataBackend.js';
import { loadOrg, ORG_INDEX } from '../helpers/orgModel.js';
import { PG_URL } from '../helpers/sqlBackends.js';

describe(createSqliteBackend.name, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'as-sqlite-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should keep records in a file across close and reopen', async () => {
    const filename = join(dir, 'data.db');
    const first = await loadOrg(await createSqliteBackend({ filename }));
    await first.close();
    const second = await createSqliteBackend({ filename });
    await second.open(ORG_INDEX);
    expect(await second.recordAccess('Account', 'A1', 'sup')).to.equal('read');
    await second.close();
  });
});

describe(createPostgresBackend.name, function () {
  this.timeout(20_000);
  const schemas: string[] = [];
  const schemaName = () => {
    const s = `as_test_${randomBytes(6).toString('hex')}`;
    schemas.push(s);
    return s;
  };
  let admin: pg.Pool;
  before(() => {
    admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  });
  after(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  });

  it('should keep every table in its own schema', async () => {
    const schema = schemaName();
    const backend = await loadOrg(await createPostgresBackend({ connectionString: PG_URL, schema }));
    await backend.close();
    const r = await admin.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
    expect(r.rows.map((x) => x.table_name)).to.include.members(['Account', 'Contact', 'as_share', 'as_user', 'as_role_closure', 'as_group_member', 'as_migration']);
  });

  it('should default to the agent_studio_data schema', async () => {
    const backend = await createPostgresBackend({ connectionString: PG_URL });
    expect(backend.schema).to.equal(DEFAULT_PG_SCHEMA).and.to.equal('agent_studio_data');
    await backend.close();
  });

  it('should leave a pool it was given open on close()', async () => {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    const backend = await loadOrg(await createPostgresBackend({ pool, schema: schemaName() }));
    await backend.close();
    expect((await pool.query('SELECT 1 AS one')).rows).to.deep.equal([{ one: 1 }]);
    await pool.end();
  });

  it('should refuse a schema name that is not a plain identifier with QUERY_INVALID', async () => {
    await expect(createPostgresBackend({ connectionString: PG_URL, schema: 'x"; DROP SCHEMA public; --' })).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
  });
});

describe(`${SqlDataBackend.name} pushdown`, function () {
  this.timeout(20_000);

  it('should answer find and recordAccess with one query each, values bound as parameters', async () => {
    const schema = `as_test_${randomBytes(6).toString('hex')}`;
    const queries: CompiledQuery[] = [];
    const db = new Kysely<Record<string, never>>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 2 }) }),
      log: (event) => {
        if (event.level === 'query') queries.push(event.query);
      },
    });
    const backend = await loadOrg(new SqlDataBackend({ db, dialect: 'postgres', schema, destroyOnClose: false }));
    try {
      queries.length = 0;
      const rows = await backend.find({
        object: 'Account',
        fields: ['Id', 'Name'],
        where: [{ field: 'Name', op: 'ne', value: 'SECRET-VALUE-1' }],
        orderBy: [],
        limit: 10,
        visibility: { userId: 'repE1', need: 'read' },
      });
      expect(rows.map((r) => r.Id)).to.deep.equal(['A1', 'A2', 'A3', 'A4', 'A6']);
      expect(await backend.recordAccess('Account', 'A3', 'repE1')).to.equal('edit');
      expect(queries).to.have.length(2);
      for (const q of queries) {
        expect(q.sql).to.not.include('SECRET-VALUE-1').and.not.include('repE1');
        expect(q.sql).to.include('"as_share"');
      }
      expect(queries[0]?.parameters).to.include('SECRET-VALUE-1').and.include('repE1');
    } finally {
      await backend.close();
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    }
  });
});
