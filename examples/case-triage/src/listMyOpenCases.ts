import { defineAction } from '@agent-studio/core';
import { z } from 'zod';

const OpenCase = z.object({
  caseNumber: z.string(),
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
});

/**
 * Lists the open cases the employee may see, most urgent first. It queries through `ctx.data` as
 * the user, so the record-level filter (ownership, the role hierarchy, sharing) is part of the
 * query: an agent sees their own cases, a lead also their team's, and nobody anyone else's.
 */
export const listMyOpenCases = defineAction({
  name: 'list_my_open_cases',
  description: 'List the open support cases in my queue (the ones I may see), most urgent first.',
  audience: 'employee',
  visibility: 'private',
  effect: 'read',
  input: z.object({}),
  output: z.object({ cases: z.array(OpenCase) }),
  run: async (_input, ctx) => {
    const rows = await ctx.data.query({
      object: 'Case',
      fields: ['CaseNumber', 'Subject', 'Status', 'Priority'],
      where: [{ field: 'Status', op: 'ne', value: 'closed' }],
      orderBy: [{ field: 'CaseNumber', direction: 'asc' }],
      limit: 50,
    });
    const rank: Readonly<Record<string, number>> = { urgent: 0, high: 1, medium: 2, low: 3 };
    const cases = rows
      .map((r) => ({ caseNumber: String(r.CaseNumber), subject: String(r.Subject), status: String(r.Status), priority: String(r.Priority) }))
      .sort((a, b) => (rank[a.priority] ?? 9) - (rank[b.priority] ?? 9));
    return { cases };
  },
});
