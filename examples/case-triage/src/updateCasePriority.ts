import { defineAction, field } from '@agent-studio/core';
import { z } from 'zod';
import { CaseId } from './CaseId.js';

/**
 * Changes the priority of the case the employee has open. It declares the field it writes
 * (`writesObject`), so the field-security plugin checks and coerces `Priority` before the call
 * runs, and `ctx.data.update` refuses a case the user may not edit.
 */
export const updateCasePriority = defineAction({
  name: 'update_case_priority',
  description: 'Change the priority of the open case to low, medium, high or urgent.',
  audience: 'employee',
  visibility: 'private',
  effect: 'write',
  confirmationWaiver: 'A priority change is reversible, asked for in so many words, and shows in the case history.',
  writesObject: { object: 'Case', operation: 'update' },
  input: z.object({
    caseId: CaseId,
    Priority: field(z.enum(['low', 'medium', 'high', 'urgent']), { kind: 'text' }),
  }),
  output: z.object({ caseNumber: z.string(), priority: z.string() }),
  run: async ({ caseId, Priority }, ctx) => {
    // a case the user may not see is "not found" (RECORD_NOT_FOUND), one they may only read is refused
    await ctx.data.update('Case', caseId, { Priority });
    const updated = await ctx.data.get('Case', caseId, ['CaseNumber']);
    return { caseNumber: String(updated?.CaseNumber), priority: Priority };
  },
});
