import { type Kysely, sql } from 'kysely';
import type { ModelIndex } from '../model/ModelIndex.js';
import { SqlFieldStorage } from './SqlFieldStorage.js';
import type { SqlNames } from './SqlNames.js';

/**
 * Creates the table of every object in the model, adds the columns the model gained since, and
 * creates the indexes visibility relies on: `(OwnerId, Id)` for ownership and owner-based rules,
 * `(parentField, Id)` for objects controlled by their parent, and `(field, Id)` for every field a
 * criteria-based sharing rule tests. Nothing is ever dropped or narrowed: a removed field keeps
 * its column, and a field whose type changed keeps its old column type.
 * @param db - the connection or transaction
 * @param names - the backend's identifiers
 * @param index - the model
 * @returns resolves when the tables match the model
 * @category Backends
 * @internal
 */
export async function syncObjectTables(db: Kysely<unknown>, names: SqlNames, index: ModelIndex): Promise<void> {
  const criteriaFields = new Map<string, Set<string>>();
  for (const rule of index.model.sharingRules) {
    if (rule.kind !== 'criteria') continue;
    const set = criteriaFields.get(rule.object) ?? new Set<string>();
    for (const c of rule.criteria) set.add(c.field);
    criteriaFields.set(rule.object, set);
  }
  for (const [object, def] of Object.entries(index.model.objects)) {
    const fields = index.fieldNames(object).filter((f) => f !== 'Id');
    const column = (f: string) => {
      const fd = index.field(object, f);
      return sql`${sql.id(f)} ${SqlFieldStorage.columnType(names.dialect, fd?.type ?? 'string')}`;
    };
    const idType = SqlFieldStorage.columnType(names.dialect, 'id');
    const columns = [sql`${sql.id('Id')} ${idType} NOT NULL PRIMARY KEY`, ...fields.map(column)];
    const withoutRowid = names.dialect === 'sqlite' ? sql` WITHOUT ROWID` : sql``;
    await sql`CREATE TABLE IF NOT EXISTS ${names.table(object)} (${sql.join(columns)})${withoutRowid}`.execute(db);
    const existing = new Set((await listColumns(db, names, object)).map((c) => c.toLowerCase()));
    for (const f of fields) {
      if (!existing.has(f.toLowerCase())) await sql`ALTER TABLE ${names.table(object)} ADD COLUMN ${column(f)}`.execute(db);
    }
    const indexed: string[][] = [];
    if (def.owd === 'ControlledByParent') indexed.push([def.parentField as string, 'Id']);
    else indexed.push(['OwnerId', 'Id']);
    for (const f of criteriaFields.get(object) ?? []) if (f !== 'Id' && f !== 'OwnerId') indexed.push([f, 'Id']);
    for (const cols of indexed) {
      await sql`CREATE INDEX IF NOT EXISTS ${sql.id(names.indexName(object, cols))} ON ${names.table(object)} (${sql.join(cols.map((c) => sql.id(c)))})`.execute(db);
    }
  }
}

async function listColumns(db: Kysely<unknown>, names: SqlNames, table: string): Promise<string[]> {
  if (names.dialect === 'sqlite') {
    const r = await sql<{ name: string }>`SELECT "name" FROM pragma_table_info(${table})`.execute(db);
    return r.rows.map((row) => row.name);
  }
  const r = await sql<{ name: string }>`SELECT "column_name" AS "name" FROM "information_schema"."columns" WHERE "table_schema" = ${names.schema} AND "table_name" = ${table}`.execute(db);
  return r.rows.map((row) => row.name);
}
