import { defineAction, field } from '@agent-studio/core';
import { z } from 'zod';

const AccountRow = z.object({ name: z.string(), region: z.string(), tier: z.string(), legalHold: z.boolean() });

/**
 * Lists the accounts the employee may see, optionally in one region. It reads through `ctx.data`:
 * CRUD, FLS and sharing apply, and the app's region policy adds its own filter to the same query.
 */
export const listAccounts = defineAction({
  name: 'list_accounts',
  description: 'List the customer accounts I can see, optionally only those of one region (EMEA, AMER or APAC).',
  audience: 'employee',
  visibility: 'private',
  effect: 'read',
  input: z.object({
    region: field(z.enum(['EMEA', 'AMER', 'APAC']).optional(), { kind: 'text' }),
  }),
  output: z.object({ accounts: z.array(AccountRow) }),
  run: async ({ region }, ctx) => {
    const rows = await ctx.data.query({
      object: 'Account',
      fields: ['Name', 'Region', 'Tier', 'LegalHold'],
      where: region === undefined ? [] : [{ field: 'Region', op: 'eq', value: region }],
      orderBy: [{ field: 'Name', direction: 'asc' }],
      limit: 100,
    });
    return { accounts: rows.map((r) => ({ name: String(r.Name), region: String(r.Region), tier: String(r.Tier), legalHold: r.LegalHold === true })) };
  },
});
