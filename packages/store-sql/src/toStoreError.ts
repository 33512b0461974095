import { AgentStudioError, StoreError } from '@agent-studio/core';
import type { SqlDialectName } from './SqlDialectName.js';

/** SQLSTATE classes and driver codes worth retrying: lost connections, lock waits, serialization. */
const RETRYABLE = /^(08|40001|40P01|53|55P03|57P0)|^(SQLITE_BUSY|SQLITE_LOCKED|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND)/;

/**
 * Turns whatever a database call threw into a typed error. Agent Studio errors pass through; any
 * other error becomes a {@link StoreError} `STORE_UNAVAILABLE` whose message and details name the
 * operation and the driver's error code, never the driver's message (PostgreSQL's messages and
 * details can quote stored values, such as a tool call's arguments).
 * @param error - what was thrown
 * @param dialect - the database
 * @param operation - what the store was doing, e.g. `"create a pending action"`
 * @returns the error to throw
 * @internal
 */
export function toStoreError(error: unknown, dialect: SqlDialectName, operation: string): AgentStudioError {
  if (AgentStudioError.is(error)) return error;
  const dbCode = driverCode(error);
  const database = dialect === 'postgres' ? 'PostgreSQL' : 'SQLite';
  return new StoreError(
    'STORE_UNAVAILABLE',
    `The ${database} store could not ${operation}${dbCode === undefined ? '' : ` (database error ${dbCode})`}. Check that the database is reachable, writable and migrated, then retry.`,
    { retryable: dbCode !== undefined && RETRYABLE.test(dbCode), details: { dialect, operation, ...(dbCode === undefined ? {} : { dbCode }) } },
  );
}

/**
 * The driver's error code, if it has a plain one.
 * @param error - what was thrown
 * @returns a code such as `23505` or `SQLITE_BUSY`
 * @internal
 */
export function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/**
 * Whether a driver error is a unique-constraint violation (PostgreSQL `23505`, SQLite
 * `SQLITE_CONSTRAINT_PRIMARYKEY` / `SQLITE_CONSTRAINT_UNIQUE`).
 * @param error - what was thrown
 * @returns true for a unique violation
 * @internal
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
