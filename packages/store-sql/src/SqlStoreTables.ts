import type { ColumnType, Generated } from 'kysely';

/**
 * An epoch-milliseconds or counter column: `bigint` in PostgreSQL (read back as a string by `pg`,
 * which the stores turn into a number), `INTEGER` in SQLite.
 * @category SQL stores
 */
export type SqlInt8 = ColumnType<number | string | bigint, number, number>;

/**
 * The row of `as_run_states`: the signed state of one suspended run.
 * @category SQL stores
 */
export interface RunStateRow {
  /** The run's id (primary key). */
  run_id: string;
  /** The run's tenant; a run id never moves to another tenant. */
  tenant_id: string;
  /** The state, as JSON text. */
  state_json: string;
  /** When it was last saved (epoch ms). */
  updated_at: SqlInt8;
}

/**
 * The row of `as_pending_actions`: one tool call that waits for a person.
 * @category SQL stores
 */
export interface PendingActionRow {
  /** The action's id (primary key). */
  id: string;
  /** The caller's idempotency key; unique with `tenant_id`. */
  idempotency_key: string;
  /** The requester's tenant. */
  tenant_id: string;
  /** The suspended run. */
  run_id: string;
  /** The model's tool call id. */
  call_id: string;
  /** The action (tool) name. */
  action: string;
  /** The requesting user. */
  user_id: string;
  /** `confirmation` or `approval`. */
  kind: string;
  /** The status. */
  status: string;
  /** The call's arguments, JSON text. */
  args_json: string;
  /** Why a person must decide. */
  reason: string;
  /** When it was created (epoch ms). */
  created_at: SqlInt8;
  /** When it expires (epoch ms). */
  expires_at: SqlInt8;
  /** Who decided, or null. */
  decided_by: string | null;
  /** When it was decided (epoch ms), or null. */
  decided_at: SqlInt8 | null;
  /** The decider's comment, or null. */
  comment: string | null;
  /** When execution started (epoch ms), or null. */
  executed_at: SqlInt8 | null;
  /** The call's result, JSON text, or null. */
  result_json: string | null;
  /** Starts at 1, grows by one on every change. */
  version: number;
}

/**
 * The row of `as_trace_steps`: one step of a run's trace.
 * @category SQL stores
 */
export interface TraceStepRow {
  /** The run (primary key with `seq`). */
  run_id: string;
  /** The step's number in its run: 1, 2, 3… */
  seq: number;
  /** The run's tenant. */
  tenant_id: string;
  /** When it happened (epoch ms). */
  at: SqlInt8;
  /** What happened. */
  kind: string;
  /** The step's data, JSON text. */
  data_json: string;
}

/**
 * The row of `as_cost_ledger`: one model call.
 * @category SQL stores
 */
export interface CostLedgerRow {
  /** The insertion order (primary key, generated). */
  id: Generated<SqlInt8>;
  /** The run. */
  run_id: string;
  /** The model turn. */
  turn: number;
  /** The tenant. */
  tenant_id: string;
  /** The user. */
  user_id: string;
  /** The agent. */
  agent: string;
  /** The model, as recorded. */
  model: string;
  /** The model in lower case (JavaScript `toLowerCase`), for filters and reports. */
  model_key: string;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** When it was recorded (epoch ms). */
  at: SqlInt8;
  /** Prompt tokens. */
  prompt_tokens: SqlInt8;
  /** Completion tokens. */
  completion_tokens: SqlInt8;
  /** Cached prompt tokens. */
  cached_tokens: SqlInt8;
  /** Reasoning tokens. */
  reasoning_tokens: SqlInt8;
  /** Total tokens. */
  total_tokens: SqlInt8;
  /** The cost in micro-dollars (USD × 1 000 000, rounded), or null when the call had no price. */
  cost_micros: SqlInt8 | null;
}

/**
 * The tables of the SQL stores, as kysely sees them.
 * @category SQL stores
 */
export interface SqlStoreTables {
  /** Suspended runs' signed states. */
  as_run_states: RunStateRow;
  /** Pending actions (human in the loop). */
  as_pending_actions: PendingActionRow;
  /** Trace steps. */
  as_trace_steps: TraceStepRow;
  /** Cost ledger entries. */
  as_cost_ledger: CostLedgerRow;
}
