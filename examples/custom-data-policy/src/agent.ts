/**
 * The custom-data-policy example: two record rules of the app's own, written against the
 * `DataPolicy` interface of `@agent-studio/data` and bound with `dataModule({ policies })`, so that
 * `SecureDataAccess` (every action's `ctx.data`) applies them after CRUD, FLS and sharing:
 * users see only the accounts of their own region, and accounts under legal hold cannot be changed
 * or deleted. Data lives in SQLite under the workspace (`AGENT_STUDIO_HOME`, default
 * `.agent-studio/`), where the region filter becomes part of the SQL.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { createSqliteBackend, type DataBackend, type DataPolicy, dataModule, ModelIndex } from '@agent-studio/data';
import { auditModule } from '@agent-studio/plugin-audit';
import { fieldSecurityModule } from '@agent-studio/plugin-field-security';
import { identityModule } from '@agent-studio/plugin-identity';
import { sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { accountsScript } from './accountsScript.js';
import { legalHoldPolicy } from './legalHoldPolicy.js';
import { listAccounts } from './listAccounts.js';
import { regionPolicy } from './regionPolicy.js';
import { seedAccounts, USER_REGIONS } from './seedAccounts.js';
import { updateAccountNotes } from './updateAccountNotes.js';

/** The agent: an account assistant for sales reps. */
export const accountsAgent = defineAgent({
  name: 'region-accounts',
  description: 'Helps sales reps with the accounts of their region.',
  type: 'conversational',
  audience: 'employee',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions: 'You help sales reps with their customer accounts: list them, and update the notes of the account they have open.',
  requestVariables: ['RecordId'],
  capabilities: [{ action: 'list_accounts' }, { action: 'update_account_notes' }],
});

/** The security model (`security.yaml`): CRUD, FLS and sharing. */
export const accountsSecurityModel = ModelIndex.fromYaml(readFileSync(new URL('../../security.yaml', import.meta.url), 'utf8'));

/**
 * The app's own record rules, in the order they are applied.
 * @param backend - where the records live (the legal-hold rule reads the hold flag)
 * @returns the region and legal-hold policies
 */
export function accountPolicies(backend: DataBackend): DataPolicy[] {
  return [
    regionPolicy({ object: 'Account', field: 'Region', regionOf: (userId) => USER_REGIONS[userId] }),
    legalHoldPolicy({ backend, object: 'Account', field: 'LegalHold' }),
  ];
}

/**
 * Opens the SQLite backend under the workspace (seeded on first use).
 * @param home - the workspace directory, or `':memory:'`
 * @returns the opened backend
 */
export async function openAccountsBackend(home: string): Promise<DataBackend> {
  if (home !== ':memory:') mkdirSync(home, { recursive: true });
  const backend = await createSqliteBackend({ filename: home === ':memory:' ? ':memory:' : join(home, 'custom-data-policy.sqlite') });
  await backend.open(accountsSecurityModel);
  const seeded = await backend.find({ object: 'Account', fields: ['Id'], where: [], orderBy: [], limit: 1, visibility: undefined });
  if (seeded.length === 0) await seedAccounts(backend);
  return backend;
}

/**
 * Builds the app.
 * @param options - the workspace directory (default `AGENT_STUDIO_HOME` or `.agent-studio`), or `':memory:'`
 * @returns the app
 */
export async function createAccountsApp(options: { readonly home?: string } = {}) {
  const backend = await openAccountsBackend(options.home ?? process.env.AGENT_STUDIO_HOME ?? '.agent-studio');
  return defineAgentApp({
    agent: accountsAgent,
    actions: [listAccounts, updateAccountNotes],
    modules: [
      // the policies ride with the model and the backend; the sharing-rules plugin hands them to every ctx.data
      dataModule({ model: accountsSecurityModel, backend, policies: accountPolicies(backend) }),
      identityModule(),
      sharingRulesModule(),
      fieldSecurityModule(),
      auditModule(),
    ],
    script: accountsScript,
    sampleMessage: 'Which accounts can I see?',
  });
}

/** The app `agent-studio run` loads. */
export default await createAccountsApp();

export { accountIntentOf, accountsScript } from './accountsScript.js';
export { type LegalHoldPolicyOptions, legalHoldPolicy } from './legalHoldPolicy.js';
export { listAccounts } from './listAccounts.js';
export { type RegionPolicyOptions, regionPolicy } from './regionPolicy.js';
export { ACCOUNT_IDS, seedAccounts, USER_REGIONS } from './seedAccounts.js';
export { updateAccountNotes } from './updateAccountNotes.js';
