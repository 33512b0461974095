import { defineAgent } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import type { ActionDefinition } from '@agent-studio/core';
import { dataModule, MemoryDataBackend, ModelIndex } from '@agent-studio/data';
import { identityModule, type IdentityOptionsInput } from '@agent-studio/plugin-identity';
import { sharingRulesModule } from '../../src/index.js';

/** Accounts: private, owned by sales reps in a two-level role tree; a service user that sees Web accounts. */
export const model = ModelIndex.from({
  objects: {
    Account: {
      owd: 'Private',
      fields: { Name: { type: 'string' }, Segment: { type: 'picklist', values: ['Web', 'Enterprise'] }, Revenue: { type: 'currency', classification: 'Confidential' } },
    },
  },
  profiles: [
    {
      name: 'Rep',
      objects: { Account: { read: true, create: true, edit: true, delete: true } },
      fields: { 'Account.Name': { read: true, edit: true }, 'Account.Segment': { read: true, edit: true }, 'Account.Revenue': { read: true } },
    },
    { name: 'Service', objects: { Account: { read: true } }, fields: { 'Account.Name': { read: true }, 'Account.Segment': { read: true } } },
  ],
  roles: [{ name: 'Director' }, { name: 'RepA', parent: 'Director' }, { name: 'RepB', parent: 'Director' }, { name: 'Service' }],
  users: [
    { id: 'dir', profile: 'Rep', role: 'Director' },
    { id: 'ann', profile: 'Rep', role: 'RepA' },
    { id: 'bob', profile: 'Rep', role: 'RepB' },
    { id: 'svc', profile: 'Service', role: 'Service' },
  ],
  sharingRules: [{ kind: 'criteria', name: 'web-to-service', object: 'Account', criteria: [{ field: 'Segment', op: 'eq', value: 'Web' }], to: { role: 'Service' }, access: 'Read' }],
});

/**
 * A container with the memory backend seeded with two accounts (one per rep), identity and
 * sharing rules.
 * @param options - agent audience, actions, script and identity options
 * @returns the test container and the backend
 */
export async function setup(options: { audience: 'employee' | 'service'; actions: ActionDefinition[]; script: ScriptStep[]; identity?: IdentityOptionsInput }) {
  const backend = new MemoryDataBackend();
  await backend.open(model);
  await backend.insert('Account', [
    { Id: 'acc-ann-web', OwnerId: 'ann', Name: 'Ann Web Co', Segment: 'Web', Revenue: 10 },
    { Id: 'acc-bob-ent', OwnerId: 'bob', Name: 'Bob Enterprise', Segment: 'Enterprise', Revenue: 99 },
  ]);
  const agent = defineAgent({ name: 'crm', audience: options.audience, model: { name: 'm' }, instructions: 'x', capabilities: options.actions.map((a) => ({ action: a.name })) });
  const t = await createTestContainer({
    agents: [agent],
    actions: options.actions,
    modules: [dataModule({ model, backend }), identityModule(options.identity ?? { serviceUsers: { crm: 'svc' } }), sharingRulesModule()],
    script: options.script,
  });
  const decisions: { kind: string; reason: string }[] = [];
  t.runtime.events.on('decision:recorded', (e) => decisions.push(e));
  return { t, backend, decisions };
}
