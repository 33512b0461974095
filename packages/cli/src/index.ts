/**
 * The `agent-studio` command line: `agent-studio run <agent-file> --message "…"` runs an agent
 * and prints its timeline (model turns, tool calls, hook decisions, tokens) or one JSON document.
 *
 * @packageDocumentation
 */
export { colorPalette, formatEntry, formatTimeline, type Palette, plainPalette } from './formatTimeline.js';
export { loadAgentApp } from './loadAgentApp.js';
export { type CliIo, main } from './main.js';
export { type CommandOutput, type RunCommandOptions, runCommand } from './runCommand.js';
export { PII_PLACEHOLDER, type TimelineEntry, TimelineRecorder } from './TimelineRecorder.js';
