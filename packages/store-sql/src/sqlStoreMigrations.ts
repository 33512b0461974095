import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import type { SqlDialectName } from './SqlDialectName.js';

/**
 * The versioned migrations of the SQL stores, in code (no file is read at run time). They only
 * ever add, and every statement is `IF NOT EXISTS`, so running them again, or from two processes
 * at once, is harmless. Text columns use the `C` collation in PostgreSQL so that ordering matches
 * the in-memory stores (code-point order, not the server's locale).
 *
 * - `0001_agent_studio_stores` creates `as_run_states`, `as_pending_actions` (unique
 *   `(tenant_id, idempotency_key)`), `as_trace_steps` (primary key `(run_id, seq)`) and
 *   `as_cost_ledger`, with their indexes.
 *
 * @param dialect - the database the migrations run on
 * @returns a kysely migration provider
 * @example
 * ```ts
 * const migrator = new Migrator({ db, provider: sqlStoreMigrations('sqlite') });
 * ```
 * @category SQL stores
 */
export function sqlStoreMigrations(dialect: SqlDialectName): MigrationProvider {
  const pg = dialect === 'postgres';
  const text = pg ? sql`text COLLATE "C"` : sql`text`;
  const int8 = pg ? sql`bigint` : sql`integer`;
  const migrations: Record<string, Migration> = {
    '0001_agent_studio_stores': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('as_run_states')
          .ifNotExists()
          .addColumn('run_id', text, (c) => c.primaryKey())
          .addColumn('tenant_id', text, (c) => c.notNull())
          .addColumn('state_json', text, (c) => c.notNull())
          .addColumn('updated_at', int8, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('as_pending_actions')
          .ifNotExists()
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('idempotency_key', text, (c) => c.notNull())
          .addColumn('tenant_id', text, (c) => c.notNull())
          .addColumn('run_id', text, (c) => c.notNull())
          .addColumn('call_id', text, (c) => c.notNull())
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('user_id', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('args_json', text, (c) => c.notNull())
          .addColumn('reason', text, (c) => c.notNull())
          .addColumn('created_at', int8, (c) => c.notNull())
          .addColumn('expires_at', int8, (c) => c.notNull())
          .addColumn('decided_by', text)
          .addColumn('decided_at', int8)
          .addColumn('comment', text)
          .addColumn('executed_at', int8)
          .addColumn('result_json', text)
          .addColumn('version', 'integer', (c) => c.notNull())
          .addUniqueConstraint('as_pending_actions_tenant_key', ['tenant_id', 'idempotency_key'])
          .execute();
        await db.schema
          .createIndex('as_pending_actions_tenant_created')
          .ifNotExists()
          .on('as_pending_actions')
          .columns(['tenant_id', 'created_at', 'id'])
          .execute();
        await db.schema.createIndex('as_pending_actions_status_expires').ifNotExists().on('as_pending_actions').columns(['status', 'expires_at']).execute();

        await db.schema
          .createTable('as_trace_steps')
          .ifNotExists()
          .addColumn('run_id', text, (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('tenant_id', text, (c) => c.notNull())
          .addColumn('at', int8, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('data_json', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('as_trace_steps_pk', ['run_id', 'seq'])
          .execute();
        await db.schema.createIndex('as_trace_steps_tenant_run').ifNotExists().on('as_trace_steps').columns(['tenant_id', 'run_id']).execute();

        let ledger = db.schema.createTable('as_cost_ledger').ifNotExists();
        ledger = pg ? ledger.addColumn('id', 'bigserial', (c) => c.primaryKey()) : ledger.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
        await ledger
          .addColumn('run_id', text, (c) => c.notNull())
          .addColumn('turn', 'integer', (c) => c.notNull())
          .addColumn('tenant_id', text, (c) => c.notNull())
          .addColumn('user_id', text, (c) => c.notNull())
          .addColumn('agent', text, (c) => c.notNull())
          .addColumn('model', text, (c) => c.notNull())
          .addColumn('model_key', text, (c) => c.notNull())
          .addColumn('day', text, (c) => c.notNull())
          .addColumn('at', int8, (c) => c.notNull())
          .addColumn('prompt_tokens', int8, (c) => c.notNull())
          .addColumn('completion_tokens', int8, (c) => c.notNull())
          .addColumn('cached_tokens', int8, (c) => c.notNull())
          .addColumn('reasoning_tokens', int8, (c) => c.notNull())
          .addColumn('total_tokens', int8, (c) => c.notNull())
          .addColumn('cost_micros', int8)
          .execute();
        await db.schema.createIndex('as_cost_ledger_tenant_day').ifNotExists().on('as_cost_ledger').columns(['tenant_id', 'day']).execute();
        await db.schema.createIndex('as_cost_ledger_run').ifNotExists().on('as_cost_ledger').columns(['run_id']).execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}
