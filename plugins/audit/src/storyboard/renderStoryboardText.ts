import type { DecisionStep } from '../records/DecisionStep.js';
import type { Storyboard, StoryboardEntry, StoryboardStatus } from './Storyboard.js';
import { checkedPlugins, describePolicy, describeStatus, formatCost, formatMs, formatOffset, formatTokens, formatTotals, oneLine, sanitizeText } from './storyboardFormat.js';

/**
 * Options of {@link renderStoryboardText}.
 * @category Plugins
 */
export interface StoryboardTextOptions {
  /** Use ANSI colours (only for a terminal). */
  readonly color: boolean;
  /** The line width long values are cut or wrapped to (default 100, at least 60). */
  readonly width?: number;
}

/** A tiny palette: ANSI codes, or none. */
interface Paint {
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLOR: Paint = { dim: ansi(2, 22), bold: ansi(1, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
const PLAIN: Paint = { dim: (s) => s, bold: (s) => s, green: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s };

/** Offsets are right-aligned in this many columns. */
const OFFSET_WIDTH = 11;
/** Detail lines start here: two spaces, the offset, two spaces, the marker and a space. */
const INDENT = ' '.repeat(2 + OFFSET_WIDTH + 2 + 2);
/** Long free text (a reply, a rationale, a reason) is wrapped to at most this many lines. */
const MAX_WRAPPED_LINES = 8;

/**
 * Renders a {@link Storyboard} for a terminal: a header (agent, run, who asked and who the run
 * acted as, model, status, duration, tokens, cost, content policy), then each turn's steps as a
 * timeline with their offsets from the start, outcome markers, durations, tokens and cost of
 * model steps, tool arguments and results, the model's rationale for each tool call (R-RAT-3),
 * each plugin decision with its plugin, code and reason, and the checks that passed; a footer
 * sums the run up.
 *
 * @remarks
 * Stored text is printed without terminal control characters or escape sequences, so a value
 * in the trail cannot repaint the terminal; colour codes are added only with `color: true`.
 * @param story - the storyboard
 * @param options - colour and width
 * @returns the text, ending with a newline
 * @example
 * ```ts
 * const text = renderStoryboardText(buildStoryboard(steps), { color: process.stdout.isTTY === true });
 * process.stdout.write(text);
 * ```
 * @category Plugins
 */
export function renderStoryboardText(story: Storyboard, options: StoryboardTextOptions): string {
  const p = options.color ? COLOR : PLAIN;
  const width = Math.max(60, Math.floor(options.width ?? 100));
  const run = story.run;
  const out: string[] = [];
  const field = (label: string, value: string) => out.push(`  ${p.dim(label.padEnd(11))}${value}`);
  const clean = (s: string | null) => (s === null ? 'unknown' : oneLine(s, width - 13));

  out.push(`${p.bold('Storyboard')} of run ${p.bold(clean(run.runId))}`);
  field('agent', p.bold(clean(run.agent)));
  field('asked by', `${clean(run.originalUserId)}${run.tenantId === null ? '' : ` (tenant ${clean(run.tenantId)}${run.surface === null ? '' : `, ${clean(run.surface)} surface`})`}`);
  if (run.executionUserId !== null) {
    const same = run.executionUserId === run.originalUserId;
    field('acting as', `${clean(run.executionUserId)}${same ? ' (the same user)' : " (the agent's own user)"}`);
  }
  field('model', `${clean(run.model)}${run.provider === null ? '' : p.dim(` via ${clean(run.provider)}`)}`);
  const invocations = run.invocations > 1 ? ` · ${run.invocations} invocations` : '';
  field('status', `${statusMark(run.status, p)} ${describeStatus(run.status)}${run.errorCode === null ? '' : ` ${p.red(clean(run.errorCode))}`} · ${formatMs(run.durationMs)}${invocations}`);
  field('usage', formatTotals(run.totals));
  field('content', describePolicy(run.contentPolicy));

  for (const turn of story.turns) {
    out.push('');
    const heading = `── ${oneLine(turn.heading, width - 8)} `;
    out.push(p.bold(`${heading}${'─'.repeat(Math.max(3, width - heading.length))}`));
    for (const entry of turn.entries) out.push(...renderEntry(entry, p, width));
  }

  out.push('');
  out.push(p.bold(`── Totals ${'─'.repeat(width - 10)}`));
  out.push(`  ${formatTotals(run.totals)} · ${formatMs(run.durationMs)}`);
  out.push(`  ${story.steps} decision step${story.steps === 1 ? '' : 's'}${story.skipped > 0 ? p.yellow(` · ${story.skipped} invalid step${story.skipped === 1 ? '' : 's'} left out`) : ''}`);
  out.push(p.dim(`  ${p.green('✓')} succeeded  ${p.red('✗')} failed or refused  ${p.yellow('◆')} a plugin changed something  ${p.yellow('‖')} waiting for a person  ${p.cyan('→ ←')} model request, reply`));
  return `${out.join('\n')}\n`;
}

function renderEntry(entry: StoryboardEntry, p: Paint, width: number): string[] {
  const s = entry.step;
  const lines: string[] = [];
  const room = width - INDENT.length;
  const meta = metaOf(s);
  const title = s.success ? p.bold(oneLine(s.title, room)) : p.red(p.bold(oneLine(s.title, room)));
  lines.push(`  ${p.dim(formatOffset(entry.offsetMs).padStart(OFFSET_WIDTH))}  ${marker(s, p)} ${title}${meta === '' ? '' : `  ${p.dim(meta)}`}`);
  const detail = (label: string, text: string) => lines.push(`${INDENT}${p.dim(`${label}:`)} ${oneLine(text, room - label.length - 2)}`);
  const wrapped = (label: string, text: string) => {
    const body = wrap(sanitizeText(text), room - label.length - 2);
    for (const [i, line] of body.entries()) lines.push(`${INDENT}${i === 0 ? p.dim(`${label}:`) : ' '.repeat(label.length + 1)} ${line}`);
  };
  const content = s.content ?? null;
  const notStored = '(not stored under this content policy)';
  switch (s.stepType) {
    case 'RUN_STARTED':
    case 'AGENT_RESUMED':
    case 'CONTEXT_GATHERED':
    case 'TOOLS_CONFIGURED':
    case 'LLM_REQUEST':
    case 'RUN_SUSPENDED':
    case 'RUN_BLOCKED':
    case 'ERROR':
      for (const line of wrap(sanitizeText(s.description), room)) lines.push(`${INDENT}${line}`);
      break;
    case 'SYSTEM_PROMPT_BUILT':
      detail('instructions', content ?? notStored);
      break;
    case 'USER_INPUT':
      wrapped('message', content ?? notStored);
      break;
    case 'TOOL_SELECTED':
      detail('arguments', content ?? notStored);
      if (typeof s.rationale === 'string') wrapped('why', s.rationale);
      else lines.push(`${INDENT}${p.dim('why:')} ${p.dim(oneLine(s.description, room - 5))}`);
      break;
    case 'TOOL_RESULT':
      detail('result', content ?? notStored);
      break;
    case 'FINAL_RESPONSE':
      wrapped('reply', content ?? notStored);
      break;
    case 'POLICY_DECISION':
    case 'SAFETY_BLOCKED':
    case 'APPROVAL_REQUESTED': {
      const by = [s.plugin === undefined ? null : s.plugin === 'runtime' ? 'the runtime' : `plugin ${s.plugin}`, s.hook === undefined ? null : `in ${s.hook}`, s.errorCode === undefined ? null : `code ${s.errorCode}`].filter((x) => x !== null);
      if (by.length > 0) detail('decided by', by.join(' · '));
      if (typeof s.reason === 'string') wrapped('reason', s.reason);
      break;
    }
    case 'LLM_RESPONSE':
      break;
  }
  if (s.checks !== undefined && s.checks.length > 0) lines.push(`${INDENT}${p.dim(oneLine(`checks passed: ${checkedPlugins(s.checks).join(', ')}`, room))}`);
  return lines;
}

function metaOf(s: DecisionStep): string {
  const parts: string[] = [];
  if (s.durationMs !== undefined) parts.push(formatMs(s.durationMs));
  if (s.stepType === 'LLM_RESPONSE') {
    parts.push(formatTokens(s.promptTokens ?? 0, s.completionTokens ?? 0));
    parts.push(formatCost(s.costUsd));
  }
  return parts.join(' · ');
}

function marker(s: DecisionStep, p: Paint): string {
  if (!s.success) return p.red('✗');
  switch (s.stepType) {
    case 'RUN_STARTED':
    case 'AGENT_RESUMED':
      return p.bold('▶');
    case 'LLM_REQUEST':
      return p.cyan('→');
    case 'LLM_RESPONSE':
      return p.cyan('←');
    case 'TOOL_SELECTED':
      return p.cyan('▸');
    case 'TOOL_RESULT':
    case 'FINAL_RESPONSE':
      return p.green('✓');
    case 'POLICY_DECISION':
      return p.yellow('◆');
    case 'APPROVAL_REQUESTED':
    case 'RUN_SUSPENDED':
      return p.yellow('‖');
    case 'SAFETY_BLOCKED':
    case 'RUN_BLOCKED':
    case 'ERROR':
      return p.red('✗');
    default:
      return p.dim('•');
  }
}

function statusMark(status: StoryboardStatus, p: Paint): string {
  return { completed: p.green('✓'), suspended: p.yellow('‖'), blocked: p.red('✗'), failed: p.red('✗'), running: p.yellow('…') }[status];
}

/** Wraps sanitized text to `width` columns, at most {@link MAX_WRAPPED_LINES} lines. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      let rest = word;
      while (rest.length > width) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= width) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines.at(-1) === '') lines.pop();
  if (lines.length <= MAX_WRAPPED_LINES) return lines;
  return [...lines.slice(0, MAX_WRAPPED_LINES - 1), `${(lines[MAX_WRAPPED_LINES - 1] ?? '').slice(0, width - 1)}…`];
}
