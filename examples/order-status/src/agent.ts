/**
 * The order-status example: a service agent that verifies a customer, then fetches only that
 * customer's order (SPEC §12), on the data-security plugins with the security model in
 * `security.yaml`, behind the trust layer (prompt safety, PII masking, output guard). `npm start` at the repository root runs it with the scripted model.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { createSqliteBackend, dataModule, ModelIndex } from '@agent-studio/data';
import { auditModule } from '@agent-studio/plugin-audit';
import { fieldSecurityModule } from '@agent-studio/plugin-field-security';
import { identityModule } from '@agent-studio/plugin-identity';
import { outputGuardModule } from '@agent-studio/plugin-output-guard';
import { piiMaskingModule } from '@agent-studio/plugin-pii-masking';
import { promptSafetyModule } from '@agent-studio/plugin-prompt-safety';
import { sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { OrderActions } from './OrderActions.js';
import { orderStatusScript } from './orderStatusScript.js';
import { seedOrders } from './seedOrders.js';

/** The agent definition. */
export const orderStatusAgent = defineAgent({
  name: 'order-status',
  description: 'Answers customers about their orders, after verifying them.',
  type: 'conversational',
  audience: 'service',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions:
    "You help customers of Example Shop with the status of their orders. Verify the customer with verify_customer before looking up any order. Only discuss the verified customer's own orders.",
  capabilities: [{ action: 'verify_customer' }, { action: 'get_order' }, { action: 'get_contact_details' }],
});

/** The security model (objects, permissions, roles, sharing rules). */
export const securityModel = ModelIndex.fromYaml(readFileSync(new URL('../../security.yaml', import.meta.url), 'utf8'));

/**
 * Builds the app on SQLite, the embedded default: a file under `.agent-studio/` that survives a
 * restart (seeded with the demo records on first use), or a private in-memory database.
 * @param options - the database file (default `.agent-studio/order-status.sqlite`), or `':memory:'`
 * @returns the app
 */
export async function createOrderStatusApp(options: { readonly filename?: string } = {}) {
  const filename = options.filename ?? '.agent-studio/order-status.sqlite';
  if (filename !== ':memory:') mkdirSync('.agent-studio', { recursive: true });
  const backend = await createSqliteBackend({ filename });
  await backend.open(securityModel);
  const seeded = await backend.find({ object: 'Contact', fields: ['Id'], where: [], orderBy: [], limit: 1, visibility: undefined });
  if (seeded.length === 0) await seedOrders(backend);
  return defineAgentApp({
    agent: orderStatusAgent,
    actionProviders: [new OrderActions()],
    modules: [
      dataModule({ model: securityModel, backend }),
      identityModule({ serviceUsers: { 'order-status': 'svc-order-status' } }),
      sharingRulesModule(),
      fieldSecurityModule(),
      // the trust layer: screen input and tool results, mask personal data, bound the reply
      promptSafetyModule({ enabled: true, mode: 'block' }),
      piiMaskingModule({ preset: 'standard' }),
      outputGuardModule({ defaults: { maxReplyChars: 2_000 } }),
      // the audit trail: every step and decision in the trace store, content masked (`agent-studio trace show <runId>`)
      auditModule(),
    ],
    script: orderStatusScript,
    sampleMessage: "Hi, I'm jane@example.com, postal code 94105. Where is my order ORD-1002? And which phone number do you have for me?",
  });
}

/** The app `agent-studio run` loads. */
export default await createOrderStatusApp();

export { OrderActions } from './OrderActions.js';
export { orderStatusScript } from './orderStatusScript.js';
export { seedOrders } from './seedOrders.js';
