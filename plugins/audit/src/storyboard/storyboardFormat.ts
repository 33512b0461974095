import type { ContentPolicy } from '../ContentPolicy.js';
import type { StoryboardStatus, StoryboardTotals } from './Storyboard.js';

/*
 * How the storyboard renderers write text, numbers and labels (internal: not exported from the
 * package). Both the terminal and the HTML form use these, so they say the same things.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing escape sequences is the point
const ESCAPES = /\u001b\][\s\S]*?(?:\u0007|\u001b\\|$)|\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b[ -/]*[0-~]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes what could repaint a terminal or reorder text from stored text: ANSI escape sequences,
 * C0 and C1 control characters other than newline (a tab becomes a space, a carriage return is
 * dropped) and bidirectional overrides.
 * @param text - stored text
 * @returns the text, safe to print
 */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPES, '').replace(/\t/g, ' ').replace(CONTROLS, '');
}

/**
 * Sanitized text on one line, cut to `max` characters with an ellipsis.
 * @param text - stored text
 * @param max - the most characters kept
 * @returns one line
 */
export function oneLine(text: string, max: number): string {
  const line = sanitizeText(text).replace(/\s*\n\s*/g, ' ⏎ ').trim();
  if (max < 2 || line.length <= max) return line;
  return `${line.slice(0, max - 1)}…`;
}

/**
 * A duration for people: `0.75 ms`, `19.9 ms`, `1.25 s`, `2 min 5 s`.
 * @param ms - milliseconds
 * @returns the text
 */
export function formatMs(ms: number): string {
  if (ms < 10) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(2))} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/**
 * An offset from the run's start: `+12.3 ms`, `+1.25 s`, `+3 min 2 s`.
 * @param ms - milliseconds since the start
 * @returns the text
 */
export function formatOffset(ms: number): string {
  if (ms < 1000) return `+${ms.toFixed(1)} ms`;
  return `+${formatMs(ms)}`;
}

/**
 * A cost: `$0.000123`, or `not priced`.
 * @param usd - the cost, null when not priced
 * @returns the text
 */
export function formatCost(usd: number | null | undefined): string {
  if (typeof usd !== 'number') return 'not priced';
  return `$${usd < 0.01 ? usd.toFixed(6) : usd.toFixed(4)}`;
}

/**
 * Token counts: `90 in / 55 out tokens`.
 * @param prompt - prompt tokens
 * @param completion - completion tokens
 * @returns the text
 */
export function formatTokens(prompt: number, completion: number): string {
  return `${prompt.toLocaleString('en-US')} in / ${completion.toLocaleString('en-US')} out tokens`;
}

/**
 * The run's totals on one line.
 * @param totals - the totals
 * @returns the text
 */
export function formatTotals(totals: StoryboardTotals): string {
  const calls = (n: number, what: string) => `${n} ${what} call${n === 1 ? '' : 's'}`;
  return `${calls(totals.modelCalls, 'model')} · ${calls(totals.toolCalls, 'tool')} · ${formatTokens(totals.promptTokens, totals.completionTokens)} · cost ${formatCost(totals.costUsd)}`;
}

/**
 * What a content policy means, in one sentence.
 * @param policy - the policy
 * @returns the sentence
 */
export function describePolicy(policy: ContentPolicy | null): string {
  switch (policy) {
    case 'masked':
      return 'masked: personal data is replaced by tokens like [EMAIL:001] before it is stored.';
    case 'full':
      return 'full: messages, tool arguments and results are stored as they were.';
    case 'none':
      return 'none: no message, argument or result text is stored, only what happened.';
    default:
      return 'unknown: the trail does not say how its content was stored.';
  }
}

/**
 * The plugins named in `checks` (`identity.beforeToolCall` → `identity`), each once, in order.
 * @param checks - the hook labels
 * @returns the plugin names
 */
export function checkedPlugins(checks: readonly string[]): string[] {
  const names = checks.map((c) => (c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : c));
  return [...new Set(names)];
}

/**
 * A status in words: `completed`, `waiting for approval`…
 * @param status - the status
 * @returns the words
 */
export function describeStatus(status: StoryboardStatus): string {
  return { completed: 'completed', suspended: 'waiting for a decision', blocked: 'blocked', failed: 'failed', running: 'running (no closing step yet)' }[status];
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
