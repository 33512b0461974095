import { ModelIndex } from '../../src/model/ModelIndex.js';
import type { SecurityModelInput, SharingRule } from '../../src/model/SecurityModelSchema.js';

/**
 * A small org for the hand-written requirement tests.
 *
 * Roles:   CEO ─┬─ VPSales ── SalesMgr ── SalesRep
 *               └─ VPSupport ── SupportMgr
 * Users:   ceo (CEO), vp (VPSales), mgr (SalesMgr), rep + rep2 (SalesRep), vps (VPSupport),
 *          smgr (SupportMgr), loner (no role), gone (SalesRep, inactive),
 *          auditor (no role; View All on Deal), admin (no role; Modify All Data).
 * Groups:  Support = { role SupportMgr }, Partners = { user loner, group Support }.
 * Objects: Deal (Private), Memo (Private, no hierarchy), Notice (PublicRead), Board (PublicReadWrite),
 *          DealLine (ControlledByParent → Deal), Note (ControlledByParent → DealLine).
 */
export function fixtureModel(rules: readonly SharingRule[] | SecurityModelInput['sharingRules'] = []): ModelIndex {
  const all = { read: true, create: true, edit: true, delete: true };
  const fields = {
    Name: { type: 'string' },
    Stage: { type: 'picklist', values: ['Open', 'Won', 'Lost'] },
    Amount: { type: 'number' },
    Region: { type: 'string' },
  } as const;
  return ModelIndex.from({
    objects: {
      Deal: { owd: 'Private', fields },
      Memo: { owd: 'Private', grantAccessUsingHierarchies: false, fields },
      Notice: { owd: 'PublicRead', fields },
      Board: { owd: 'PublicReadWrite', fields },
      DealLine: { owd: 'ControlledByParent', parentField: 'Deal', fields: { Deal: { type: 'reference', reference: 'Deal' }, Qty: { type: 'integer' } } },
      Note: { owd: 'ControlledByParent', parentField: 'Line', fields: { Line: { type: 'reference', reference: 'DealLine' }, Body: { type: 'textarea' } } },
    },
    profiles: [
      {
        name: 'Standard',
        objects: { Deal: all, Memo: all, Notice: all, Board: all, DealLine: all, Note: all },
        fields: { 'Deal.Name': { read: true, edit: true }, 'Deal.Stage': { read: true }, 'Deal.OwnerId': { read: true } },
      },
      { name: 'ReadOnly', objects: { Deal: { read: true } } },
    ],
    permissionSets: [
      { name: 'DealAuditor', objects: { Deal: { read: true, viewAll: true } } },
      { name: 'DealBoss', objects: { Deal: { read: true, edit: true, delete: true, modifyAll: true } } },
      { name: 'Admin', modifyAllData: true, fields: { 'Deal.Amount': { read: true, edit: true } } },
    ],
    roles: [
      { name: 'CEO' },
      { name: 'VPSales', parent: 'CEO' },
      { name: 'SalesMgr', parent: 'VPSales' },
      { name: 'SalesRep', parent: 'SalesMgr' },
      { name: 'VPSupport', parent: 'CEO' },
      { name: 'SupportMgr', parent: 'VPSupport' },
    ],
    groups: [
      { name: 'Support', members: { roles: ['SupportMgr'] } },
      { name: 'Partners', members: { users: ['loner'], groups: ['Support'] } },
    ],
    users: [
      { id: 'ceo', profile: 'Standard', role: 'CEO' },
      { id: 'vp', profile: 'Standard', role: 'VPSales' },
      { id: 'mgr', profile: 'Standard', role: 'SalesMgr' },
      { id: 'rep', profile: 'Standard', role: 'SalesRep' },
      { id: 'rep2', profile: 'Standard', role: 'SalesRep' },
      { id: 'vps', profile: 'Standard', role: 'VPSupport' },
      { id: 'smgr', profile: 'Standard', role: 'SupportMgr' },
      { id: 'loner', profile: 'Standard' },
      { id: 'gone', profile: 'Standard', role: 'SalesRep', active: false },
      { id: 'auditor', profile: 'ReadOnly', permissionSets: ['DealAuditor'] },
      { id: 'boss', profile: 'ReadOnly', permissionSets: ['DealBoss'] },
      { id: 'admin', profile: 'Standard', permissionSets: ['Admin'] },
    ],
    sharingRules: rules as SecurityModelInput['sharingRules'],
  });
}
