import type { Kysely } from 'kysely';
import type { SqlDialectName } from './SqlDialectName.js';
import type { SqlStoreTables } from './SqlStoreTables.js';

/**
 * What each SQL store is built on: a kysely instance over migrated tables, and its dialect. For
 * PostgreSQL with a schema other than `public`, pass `db.withSchema(schema)`.
 * @category SQL stores
 */
export interface SqlStoreConnection {
  /** The kysely instance; the store never closes it. */
  readonly db: Kysely<SqlStoreTables>;
  /** Which database it talks to. */
  readonly dialect: SqlDialectName;
}
