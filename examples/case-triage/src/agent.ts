/**
 * The case-triage example: an employee agent for support cases. Listing and re-prioritising run at
 * once; closing or deleting a case waits for an approver who may see (and close or delete) that
 * case, then runs once as the employee who asked. Data lives in SQLite under the workspace
 * (`AGENT_STUDIO_HOME`, default `.agent-studio/`), pending actions in the CLI's store, so every
 * step may run in its own process.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { createSqliteBackend, dataModule, ModelIndex } from '@agent-studio/data';
import { approvalsModule, recordAccessApproverPolicy } from '@agent-studio/plugin-approvals';
import { auditModule } from '@agent-studio/plugin-audit';
import { fieldSecurityModule } from '@agent-studio/plugin-field-security';
import { identityModule } from '@agent-studio/plugin-identity';
import { SharingAccess, sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { caseTriageScript } from './caseTriageScript.js';
import { closeCase } from './closeCase.js';
import { deleteCase } from './deleteCase.js';
import { listMyOpenCases } from './listMyOpenCases.js';
import { seedCases } from './seedCases.js';
import { updateCasePriority } from './updateCasePriority.js';

/** The agent: closing or deleting a case waits for an approver; listing and priority changes do not. */
export const caseTriageAgent = defineAgent({
  name: 'case-triage',
  description: 'Helps support agents triage their cases; closing or deleting one waits for a team lead.',
  type: 'conversational',
  audience: 'employee',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions:
    'You help support agents triage their cases. List their open cases, change the priority of the case they have open, and close or delete it when asked. Closing and deleting wait for a team lead.',
  requestVariables: ['RecordId'],
  capabilities: [
    { action: 'list_my_open_cases' },
    { action: 'update_case_priority' },
    { action: 'close_case', hitl: 'approval' },
    { action: 'delete_case', hitl: 'approval' },
  ],
});

/** The security model (`security.yaml`). */
export const caseSecurityModel = ModelIndex.fromYaml(readFileSync(new URL('../../security.yaml', import.meta.url), 'utf8'));

/**
 * Builds the app on a SQLite file under the workspace (seeded on first use).
 * @param options - the workspace directory (default `AGENT_STUDIO_HOME` or `.agent-studio`), or `':memory:'`
 * @returns the app
 */
export async function createCaseTriageApp(options: { readonly home?: string } = {}) {
  const home = options.home ?? process.env.AGENT_STUDIO_HOME ?? '.agent-studio';
  if (home !== ':memory:') mkdirSync(home, { recursive: true });
  const backend = await createSqliteBackend({ filename: home === ':memory:' ? ':memory:' : join(home, 'case-triage.sqlite') });
  await backend.open(caseSecurityModel);
  const seeded = await backend.find({ object: 'Case', fields: ['Id'], where: [], orderBy: [], limit: 1, visibility: undefined });
  if (seeded.length === 0) await seedCases(backend);
  return defineAgentApp({
    agent: caseTriageAgent,
    actions: [listMyOpenCases, updateCasePriority, closeCase, deleteCase],
    modules: [
      dataModule({ model: caseSecurityModel, backend }),
      identityModule(),
      sharingRulesModule(),
      fieldSecurityModule(),
      // an approver must see the case and be allowed to do the same to it: edit to close, full access to delete
      approvalsModule({
        approverPolicy: recordAccessApproverPolicy(new SharingAccess(caseSecurityModel, backend), { close_case: 'Case', delete_case: 'Case' }),
        approvers: { close_case: ['u-lee'], delete_case: ['u-lee'] },
      }),
      // every step and decision on the runtime's trace store (`agent-studio trace show <runId>`)
      auditModule(),
    ],
    script: caseTriageScript,
    sampleMessage: 'Which of my cases are still open?',
  });
}

/** The app `agent-studio run` loads. */
export default await createCaseTriageApp();

export { CASE_IDS, seedCases } from './seedCases.js';
export { caseTriageScript, intentOf } from './caseTriageScript.js';
export { closeCase } from './closeCase.js';
export { deleteCase } from './deleteCase.js';
export { listMyOpenCases } from './listMyOpenCases.js';
export { updateCasePriority } from './updateCasePriority.js';
