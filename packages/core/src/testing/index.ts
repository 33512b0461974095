/**
 * Test helpers for apps and plugins built on Agent Studio: a scripted model, a container wired
 * for tests, the store conformance suites and the plugin contract suite. Import from
 * `@agent-studio/core/testing`.
 *
 * @packageDocumentation
 */
export {
  describeCostLedgerConformance,
  describeConcurrencyLimiterConformance,
  describePendingActionStoreConformance,
  describeRateLimiterConformance,
  describeRunStateStoreConformance,
  describeSessionStoreConformance,
  describeTokenReplayGuardConformance,
  describeTraceStoreConformance,
} from './conformance/index.js';
export { createTestContainer, type TestContainer, type TestContainerOptions } from './createTestContainer.js';
export {
  type ScriptedError,
  ScriptedModel,
  type ScriptedRaw,
  type ScriptedReply,
  type ScriptedToolCall,
  type ScriptedToolCalls,
  type ScriptStep,
} from './ScriptedModel.js';
export { describePluginContract, echoFixture, type PluginContractFixture, type PluginContractOptions } from './describePluginContract.js';
export { pluginFromModule } from './pluginFromModule.js';
