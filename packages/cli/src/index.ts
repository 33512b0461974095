/**
 * The `agent-studio` command line: `agent-studio run <agent-file> --message "…"` runs an agent
 * and prints its timeline (model turns, tool calls, hook decisions, tokens) or one JSON document.
 *
 * @packageDocumentation
 */
export { colorPalette, formatEntry, formatTimeline, type Palette, plainPalette, safeText } from './formatTimeline.js';
export { loadAgentApp } from './loadAgentApp.js';
export { type CliIo, main, type OutputStream } from './main.js';
export { type CommandOutput, type RunCommandOptions, runCommand } from './runCommand.js';
export {
  type DecisionRecordedEntry,
  type HookDecisionEntry,
  type ModelRequestedEntry,
  type ModelRespondedEntry,
  PII_PLACEHOLDER,
  type TimelineEntry,
  TimelineRecorder,
  type TimelineStamp,
  type TimelineToolCall,
  type ToolFinishedEntry,
  type ToolStartedEntry,
} from './TimelineRecorder.js';
