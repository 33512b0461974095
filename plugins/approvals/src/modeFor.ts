import type { HitlMode, ToolCallContext } from '@agent-studio/core';
import type { ApprovalRule } from './ApprovalsOptions.js';

/**
 * How a person takes part in one call, once every source is read.
 * @category Plugins
 */
export interface CallMode {
  /** The stages the call goes through, in order: none, confirmation, approval, or both. */
  readonly stages: readonly ('confirmation' | 'approval')[];
  /** Why a person must decide (the approval prompt, R-HITL-6). */
  readonly reason: string;
}

/**
 * Turns a snake_case tool name into a title: `cancel_order` → `Cancel Order`.
 * @param name - the tool name
 * @returns the title
 * @category Plugins
 */
export function titleCase(name: string): string {
  return name
    .split(/[_\s]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Works out the stages of a call (R-HITL-1, R-HITL-4): the capability's `hitl` mode; an action
 * that `requiresConfirmation` needs at least a confirmation; `conditionalApproval` asks for
 * approval when the model sets `_requiresApproval`; and a server-side rule for the action forces
 * approval whatever the model says. A rule that throws counts as "approval required" (fail safe).
 * @param ctx - the tool call
 * @param rules - the server-side rules, by action name
 * @returns the stages and the prompt
 * @category Plugins
 */
export function modeFor(ctx: ToolCallContext, rules: Readonly<Record<string, ApprovalRule>>): CallMode {
  const name = ctx.action.name;
  const capability = ctx.agent.capabilities.find((c) => c.action.toLowerCase() === name.toLowerCase());
  let mode: HitlMode = capability?.hitl ?? 'none';
  let reason = `${titleCase(name)} needs a person's decision.`;
  if (mode === 'conditionalApproval') {
    mode = ctx.hints.requiresApproval === true ? 'approval' : 'none';
    if (ctx.hints.approvalReason) reason = ctx.hints.approvalReason.slice(0, 500);
  }
  if (mode === 'none' && ctx.action.definition.requiresConfirmation === true) mode = 'confirmation';
  const rule = rules[name];
  if (rule) {
    let verdict: boolean | string;
    try {
      verdict = rule(ctx.args);
    } catch {
      verdict = 'an approval rule failed, so approval is required';
    }
    if (verdict !== false) {
      if (typeof verdict === 'string' && verdict.length > 0) reason = verdict.slice(0, 500);
      mode = mode === 'confirmation' || mode === 'confirmationThenApproval' ? 'confirmationThenApproval' : 'approval';
    }
  }
  switch (mode) {
    case 'confirmation':
      return { stages: ['confirmation'], reason };
    case 'approval':
      return { stages: ['approval'], reason };
    case 'confirmationThenApproval':
      return { stages: ['confirmation', 'approval'], reason };
    default:
      return { stages: [], reason };
  }
}
