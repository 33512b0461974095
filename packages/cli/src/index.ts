/**
 * The `agent-studio` command line: `agent-studio run <agent-file> --message "…"` runs an agent
 * and prints its timeline (model turns, tool calls, hook decisions, tokens) or one JSON document;
 * `agent-studio eval pii|prompt-safety --data FILE.jsonl [--json]` measures a trust layer on a
 * labelled data file; `agent-studio deps check <agent-file> [--graph FILE.json] [--json]` validates
 * an agent's tool dependency graph, `deps suggest` asks the model for a draft graph and `deps approve`
 * promotes a draft once an admin has read it; `agent-studio approvals list|show|approve|reject`
 * decides pending actions in the configured store; `agent-studio cost report` sums the cost ledger.
 *
 * @packageDocumentation
 */
export {
  type AgentGraphReport,
  checkAgentGraph,
  type DepsCheckCommandOptions,
  type DepsCheckOutput,
  type DepsCheckReport,
  depsCheckCommand,
  formatDepsCheck,
  type ReportedPrerequisites,
} from './deps/depsCheckCommand.js';
export { type DepsApproveCommandOptions, type DepsApproveReport, depsApproveCommand } from './deps/depsApproveCommand.js';
export { type DepsSuggestCommandOptions, type DepsSuggestReport, depsSuggestCommand } from './deps/depsSuggestCommand.js';
export {
  type ApprovalsDecideOptions,
  type ApprovalsListOptions,
  approvalsDecideCommand,
  approvalsListCommand,
  approvalsShowCommand,
} from './approvals/approvalsCommands.js';
export { type CostReportOptions, costReportCommand, formatCostReport } from './cost/costReportCommand.js';
export { EvalDataError } from './eval/EvalDataError.js';
export { type EvalPiiCommandOptions, evalPiiCommand, formatPiiEvaluation } from './eval/evalPiiCommand.js';
export { type EvalPromptSafetyCommandOptions, evalPromptSafetyCommand, formatPromptSafetyEvaluation } from './eval/evalPromptSafetyCommand.js';
export { type PiiEvalRowInput, PiiEvalRowSchema, PiiEvalSpanSchema } from './eval/PiiEvalRowSchema.js';
export { type PromptSafetyEvalRowInput, PromptSafetyEvalRowSchema } from './eval/PromptSafetyEvalRowSchema.js';
export { readJsonl } from './eval/readJsonl.js';
export { colorPalette, formatEntry, formatTimeline, type Palette, plainPalette, safeText } from './formatTimeline.js';
export { loadAgentApp } from './loadAgentApp.js';
export { type CliIo, main, type OutputStream } from './main.js';
export { type CommandOutput, type RunCommandOptions, runCommand } from './runCommand.js';
export {
  type TraceCommandOutput,
  type TraceExportOptions,
  type TraceListEntry,
  type TraceListOptions,
  type TraceShowOptions,
  traceExportCommand,
  traceListCommand,
  traceShowCommand,
} from './trace/traceCommands.js';
export { buildRuntime, type CliRuntime, type RuntimeExtras } from './workspace/buildRuntime.js';
export { openWorkspace, type Workspace } from './workspace/Workspace.js';
export { selectModel } from './workspace/selectModel.js';
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
