import { defineAction } from '@agent-studio/core';
import { z } from 'zod';
import { CaseId } from './CaseId.js';

/**
 * Deletes the case the employee has open (a duplicate or spam). Every call waits for an approver
 * who may delete the case themselves; the delete then runs once, as the employee who asked, and
 * needs full access to the record (its owner, or someone above the owner: R-SHR-10).
 */
export const deleteCase = defineAction({
  name: 'delete_case',
  description: 'Delete the open case, for duplicates and spam only. A team lead approves every delete.',
  audience: 'employee',
  visibility: 'private',
  effect: 'delete',
  requiresConfirmation: true,
  input: z.object({ caseId: CaseId }),
  output: z.object({ caseNumber: z.string(), deleted: z.literal(true), deletedBy: z.string() }),
  run: async ({ caseId }, ctx) => {
    if (!ctx.approval) throw new Error('delete_case runs only after an approval');
    const found = await ctx.data.get('Case', caseId, ['CaseNumber']);
    if (!found) throw new Error('no such case is visible to you');
    await ctx.data.delete('Case', caseId);
    return { caseNumber: String(found.CaseNumber), deleted: true as const, deletedBy: ctx.data.userId };
  },
});
