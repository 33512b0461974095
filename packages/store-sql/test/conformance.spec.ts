import {
  describeCostLedgerConformance,
  describePendingActionStoreConformance,
  describeRunStateStoreConformance,
  describeTraceStoreConformance,
} from '@agent-studio/core/testing';
import { BACKENDS, perTestStores } from './helpers/sqlBackends.js';

for (const backend of BACKENDS) {
  const runStates = perTestStores(backend);
  describeRunStateStoreConformance(`SqlRunStateStore (${backend.name})`, async () => (await runStates.open()).runStates, runStates.close);

  const pendingActions = perTestStores(backend);
  describePendingActionStoreConformance(`SqlPendingActionStore (${backend.name})`, async () => (await pendingActions.open()).pendingActions, pendingActions.close);

  const traces = perTestStores(backend);
  describeTraceStoreConformance(`SqlTraceStore (${backend.name})`, async () => (await traces.open()).traces, traces.close);

  const costLedger = perTestStores(backend);
  describeCostLedgerConformance(`SqlCostLedger (${backend.name})`, async () => (await costLedger.open()).costLedger, costLedger.close);
}
