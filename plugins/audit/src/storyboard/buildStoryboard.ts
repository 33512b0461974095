import { ConfigurationError, type TraceStep } from '@agent-studio/core';
import { DECISION_STEP_KIND, type DecisionStep, DecisionStepSchema } from '../records/DecisionStep.js';
import type { Storyboard, StoryboardEntry, StoryboardStatus, StoryboardTotals, StoryboardTurn } from './Storyboard.js';

/** The closing step types of an invocation, and the status each one means. */
const CLOSING: Readonly<Partial<Record<DecisionStep['stepType'], StoryboardStatus>>> = {
  FINAL_RESPONSE: 'completed',
  RUN_SUSPENDED: 'suspended',
  RUN_BLOCKED: 'blocked',
  ERROR: 'failed',
};

/** One invocation's entries while they are collected. */
interface Invocation {
  readonly resumed: boolean;
  readonly entries: StoryboardEntry[];
}

/**
 * Turns a run's trace into a {@link Storyboard}: the audit decision steps, grouped by invocation
 * (each resume starts one) and by model turn (R-AUDIT-3), under a header that says who asked,
 * who the run acted as, how it ended and what it used. Steps of other kinds are ignored; a
 * decision step whose data does not match the {@link DecisionStep} schema is left out and
 * counted in {@link Storyboard.skipped}.
 * @param steps - the run's steps, as {@link @agent-studio/core!index.TraceStore.list} returns them
 * @returns the storyboard (a pure function: the steps are not changed)
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the steps hold no
 *   audit decision step (the run was not recorded by {@link auditModule})
 * @example
 * ```ts
 * await container.get('audit.Trail').flush();
 * const story = buildStoryboard(await traces.list(runId));
 * process.stdout.write(renderStoryboardText(story, { color: process.stdout.isTTY === true }));
 * ```
 * @category Plugins
 */
export function buildStoryboard(steps: readonly TraceStep[]): Storyboard {
  const decisions = [...steps].filter((s) => s.kind === DECISION_STEP_KIND).sort((a, b) => a.seq - b.seq);
  const runId = decisions[0]?.runId ?? steps[0]?.runId;
  if (decisions.length === 0 || runId === undefined) {
    throw new ConfigurationError(
      'CONFIG_INVALID',
      `Run ${runId === undefined ? '(no steps)' : JSON.stringify(runId)} has no audit trail: its trace holds no ${DECISION_STEP_KIND} step. Load auditModule() from @agent-studio/plugin-audit in the agent's container to record one, then run the agent again.`,
    );
  }
  const startedAt = Math.min(...decisions.map((s) => s.at));
  const endedAt = Math.max(...decisions.map((s) => s.at));
  let skipped = 0;
  const invocations: Invocation[] = [];
  for (const raw of decisions) {
    const parsed = DecisionStepSchema.safeParse(raw.data);
    if (!parsed.success) {
      skipped += 1;
      continue;
    }
    const step = parsed.data;
    const opens = step.stepType === 'RUN_STARTED' || step.stepType === 'AGENT_RESUMED';
    let current = invocations.at(-1);
    if (current === undefined || (opens && current.entries.length > 0)) {
      current = { resumed: step.stepType === 'AGENT_RESUMED', entries: [] };
      invocations.push(current);
    }
    current.entries.push({ seq: raw.seq, at: raw.at, offsetMs: raw.at - startedAt, step });
  }
  const all = invocations.flatMap((i) => i.entries.map((e) => e.step));
  const started = all.find((s) => s.stepType === 'RUN_STARTED') ?? all.find((s) => s.run !== undefined);
  const facts = started?.run ?? all.find((s) => s.run !== undefined)?.run;
  const last = invocations.at(-1);
  const closing = last?.entries.map((e) => e.step).findLast((s) => CLOSING[s.stepType] !== undefined);
  const status: StoryboardStatus = closing === undefined ? 'running' : (CLOSING[closing.stepType] ?? 'running');
  return {
    run: {
      runId,
      agent: facts?.agent ?? null,
      tenantId: facts?.tenantId ?? decisions[0]?.tenantId ?? null,
      surface: facts?.surface ?? null,
      model: started?.model ?? all.find((s) => s.model !== undefined)?.model ?? null,
      provider: started?.provider ?? all.find((s) => s.provider !== undefined)?.provider ?? null,
      contentPolicy: facts?.contentPolicy ?? null,
      originalUserId: started?.originalUserId ?? all.find((s) => s.originalUserId !== undefined)?.originalUserId ?? null,
      executionUserId: all.find((s) => s.executionUserId !== undefined)?.executionUserId ?? null,
      startedAt,
      endedAt,
      status,
      errorCode: status === 'running' ? null : (closing?.errorCode ?? null),
      durationMs: round(invocations.reduce((sum, i) => sum + durationOf(i), 0)),
      totals: sumTotals(invocations.map(totalsOf)),
      invocations: invocations.length,
    },
    turns: invocations.flatMap((invocation, index) => groupByTurn(invocation, index + 1)),
    steps: invocations.reduce((n, i) => n + i.entries.length, 0),
    skipped,
  };
}

