/**
 * The audit trail of Agent Studio runs (SPEC §11): `auditModule()` records, through the trace
 * store, each run's fine-grained {@link ExecutionStep}s and the {@link DecisionStep}s a person
 * reads, under a per-agent content policy (`none`, `masked` by default, `full`). It observes the
 * runtime's events and never blocks a run. {@link buildStoryboard} turns a run's steps into a
 * storyboard that {@link renderStoryboardText} prints and {@link renderStoryboardHtml} writes as
 * one self-contained page.
 * @packageDocumentation
 */
export { type AuditOptions, type AuditOptionsInput, AuditOptionsSchema } from './AuditOptions.js';
export { AuditPlugin } from './AuditPlugin.js';
export { AuditTrail } from './AuditTrail.js';
export { auditModule } from './auditModule.js';
export { type ContentMasker, DetectorContentMasker } from './ContentMasker.js';
export { type ContentPolicy, ContentPolicySchema } from './ContentPolicy.js';
export { SECRET_PATTERNS } from './SECRET_PATTERNS.js';
export { DECISION_STEP_KIND, type DecisionStep, DecisionStepSchema, type DecisionStepType, DecisionStepTypeSchema } from './records/DecisionStep.js';
export { EXECUTION_STEP_KIND, type ExecutionStep, ExecutionStepSchema, ExecutionStepTypeSchema } from './records/ExecutionStep.js';
export { type LlmCallRecord, LlmCallRecordSchema } from './records/LlmCallRecord.js';
export { type ShapedContent, shapeContent } from './shapeContent.js';
export { type SplitArguments, splitModelArguments } from './splitModelArguments.js';
export { buildStoryboard } from './storyboard/buildStoryboard.js';
export { renderStoryboardHtml } from './storyboard/renderStoryboardHtml.js';
export { renderStoryboardText, type StoryboardTextOptions } from './storyboard/renderStoryboardText.js';
export type { Storyboard, StoryboardEntry, StoryboardRun, StoryboardStatus, StoryboardTotals, StoryboardTurn } from './storyboard/Storyboard.js';
export { STORYBOARD_SCHEMA, type StoryboardJson, storyboardToJson } from './storyboard/storyboardToJson.js';
