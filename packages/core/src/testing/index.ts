/**
 * Test helpers for apps and plugins built on Agent Studio: a scripted model and a container
 * wired for tests. Import from `@agent-studio/core/testing`.
 *
 * @packageDocumentation
 */
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
