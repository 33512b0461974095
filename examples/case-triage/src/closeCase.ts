import { defineAction, field } from '@agent-studio/core';
import { z } from 'zod';
import { CaseId } from './CaseId.js';

/**
 * Closes the case the employee has open, with a resolution. The agent's capability makes every
 * call wait for an approver (`hitl: 'approval'`); the action then runs once (`ctx.approval`), as
 * the employee who asked, through `ctx.data`.
 */
export const closeCase = defineAction({
  name: 'close_case',
  description: 'Close the open case with a short resolution. A team lead approves every close.',
  audience: 'employee',
  visibility: 'private',
  effect: 'write',
  requiresConfirmation: true,
  input: z.object({
    caseId: CaseId,
    resolution: field(z.string().min(3).max(500), { kind: 'text' }),
  }),
  output: z.object({ caseNumber: z.string(), status: z.literal('closed'), closedBy: z.string(), approvedBy: z.string() }),
  run: async ({ caseId, resolution }, ctx) => {
    if (!ctx.approval) throw new Error('close_case runs only after an approval');
    const found = await ctx.data.get('Case', caseId, ['CaseNumber', 'Status']);
    if (!found) throw new Error('no such case is visible to you');
    if (found.Status === 'closed') throw new Error('the case is already closed');
    await ctx.data.update('Case', caseId, { Status: 'closed', Resolution: resolution });
    return { caseNumber: String(found.CaseNumber), status: 'closed' as const, closedBy: ctx.data.userId, approvedBy: ctx.approval.decidedBy };
  },
});
