import { type Kysely, sql } from 'kysely';
import type { SqlNames } from './SqlNames.js';

/** Stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 1_000;

/**
 * Inserts rows with multi-row `INSERT` statements, as many rows per statement as the bound
 * parameter limits of both databases allow. Run it inside a transaction for atomicity.
 * @param db - the connection or transaction
 * @param names - the backend's identifiers
 * @param table - the table
 * @param columns - the columns, in the order of each row's values
 * @param rows - the rows, already encoded for the driver
 * @returns resolves when every row is written
 * @category Backends
 * @internal
 */
export async function insertRows(db: Kysely<unknown>, names: SqlNames, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0 || columns.length === 0) return;
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const cols = sql.join(columns.map((c) => sql.id(c)));
  for (let i = 0; i < rows.length; i += perStatement) {
    const batch = rows.slice(i, i + perStatement);
    const values = sql.join(batch.map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`));
    await sql`INSERT INTO ${names.table(table)} (${cols}) VALUES ${values}`.execute(db);
  }
}
