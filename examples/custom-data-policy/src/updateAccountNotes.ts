import { contextInput, defineAction, field } from '@agent-studio/core';
import { z } from 'zod';

/**
 * Replaces the notes of the account the employee has open (`RecordId`). The write goes through
 * `ctx.data`: CRUD, FLS and sharing first, then the app's policies (an account outside the user's
 * region is "not found"; one under legal hold is refused with `DATA_POLICY_DENIED`).
 */
export const updateAccountNotes = defineAction({
  name: 'update_account_notes',
  description: 'Replace the notes on the account I have open.',
  audience: 'employee',
  visibility: 'private',
  effect: 'write',
  confirmationWaiver: 'Notes are free text the user dictates word for word; the previous notes stay in the audit trail.',
  writesObject: { object: 'Account', operation: 'update' },
  input: z.object({
    accountId: contextInput('RecordId', z.string().min(15).max(18), { kind: 'recordId' }),
    Notes: field(z.string().min(1).max(1000), { kind: 'text' }),
  }),
  output: z.object({ name: z.string(), notes: z.string() }),
  run: async ({ accountId, Notes }, ctx) => {
    await ctx.data.update('Account', accountId, { Notes });
    const account = await ctx.data.get('Account', accountId, ['Name']);
    return { name: String(account?.Name), notes: Notes };
  },
});
