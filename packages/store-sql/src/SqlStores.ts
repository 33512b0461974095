import type { SqlCostLedger } from './SqlCostLedger.js';
import type { SqlDialectName } from './SqlDialectName.js';
import type { SqlPendingActionStore } from './SqlPendingActionStore.js';
import type { SqlRunStateStore } from './SqlRunStateStore.js';
import type { SqlTraceStore } from './SqlTraceStore.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A SQL store's database failed (unreachable, locked, full, not migrated…); `retryable` says whether trying again may help. */
    STORE_UNAVAILABLE: true;
  }
}

/**
 * The durable stores {@link openSqlStores} opens over one database.
 * @category SQL stores
 */
export interface SqlStores {
  /** Which database they use. */
  readonly dialect: SqlDialectName;
  /** Signed states of suspended runs. */
  readonly runStates: SqlRunStateStore;
  /** Tool calls that wait for a person, with atomic compare-and-set transitions. */
  readonly pendingActions: SqlPendingActionStore;
  /** Run traces, numbered 1, 2, 3… per run. */
  readonly traces: SqlTraceStore;
  /** Model-call costs. */
  readonly costLedger: SqlCostLedger;
  /**
   * Closes the database connection (SQLite) or pool (PostgreSQL). The stores must not be used
   * afterwards. Closing twice is harmless.
   * @returns when every connection is closed
   */
  close(): Promise<void>;
}
