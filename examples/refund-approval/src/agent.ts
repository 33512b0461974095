/**
 * The refund-approval example: an employee agent whose `refund_order` calls wait for a manager.
 * `agent-studio run` suspends the run; `agent-studio approvals approve <id> --as u-mia` resumes it
 * as the support agent who asked, and the refund runs once. Data lives in SQLite under the
 * workspace (`AGENT_STUDIO_HOME`, default `.agent-studio/`), pending actions and costs in the CLI's
 * store, so every step may run in its own process.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { createSqliteBackend, dataModule, ModelIndex } from '@agent-studio/data';
import { approvalsModule, recordAccessApproverPolicy } from '@agent-studio/plugin-approvals';
import { costAccountingModule } from '@agent-studio/plugin-cost-accounting';
import { fieldSecurityModule } from '@agent-studio/plugin-field-security';
import { rationaleModule } from '@agent-studio/plugin-rationale';
import { auditModule } from '@agent-studio/plugin-audit';
import { identityModule } from '@agent-studio/plugin-identity';
import { SharingAccess, sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { refundOrder } from './refundOrder.js';
import { refundScript } from './refundScript.js';

/** The agent: refunds need the support agent's confirmation and a manager's approval. */
export const refundAgent = defineAgent({
  name: 'refund-desk',
  description: 'Helps support agents refund orders; every refund waits for a manager.',
  type: 'conversational',
  audience: 'employee',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions: 'You help support agents with refunds on the order they have open. Call refund_order with the amount in cents.',
  requestVariables: ['RecordId'],
  capabilities: [{ action: 'refund_order', hitl: 'approval' }],
});

/** The security model. */
export const refundSecurityModel = ModelIndex.fromYaml(readFileSync(new URL('../../security.yaml', import.meta.url), 'utf8'));

/** The demo order Sam has open. */
export const DEMO_ORDER_ID = '801000000000101';

/**
 * Builds the app on a SQLite file under the workspace (seeded on first use).
 * @param options - the workspace directory (default `AGENT_STUDIO_HOME` or `.agent-studio`), or `':memory:'`
 * @returns the app
 */
export async function createRefundApprovalApp(options: { readonly home?: string } = {}) {
  const home = options.home ?? process.env.AGENT_STUDIO_HOME ?? '.agent-studio';
  if (home !== ':memory:') mkdirSync(home, { recursive: true });
  const backend = await createSqliteBackend({ filename: home === ':memory:' ? ':memory:' : join(home, 'refund-approval.sqlite') });
  await backend.open(refundSecurityModel);
  const seeded = await backend.find({ object: 'Order', fields: ['Id'], where: [], orderBy: [], limit: 1, visibility: undefined });
  if (seeded.length === 0) {
    await backend.insert('Order', [{ Id: DEMO_ORDER_ID, OwnerId: 'u-sam', OrderNumber: 'ORD-3001', Status: 'delivered', TotalCents: 8900, RefundedCents: 0 }]);
  }
  return defineAgentApp({
    agent: refundAgent,
    actions: [refundOrder],
    modules: [
      dataModule({ model: refundSecurityModel, backend }),
      identityModule(),
      sharingRulesModule(),
      fieldSecurityModule(),
      // approvers must be able to see and edit the order (SPEC §15 row 8); the store and issuer come from the runtime
      approvalsModule({ approverPolicy: recordAccessApproverPolicy(new SharingAccess(refundSecurityModel, backend), { refund_order: 'Order' }), approvers: { refund_order: ['u-mia'] } }),
      costAccountingModule(),
      // every tool call carries the model's reason (R-RAT-3)...
      rationaleModule({ enabled: true }),
      // ...which the audit trail keeps on the runtime's trace store with every step and decision (R-AUDIT-1..4)
      auditModule(),
    ],
    script: refundScript,
    sampleMessage: 'The customer on this order got a damaged item. Please refund 25.00.',
  });
}

/** The app `agent-studio run` loads. */
export default await createRefundApprovalApp();
