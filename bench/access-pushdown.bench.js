// Record-visibility pushdown on PostgreSQL: a user-mode query (visible records, limit 50) over
// 100,000 and then 1,000,000 records, with a model of ~10,000 users, a role tree 8 deep and 20
// sharing rules (10 criteria-based, 10 owner-based) plus manual shares. Visibility is a SQL
// predicate the database evaluates (SqlDataBackend); this measures that it scales with the rows a
// user sees, not with the table. Prints ONE JSON line; drops its random schema at the end.
//
//   node bench/access-pushdown.bench.js [--explain]   (--explain prints EXPLAIN ANALYZE plans for users
//                                                     at role levels 0, 3, 5, 7 and each latency to stderr)
//   AGENT_STUDIO_BENCH_PG_URL=postgres://... to use another server (default 127.0.0.1, user postgres, db test)
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ModelIndex } from '../packages/data/dist/src/model/ModelIndex.js';
import { SqlDataBackend } from '../packages/data/dist/src/sql/SqlDataBackend.js';

const PG_URL = process.env.AGENT_STUDIO_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXPLAIN = process.argv.includes('--explain');
const USERS = 10_000;
const DEPTH = 8; // levels 0..7
const BRANCHING = 3;
const QUERIES = 300;
const WARMUP = 30;
const SIZES = [100_000, 1_000_000];

