/**
 * Rationale capture (SPEC §11): every tool call carries the model's stated reason, kept per run for
 * the audit trail and never logged.
 *
 * @packageDocumentation
 */
export {
  agentRationaleSettings,
  DEFAULT_RATIONALE_DESCRIPTION,
  type RationaleAgentSettings,
  type RationaleAgentSettingsInput,
  RationaleAgentSettingsSchema,
  type RationaleOptions,
  type RationaleOptionsInput,
  RationaleOptionsSchema,
  type ResolvedRationaleSettings,
  resolveRationaleSettings,
} from './RationaleOptions.js';
export { RATIONALE_PARAMETER, RATIONALE_TRACE_KIND, RationalePlugin, type RationaleRecordedEvent, type RationaleTraceData } from './RationalePlugin.js';
export { hashRationale, type RationaleRecord, RationaleRecorder } from './RationaleRecorder.js';
export { rationaleModule } from './rationaleModule.js';
