/**
 * The tool dependency graph plugin (SPEC §7): a tool runs only after its `allOf`/`anyOf`
 * prerequisites have succeeded in the run; violations are told to the model, and too many stop the run.
 *
 * @packageDocumentation
 */
export { type DependencyViolation, DependencyGraph, formatViolation } from './DependencyGraph.js';
export { type DependencyGraphDraft, DependencyGraphDraftSchema } from './DependencyGraphDraft.js';
export type { ToolDependencyErrorCode } from './errors.js';
export {
  type GraphProvenance,
  GraphProvenanceSchema,
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
export { type DependencyGraphExpectation, type DependencyGraphProblem, graphStatus, validateDependencyGraph } from './validateDependencyGraph.js';
