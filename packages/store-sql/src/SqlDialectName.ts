/**
 * The SQL databases the stores run on: `sqlite` (embedded, better-sqlite3) or `postgres` (pg).
 * @category SQL stores
 */
export type SqlDialectName = 'sqlite' | 'postgres';
