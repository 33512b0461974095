/**
 * Conformance suites for the store interfaces. Run them against your own implementation (Redis, SQL…)
 * from a mocha spec to prove it keeps the same contract as the in-memory stores.
 * @packageDocumentation
 */

export { describePendingActionStoreConformance } from './describePendingActionStoreConformance.js';
export { describeRateLimiterConformance } from './describeRateLimiterConformance.js';
export { describeRunStateStoreConformance } from './describeRunStateStoreConformance.js';
export { describeSessionStoreConformance } from './describeSessionStoreConformance.js';
export { describeTraceStoreConformance } from './describeTraceStoreConformance.js';
export { describeCostLedgerConformance } from './describeCostLedgerConformance.js';
export { describeTokenReplayGuardConformance } from './describeTokenReplayGuardConformance.js';
export { describeConcurrencyLimiterConformance } from './describeConcurrencyLimiterConformance.js';