/** mulberry32: a seeded PRNG. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(42);
const pick = (list) => list[Math.floor(rand() * list.length)];

function buildModel() {
  const roles = [];
  const levels = [];
  for (let level = 0; level < DEPTH; level++) {
    const names = [];
    const parents = level === 0 ? [undefined] : levels[level - 1];
    for (const parent of parents) {
      for (let b = 0; b < (level === 0 ? 1 : BRANCHING); b++) {
        const name = `L${level}_${names.length}`;
        names.push(name);
        roles.push(parent === undefined ? { name } : { name, parent });
      }
    }
    levels.push(names);
  }
  const roleNames = roles.map((r) => r.name);
  const users = Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, profile: 'Sales', role: pick(roleNames), active: rand() > 0.02 }));
  const groups = [];
  for (let g = 0; g < 20; g++) {
    groups.push({
      name: `G${g}`,
      members: {
        users: Array.from({ length: 20 }, () => pick(users).id),
        roles: [pick(levels[5]), pick(levels[6])],
        rolesAndSubordinates: [pick(levels[4])],
        groups: g > 0 && rand() < 0.5 ? [`G${Math.floor(rand() * g)}`] : [],
      },
    });
  }
  const target = () => {
    const r = rand();
    if (r < 0.35) return { roleAndSubordinates: pick(levels[2]) };
    if (r < 0.6) return { group: pick(groups).name };
    if (r < 0.85) return { role: pick(levels[4]) };
    return { user: pick(users).id };
  };
  const criteria = [
    [{ field: 'Region', op: 'eq', value: 'LATAM' }, { field: 'IsClosed', op: 'eq', value: true }],
    [{ field: 'Stage', op: 'eq', value: 'Closed Won' }, { field: 'Amount', op: 'gt', value: 90000 }],
    [{ field: 'Amount', op: 'gte', value: 99000 }],
    [{ field: 'Stage', op: 'in', value: ['Negotiation', 'Proposal'] }, { field: 'Region', op: 'eq', value: 'APAC' }],
    [{ field: 'CloseDate', op: 'lt', value: '2023-01-20' }],
    [{ field: 'Region', op: 'eq', value: 'EMEA' }, { field: 'Stage', op: 'eq', value: 'Qualification' }],
    [{ field: 'IsClosed', op: 'eq', value: false }, { field: 'Amount', op: 'lt', value: 1000 }],
    [{ field: 'CloseDate', op: 'gte', value: '2024-12-20' }],
    [{ field: 'Stage', op: 'eq', value: 'Closed Lost' }, { field: 'Region', op: 'eq', value: 'AMER' }],
    [{ field: 'Amount', op: 'lte', value: 500 }],
  ];
  const sharingRules = [
    ...criteria.map((c, i) => ({ kind: 'criteria', name: `crit${i}`, object: 'Opportunity', criteria: c, to: target(), access: i % 2 ? 'Read' : 'ReadWrite' })),
    ...Array.from({ length: 10 }, (_, i) => ({
      kind: 'owner',
      name: `owner${i}`,
      object: 'Opportunity',
      from: i % 2 ? { roleAndSubordinates: pick(levels[3]) } : { group: pick(groups).name },
      to: target(),
      access: i % 2 ? 'Read' : 'ReadWrite',
    })),
  ];
  const f = (type, extra = {}) => ({ type, ...extra });
  const model = {
    objects: {
      Opportunity: {
        owd: 'Private',
        grantAccessUsingHierarchies: true,
        fields: {
          Name: f('string'),
          Stage: f('picklist', { values: ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] }),
          Amount: f('currency'),
          Region: f('picklist', { values: ['EMEA', 'AMER', 'APAC', 'LATAM'] }),
          IsClosed: f('boolean'),
          CloseDate: f('date'),
        },
      },
    },
    profiles: [{ name: 'Sales', objects: { Opportunity: { read: true, create: true, edit: true, delete: true } } }],
    roles,
    groups,
    users,
    sharingRules,
  };
  return { model, users, levels };
}

async function loadRecords(client, schema, from, to) {
  const t = `"${schema}"."Opportunity"`;
  await client.query('SELECT setseed($1)', [from / 2_000_000]);
  await client.query(
    `INSERT INTO ${t} ("Id", "OwnerId", "Name", "Stage", "Amount", "Region", "IsClosed", "CloseDate")
     SELECT 'op' || lpad(i::text, 8, '0'), 'u' || floor(random() * ${USERS})::int, 'Deal ' || i,
            (ARRAY['Prospecting','Qualification','Proposal','Negotiation','Closed Won','Closed Lost'])[1 + floor(random() * 6)::int],
            round((random() * 100000)::numeric, 2)::float8,
            (ARRAY['EMEA','AMER','APAC','LATAM'])[1 + floor(random() * 4)::int],
            random() < 0.3,
            to_char(date '2023-01-01' + floor(random() * 730)::int, 'YYYY-MM-DD')
     FROM generate_series($1::int, $2::int) AS i`,
    [from, to - 1],
  );
  // One manual share per 20 records, to users, roles, roles with subordinates and groups.
  await client.query(
    `INSERT INTO "${schema}"."as_share" ("object", "record_id", "grantee_kind", "grantee_id", "level", "cause", "live")
     SELECT 'Opportunity', 'op' || lpad(($1::int + floor(r0 * ($2::int - $1::int))::int)::text, 8, '0'),
            CASE WHEN r1 < 0.7 THEN 'user' WHEN r1 < 0.85 THEN 'group' ELSE 'role' END,
            CASE WHEN r1 < 0.7 THEN 'u' || floor(r2 * ${USERS})::int WHEN r1 < 0.85 THEN 'G' || floor(r2 * 20)::int ELSE 'L5_' || floor(r2 * 243)::int END,
            CASE WHEN r3 < 0.5 THEN 'Read' ELSE 'ReadWrite' END, 'Manual', true
     FROM (SELECT random() AS r0, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, ($2::int - $1::int) / 20)) AS x
     ON CONFLICT DO NOTHING`,
    [from, to],
  );
  // A steady-state table: statistics current and the visibility map set (index-only scans).
  await client.query(`VACUUM ANALYZE ${t}`);
  await client.query(`VACUUM ANALYZE "${schema}"."as_share"`);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(backend, users) {
  const times = [];
  let rows = 0;
  let full = 0;
  for (let i = 0; i < WARMUP + QUERIES; i++) {
    const user = pick(users);
    const t0 = performance.now();
    const result = await backend.find({ object: 'Opportunity', fields: ['Id', 'Name', 'Amount', 'Stage'], where: [], orderBy: [], limit: 50, visibility: { userId: user.id, need: 'read' } });
    const ms = performance.now() - t0;
    if (i >= WARMUP) {
      if (EXPLAIN) process.stderr.write(`lat ${user.role.split('_')[0]} ${ms.toFixed(2)} ${result.length}\n`);
      times.push(ms);
      rows += result.length;
      if (result.length === 50) full++;
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), avgRows: rows / QUERIES, full50: full / QUERIES };
}

async function explain(client, captured, label) {
  if (!EXPLAIN || !captured.query) return;
  const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.query.sql}`, captured.query.parameters);
  process.stderr.write(`\n--- ${label}\n${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n`);
}

async function main() {
  const started = performance.now();
  const schema = `as_bench_${randomBytes(5).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
  const captured = { query: undefined };
  const db = new Kysely({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.query = event.query;
    },
  });
  const backend = new SqlDataBackend({ db, dialect: 'postgres', schema, destroyOnClose: false });
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const out = { bench: 'access-pushdown' };
  try {
    const { model, users, levels } = buildModel();
    const index = ModelIndex.from(model);
    await backend.open(index);
    const active = users.filter((u) => u.active);
    const byLevel = (level) => active.find((u) => levels[level].includes(u.role));
    let loaded = 0;
    for (const size of SIZES) {
      const t0 = performance.now();
      await loadRecords(client, schema, loaded, size);
      loaded = size;
      const loadMs = performance.now() - t0;
      const m = await measure(backend, active);
      const tag = size >= 1_000_000 ? '1m' : '100k';
      out[`p50_${tag}_ms`] = Number(m.p50.toFixed(2));
      out[`p95_${tag}_ms`] = Number(m.p95.toFixed(2));
      out[`avg_rows_${tag}`] = Number(m.avgRows.toFixed(1));
      out[`share_of_queries_with_50_rows_${tag}`] = Number(m.full50.toFixed(2));
      out[`load_${tag}_s`] = Number((loadMs / 1000).toFixed(1));
      for (const level of [0, 3, 5, 7]) {
        const u = byLevel(level);
        if (!u) continue;
        await backend.find({ object: 'Opportunity', fields: ['Id', 'Name', 'Amount', 'Stage'], where: [], orderBy: [], limit: 50, visibility: { userId: u.id, need: 'read' } });
        await explain(client, captured, `${tag}: user ${u.id} at level ${level}`);
      }
    }
    const shares = await client.query(`SELECT count(*)::int AS n FROM "${schema}"."as_share"`);
    out.ratio_p95 = Number((out.p95_1m_ms / out.p95_100k_ms).toFixed(2));
    out.rows = loaded;
    out.shares = shares.rows[0].n;
    out.users = USERS;
    out.role_depth = DEPTH;
    out.sharing_rules = model.sharingRules.length;
    out.queries_per_size = QUERIES;
  } finally {
    await backend.close();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    await db.destroy();
  }
  out.total_s = Number(((performance.now() - started) / 1000).toFixed(1));
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
