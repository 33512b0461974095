/**
 * Durable stores on SQL for Agent Studio: run states, pending actions (atomic compare-and-set
 * across processes), traces and the cost ledger, on SQLite (the embedded default) or PostgreSQL.
 * Open them with {@link openSqlStores}, usually with {@link resolveStoreOptions}.
 * @packageDocumentation
 */
export { type SqlMigrateOptions, migrateToLatest } from './migrateToLatest.js';
export { openSqlStores } from './openSqlStores.js';
export { resolveStoreOptions } from './resolveStoreOptions.js';
export { SqlCostLedger } from './SqlCostLedger.js';
export type { SqlDialectName } from './SqlDialectName.js';
export { SqlPendingActionStore } from './SqlPendingActionStore.js';
export { SqlRunStateStore } from './SqlRunStateStore.js';
export type { SqlStoreConnection } from './SqlStoreConnection.js';
export type { SqlStoreOptions } from './SqlStoreOptions.js';
export type { SqlStores } from './SqlStores.js';
export type { CostLedgerRow, PendingActionRow, RunStateRow, SqlInt8, SqlStoreTables, TraceStepRow } from './SqlStoreTables.js';
export { sqlStoreMigrations } from './sqlStoreMigrations.js';
export { SqlTraceStore } from './SqlTraceStore.js';
