import type { DataBackend } from '../../src/access/DataBackend.js';
import { ModelIndex } from '../../src/model/ModelIndex.js';
import type { SecurityModelInput } from '../../src/model/SecurityModelSchema.js';
import type { DataRecord, RecordShare } from '../../src/model/types.js';

/**
 * A small org for hand-written sharing tests.
 *
 * ```
 * CEO ─┬─ VP_Sales ─┬─ Manager_East ── Rep_East      ceo · vp · mgrE · repE1 repE2 gone(inactive)
 *      │            └─ Manager_West ── Rep_West      mgrW · repW
 *      └─ VP_Support ── Agent                        sup · agent        norole: no role
 * ```
 *
 * Groups: Escalations {agent}; AllSupport {VP_Support and below, Escalations}; EastTeam {Rep_East}.
 * Objects: Account (Private, hierarchy), Opportunity (Private, no hierarchy), Lead (PublicRead),
 * Task (PublicReadWrite), Contact (controlled by Account), Note (controlled by Contact).
 */
export const ORG_MODEL: SecurityModelInput = {
  objects: {
    Account: {
      owd: 'Private',
      fields: {
        Name: { type: 'string' },
        Region: { type: 'picklist', values: ['East', 'West', 'North'] },
        Amount: { type: 'currency' },
        Score: { type: 'integer' },
        Active: { type: 'boolean' },
        Since: { type: 'date' },
      },
    },
    Opportunity: { owd: 'Private', grantAccessUsingHierarchies: false, fields: { Name: { type: 'string' }, Stage: { type: 'picklist', values: ['Open', 'Closed'] } } },
    Lead: { owd: 'PublicRead', fields: { Name: { type: 'string' } } },
    Task: { owd: 'PublicReadWrite', fields: { Name: { type: 'string' } } },
    Contact: { owd: 'ControlledByParent', parentField: 'Account', fields: { Name: { type: 'string' }, Account: { type: 'reference', reference: 'Account' } } },
    Note: { owd: 'ControlledByParent', parentField: 'Contact', fields: { Body: { type: 'textarea' }, Contact: { type: 'reference', reference: 'Contact' } } },
  },
  profiles: [{ name: 'Standard', objects: { Account: { read: true } } }],
  roles: [
    { name: 'CEO' },
    { name: 'VP_Sales', parent: 'CEO' },
    { name: 'Manager_East', parent: 'VP_Sales' },
    { name: 'Rep_East', parent: 'Manager_East' },
    { name: 'Manager_West', parent: 'VP_Sales' },
    { name: 'Rep_West', parent: 'Manager_West' },
    { name: 'VP_Support', parent: 'CEO' },
    { name: 'Agent', parent: 'VP_Support' },
  ],
  groups: [
    { name: 'Escalations', members: { users: ['agent'] } },
    { name: 'AllSupport', members: { rolesAndSubordinates: ['VP_Support'], groups: ['Escalations'] } },
    { name: 'EastTeam', members: { roles: ['Rep_East'] } },
  ],
  users: [
    { id: 'ceo', profile: 'Standard', role: 'CEO' },
    { id: 'vp', profile: 'Standard', role: 'VP_Sales' },
    { id: 'mgrE', profile: 'Standard', role: 'Manager_East' },
    { id: 'repE1', profile: 'Standard', role: 'Rep_East' },
    { id: 'repE2', profile: 'Standard', role: 'Rep_East' },
    { id: 'gone', profile: 'Standard', role: 'Rep_East', active: false },
    { id: 'mgrW', profile: 'Standard', role: 'Manager_West' },
    { id: 'repW', profile: 'Standard', role: 'Rep_West' },
    { id: 'sup', profile: 'Standard', role: 'VP_Support' },
    { id: 'agent', profile: 'Standard', role: 'Agent' },
    { id: 'norole', profile: 'Standard' },
  ],
  sharingRules: [
    { kind: 'criteria', name: 'west_to_east_managers', object: 'Account', criteria: [{ field: 'Region', op: 'eq', value: 'West' }], to: { role: 'Manager_East' }, access: 'Read' },
    { kind: 'criteria', name: 'big_to_support', object: 'Account', criteria: [{ field: 'Amount', op: 'gte', value: 1_000_000 }], to: { group: 'AllSupport' }, access: 'ReadWrite' },
    { kind: 'criteria', name: 'not_east_to_east_team', object: 'Account', criteria: [{ field: 'Region', op: 'ne', value: 'East' }], to: { group: 'EastTeam' }, access: 'Read' },
    { kind: 'owner', name: 'east_to_west', object: 'Account', from: { role: 'Rep_East' }, to: { roleAndSubordinates: 'Manager_West' }, access: 'Read' },
    { kind: 'owner', name: 'sales_opps_to_escalations', object: 'Opportunity', from: { roleAndSubordinates: 'VP_Sales' }, to: { group: 'Escalations' }, access: 'ReadWrite' },
    { kind: 'criteria', name: 'closed_to_east_managers', object: 'Opportunity', criteria: [{ field: 'Stage', op: 'eq', value: 'Closed' }], to: { role: 'Manager_East' }, access: 'Read' },
  ],
};

