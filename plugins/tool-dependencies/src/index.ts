/**
 * The tool dependency graph plugin (SPEC §7): a tool runs only after its `allOf`/`anyOf`
 * prerequisites have succeeded in the run; violations are told to the model, and too many stop the run.
 *
 * @packageDocumentation
 */
export { type DependencyViolation, DependencyGraph, formatViolation } from './DependencyGraph.js';
export type { ToolDependencyErrorCode } from './errors.js';
export {
  type ToolDependencyGraph,
  ToolDependencyGraphSchema,
  type ToolDependencyOptions,
  type ToolDependencyOptionsInput,
  ToolDependencyOptionsSchema,
  type ToolPrerequisites,
  ToolPrerequisitesSchema,
} from './ToolDependencyOptions.js';
export { ToolDependencyPlugin } from './ToolDependencyPlugin.js';
export { parseToolDependencyOptions, toolDependenciesModule } from './toolDependenciesModule.js';