/** Consecutive steps of the same turn make one group. */
function groupByTurn(invocation: Invocation, number: number): StoryboardTurn[] {
  const groups: { turn: number; entries: StoryboardEntry[] }[] = [];
  for (const entry of invocation.entries) {
    const group = groups.at(-1);
    if (group !== undefined && group.turn === entry.step.turn) group.entries.push(entry);
    else groups.push({ turn: entry.step.turn, entries: [entry] });
  }
  return groups.map((g) => ({ invocation: number, resumed: invocation.resumed, turn: g.turn, heading: headingOf(g.turn, g.entries, invocation.resumed, number), entries: g.entries }));
}

function headingOf(turn: number, entries: readonly StoryboardEntry[], resumed: boolean, invocation: number): string {
  // a decision recorded by the approver's process, between the suspension and the resume
  if (entries.every((e) => e.step.stepType === 'APPROVAL_RESOLVED')) return entries.length === 1 ? 'A person decided' : 'People decided';
  if (turn === 0) return resumed ? `Resumed (invocation ${invocation})` : 'Start';
  const response = entries.find((e) => e.step.stepType === 'LLM_RESPONSE')?.step.title;
  const prefix = `Turn ${turn}: `;
  if (response?.startsWith(prefix)) return `Turn ${turn} — ${response.slice(prefix.length)}`;
  const closing = entries.findLast((e) => CLOSING[e.step.stepType] !== undefined || e.step.stepType === 'SAFETY_BLOCKED');
  return closing === undefined ? `Turn ${turn}` : `Turn ${turn} — ${lowerFirst(closing.step.title)}`;
}

/** The invocation's running time: its closing step's duration, else the span of its steps. */
function durationOf(invocation: Invocation): number {
  const closing = invocation.entries.findLast((e) => CLOSING[e.step.stepType] !== undefined);
  if (closing?.step.durationMs !== undefined) return closing.step.durationMs;
  const first = invocation.entries[0];
  const last = invocation.entries.at(-1);
  return first === undefined || last === undefined ? 0 : last.at - first.at;
}

/** The invocation's totals: its closing step's, else counted from its model and tool steps. */
function totalsOf(invocation: Invocation): StoryboardTotals {
  const closing = invocation.entries.findLast((e) => e.step.totals !== undefined)?.step.totals;
  if (closing !== undefined) return closing;
  const steps = invocation.entries.map((e) => e.step);
  const responses = steps.filter((s) => s.stepType === 'LLM_RESPONSE');
  return {
    modelCalls: responses.length,
    toolCalls: steps.filter((s) => s.stepType === 'TOOL_RESULT').length,
    promptTokens: responses.reduce((n, s) => n + (s.promptTokens ?? 0), 0),
    completionTokens: responses.reduce((n, s) => n + (s.completionTokens ?? 0), 0),
    costUsd: responses.some((s) => typeof s.costUsd !== 'number') ? null : responses.reduce((n, s) => n + (s.costUsd ?? 0), 0),
  };
}

function sumTotals(list: readonly StoryboardTotals[]): StoryboardTotals {
  return {
    modelCalls: list.reduce((n, t) => n + t.modelCalls, 0),
    toolCalls: list.reduce((n, t) => n + t.toolCalls, 0),
    promptTokens: list.reduce((n, t) => n + t.promptTokens, 0),
    completionTokens: list.reduce((n, t) => n + t.completionTokens, 0),
    costUsd: list.some((t) => t.costUsd === null) ? null : Math.round(list.reduce((n, t) => n + (t.costUsd ?? 0), 0) * 1e6) / 1e6,
  };
}

function lowerFirst(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toLowerCase() ?? ''}${text.slice(1)}`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