/** Records of the org, by object. */
export const ORG_RECORDS: Readonly<Record<string, readonly DataRecord[]>> = {
  Account: [
    { Id: 'A1', OwnerId: 'repE1', Name: 'Acme East', Region: 'East', Amount: 500, Score: 7, Active: true, Since: '2021-03-04' },
    { Id: 'A2', OwnerId: 'repW', Name: 'Big West', Region: 'West', Amount: 2_000_000, Score: 9, Active: false, Since: '2019-12-31' },
    { Id: 'A3', OwnerId: 'agent', Name: 'Nulls', Region: null, Amount: null, Score: null, Active: null, Since: null },
    { Id: 'A4', OwnerId: 'gone', Name: 'Left behind', Region: 'North', Amount: 10, Score: -2, Active: true, Since: '2024-02-29' },
    { Id: 'A5', OwnerId: 'norole', Name: 'Orphan', Region: 'East', Amount: 999_999.5, Score: 0, Active: false, Since: '2020-01-01' },
    { Id: 'A6', OwnerId: 'norole', Name: 'north', Region: 'North', Amount: 5, Score: 3, Active: true, Since: '2022-07-15' },
  ],
  Opportunity: [
    { Id: 'O1', OwnerId: 'repE1', Name: 'Deal 1', Stage: 'Open' },
    { Id: 'O2', OwnerId: 'repE2', Name: 'Deal 2', Stage: 'Closed' },
    { Id: 'O3', OwnerId: 'sup', Name: 'Deal 3', Stage: 'Open' },
  ],
  Lead: [{ Id: 'L1', OwnerId: 'repW', Name: 'Lead 1' }],
  Task: [{ Id: 'T1', OwnerId: 'repW', Name: 'Task 1' }],
  Contact: [
    { Id: 'C1', Name: 'Ann', Account: 'A1' },
    { Id: 'C2', Name: 'Bob', Account: 'A2' },
    { Id: 'C3', Name: 'Orphan', Account: 'A404' },
    { Id: 'C4', Name: 'Nobody', Account: null },
  ],
  Note: [
    { Id: 'N1', Body: 'about Ann', Contact: 'C1' },
    { Id: 'N2', Body: 'about the orphan', Contact: 'C3' },
  ],
};

/** Manual shares of the org. */
export const ORG_SHARES: readonly RecordShare[] = [
  { object: 'Account', recordId: 'A1', grantee: { user: 'sup' }, access: 'Read', cause: 'Manual' },
  { object: 'Account', recordId: 'A5', grantee: { user: 'repW' }, access: 'ReadWrite', cause: 'Manual' },
  { object: 'Account', recordId: 'A4', grantee: { group: 'Escalations' }, access: 'ReadWrite', cause: 'Manual' },
  { object: 'Account', recordId: 'A3', grantee: { roleAndSubordinates: 'Manager_West' }, access: 'Read', cause: 'Team' },
  { object: 'Account', recordId: 'A3', grantee: { role: 'Rep_East' }, access: 'ReadWrite', cause: 'Team' },
  { object: 'Opportunity', recordId: 'O1', grantee: { user: 'repE2' }, access: 'Read', cause: 'Manual' },
];

/** The org's model, validated. */
export const ORG_INDEX = ModelIndex.from(ORG_MODEL);

/**
 * Opens a backend on the org and loads its records and shares.
 * @param backend - a fresh backend
 * @returns the backend
 */
export async function loadOrg<TBackend extends DataBackend>(backend: TBackend): Promise<TBackend> {
  await backend.open(ORG_INDEX);
  for (const [object, records] of Object.entries(ORG_RECORDS)) await backend.insert(object, records);
  for (const share of ORG_SHARES) await backend.addShare(share);
  return backend;
}
