/**
 * The stores of Agent Studio: run states, pending actions (human in the loop), traces, sessions,
 * rate limits, spent token ids and concurrency leases. Each is an interface with an in-memory
 * implementation; other implementations prove themselves with the conformance suites in
 * `@agent-studio/core/testing`.
 * @packageDocumentation
 */

export type { RunStateSaveOptions, RunStateStore } from './RunStateStore.js';
export { MemoryRunStateStore } from './MemoryRunStateStore.js';

export { PendingActionStatus } from './PendingActionStatus.js';
export {
  PendingActionTransitions,
  isPendingActionTransitionAllowed,
  isTerminalPendingActionStatus,
} from './PendingActionTransitions.js';
export { type PendingAction, type PendingActionKind, PendingActionSchema } from './PendingAction.js';
export { type NewPendingAction, NewPendingActionSchema } from './NewPendingAction.js';
export { type PendingActionPatch, PendingActionPatchSchema } from './PendingActionPatch.js';
export { type PendingActionQuery, PendingActionQuerySchema } from './PendingActionQuery.js';
export type { PendingActionStore } from './PendingActionStore.js';
export { MemoryPendingActionStore } from './MemoryPendingActionStore.js';

export { type TraceStep, TraceStepSchema } from './TraceStep.js';
export { type NewTraceStep, NewTraceStepSchema } from './NewTraceStep.js';
export { type TraceRunQuery, TraceRunQuerySchema } from './TraceRunQuery.js';
export type { TraceRunSummary, TraceStore } from './TraceStore.js';
export { MemoryTraceStore } from './MemoryTraceStore.js';

export { type NewSession, NewSessionSchema } from './NewSession.js';
export { type Session, SessionSchema } from './Session.js';
export { type SessionActivity, SessionActivitySchema } from './SessionActivity.js';
export { type SessionLifetime, SessionLifetimeSchema } from './SessionLifetime.js';
export type { SessionStore } from './SessionStore.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './MemorySessionStore.js';

export { type RateLimitRule, RateLimitRuleSchema } from './RateLimitRule.js';
export type { RateLimitDecision, RateLimiter } from './RateLimiter.js';
export { MemoryRateLimiter, type MemoryRateLimiterOptions } from './MemoryRateLimiter.js';

export { TOKEN_REPLAY_MARGIN_MS, type TokenReplayGuard } from './TokenReplayGuard.js';
export { MemoryTokenReplayGuard, type MemoryTokenReplayGuardOptions } from './MemoryTokenReplayGuard.js';

export { type ConcurrencyRule, ConcurrencyRuleSchema } from './ConcurrencyRule.js';
export type { ConcurrencyDecision, ConcurrencyLimiter } from './ConcurrencyLimiter.js';
export { MemoryConcurrencyLimiter, type MemoryConcurrencyLimiterOptions } from './MemoryConcurrencyLimiter.js';

export {
  type CostFilter,
  CostFilterSchema,
  type CostGroupBy,
  CostGroupBySchema,
  type CostGroupTotals,
  type CostLedger,
  type CostLedgerEntry,
  CostLedgerEntrySchema,
  type CostTotals,
  costEntryMatches,
  costGroupKey,
  EMPTY_COST_TOTALS,
  sumCostEntries,
} from './CostLedger.js';
export { MemoryCostLedger } from './MemoryCostLedger.js';
export { isJsonValue } from './isJsonValue.js';
export { parseStoreInput } from './parseStoreInput.js';
export { applyPendingActionTransition, pendingActionStatusConflict } from './applyPendingActionTransition.js';
