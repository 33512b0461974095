import type { RunResult } from '@agent-studio/core';
import type { TimelineEntry } from './TimelineRecorder.js';

/**
 * Colours for the terminal, or none.
 * @category CLI
 */
export interface Palette {
  /** Dim text. */
  dim(s: string): string;
  /** Bold text. */
  bold(s: string): string;
  /** Success. */
  green(s: string): string;
  /** Failure. */
  red(s: string): string;
  /** Attention. */
  yellow(s: string): string;
  /** Model lines. */
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/**
 * ANSI colours.
 * @category CLI
 */
export const colorPalette: Palette = { dim: wrap(2, 22), bold: wrap(1, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };

/**
 * No colours.
 * @category CLI
 */
export const plainPalette: Palette = { dim: (s) => s, bold: (s) => s, green: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s };

/**
 * Removes terminal control characters (escape sequences, carriage returns…) from text that came
 * from a model, a tool or a user, so it cannot rewrite the terminal.
 * @param text - the text
 * @returns the text without C0/C1 control characters (newlines become spaces)
 * @category CLI
 */
export function safeText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' || c === '\t' ? ' ' : ''));
}

function short(value: unknown, max = 80): string {
  const text = safeText(JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function args(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}=${short(v, 40)}`)
    .join(', ');
}

/**
 * Formats one timeline entry as a line (without the trailing newline).
 * @param entry - the entry
 * @param c - the palette
 * @returns the line
 * @category CLI
 */
export function formatEntry(entry: TimelineEntry, c: Palette): string {
  const at = c.dim(`[${entry.atMs.toFixed(1).padStart(7)} ms]`);
  switch (entry.type) {
    case 'model:requested':
      return `${at} ${c.cyan(`model turn ${entry.turn}`)} → ${entry.model}: ${entry.messages} messages, ${entry.tools} tools`;
    case 'model:responded': {
      const what = entry.toolCalls.length > 0 ? `asks for ${entry.toolCalls.map((t) => safeText(t.name).slice(0, 64)).join(', ')}` : 'answers';
      const tokens = `${entry.usage.prompt_tokens}+${entry.usage.completion_tokens} tokens`;
      return `${at} ${c.cyan(`model turn ${entry.turn}`)} ← ${what} ${c.dim(`(${tokens}, ${entry.durationMs.toFixed(1)} ms)`)}`;
    }
    case 'tool:started': {
      const why = entry.rationale ? `\n${' '.repeat(14)}${c.dim(`rationale: ${short(entry.rationale, 100)}`)}` : '';
      return `${at} ${c.bold('tool')} ${entry.action}(${args(entry.args)})${why}`;
    }
    case 'tool:finished': {
      const r = entry.result;
      const outcome = r.ok ? c.green(`✔ ${short(r.data)}`) : c.red(`✘ ${safeText(r.errorCode)}: ${safeText(r.message)}`);
      return `${at} ${c.bold('tool')} ${entry.action} ${outcome} ${c.dim(`(${entry.durationMs.toFixed(1)} ms)`)}`;
    }
    case 'hook:decision': {
      const color = entry.decision === 'block' ? c.red : entry.decision === 'suspend' || entry.decision === 'skipped' ? c.yellow : c.dim;
      const reason = entry.reason ? `: ${safeText(entry.reason)}` : '';
      return `${at} ${color(`${entry.plugin}.${entry.hook} → ${entry.decision}${entry.code ? ` ${entry.code}` : ''}${reason}`)} ${c.dim(`(${entry.durationMs.toFixed(2)} ms)`)}`;
    }
    case 'decision:recorded':
      return `${at} ${c.yellow(`decision ${safeText(entry.kind)}`)}: ${safeText(entry.reason)}`;
  }
}

/**
 * Formats the header, every entry and the outcome of a run.
 * @param header - what ran (agent, model, access)
 * @param entries - the timeline
 * @param result - the run's result
 * @param c - the palette
 * @returns the text, ending with a newline
 * @category CLI
 */
export function formatTimeline(header: readonly string[], entries: readonly TimelineEntry[], result: RunResult, c: Palette): string {
  const lines = [...header.map((h) => c.bold(h)), ...entries.map((e) => formatEntry(e, c))];
  const usage = `${result.modelCalls.length} model call(s), ${result.usage.prompt_tokens}+${result.usage.completion_tokens}=${result.usage.total_tokens} tokens`;
  const status =
    result.status === 'completed' ? c.green('completed') : result.status === 'suspended' ? c.yellow('suspended') : c.red(result.status);
  lines.push(`■ ${status} in ${result.durationMs} ms · ${usage}`);
  if (result.block) lines.push(c.red(`blocked by ${result.block.plugin}.${result.block.hook}: ${result.block.code}: ${result.block.reason}`));
  if (result.error) lines.push(c.red(`error ${result.error.code}: ${safeText(result.error.message)}`));
  for (const p of result.pendingApprovals ?? []) {
    const id = p.approval.details?.pendingActionId;
    const pending = typeof id === 'string' ? ` · pending action ${id}` : '';
    lines.push(c.yellow(`waiting for ${p.approval.kind} of ${p.action} (call ${p.callId})${pending}: ${p.approval.reason}`));
  }
  if (result.reply !== undefined) lines.push(`${c.bold('reply:')} ${safeText(result.reply)}`);
  return `${lines.join('\n')}\n`;
}
