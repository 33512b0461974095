import { expect } from 'chai';
import type { FindRequest } from '../../src/access/DataBackend.js';
import { DataAccessError } from '../../src/errors/DataAccessError.js';
import { MemoryDataBackend } from '../../src/memory/MemoryDataBackend.js';
import type { ModelIndex } from '../../src/model/ModelIndex.js';
import type { SecurityModelInput } from '../../src/model/SecurityModelSchema.js';
import type { DataRecord, RecordShare } from '../../src/model/types.js';
import { fixtureModel } from './fixtures.js';

type Rules = SecurityModelInput['sharingRules'];

async function open(rules: Rules = [], model: ModelIndex = fixtureModel(rules)): Promise<MemoryDataBackend> {
  const backend = new MemoryDataBackend();
  await backend.open(model);
  return backend;
}

function share(object: string, recordId: string, grantee: RecordShare['grantee'], access: RecordShare['access'] = 'Read'): RecordShare {
  return { object, recordId, grantee, access, cause: 'Manual' };
}

const deal = (id: string, owner: string, extra: Record<string, unknown> = {}): DataRecord => ({ Id: id, OwnerId: owner, Name: id, ...extra });

function request(object: string, over: Partial<FindRequest> = {}): FindRequest {
  return { object, fields: ['Id'], where: [], orderBy: [], limit: 2_000, visibility: undefined, ...over };
}

describe(MemoryDataBackend.name, () => {
  describe('R-SHR-1 org-wide defaults', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      for (const object of ['Deal', 'Notice', 'Board']) await backend.insert(object, [deal('r1', 'rep')]);
    });

    it('should give no access to a Private record the user does not own (R-SHR-1)', async () => {
      expect(await backend.recordAccess('Deal', 'r1', 'loner')).to.equal('none');
    });

    it('should give read access to a PublicRead record (R-SHR-1)', async () => {
      expect(await backend.recordAccess('Notice', 'r1', 'loner')).to.equal('read');
    });

    it('should give edit access to a PublicReadWrite record (R-SHR-1)', async () => {
      expect(await backend.recordAccess('Board', 'r1', 'loner')).to.equal('edit');
    });

    it('should report undefined for a record that does not exist (R-SHR-1)', async () => {
      expect(await backend.recordAccess('Deal', 'nope', 'loner')).to.equal(undefined);
    });

    it('should give an inactive or unknown user no access at all (R-SHR-1)', async () => {
      expect(await backend.recordAccess('Board', 'r1', 'gone')).to.equal('none');
      expect(await backend.recordAccess('Board', 'r1', 'stranger')).to.equal('none');
    });
  });

  describe('R-SHR-2 sharing only widens', () => {
    it('should keep edit on a PublicReadWrite record that a Read rule also shares (R-SHR-2)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Board', from: { role: 'SalesRep' }, to: { user: 'loner' }, access: 'Read' }]);
      await backend.insert('Board', [deal('b1', 'rep')]);
      expect(await backend.recordAccess('Board', 'b1', 'loner')).to.equal('edit');
    });

    it('should keep read on a PublicRead record when a Read share also exists (R-SHR-2)', async () => {
      const backend = await open();
      await backend.insert('Notice', [deal('n1', 'rep')]);
      await backend.addShare(share('Notice', 'n1', { user: 'loner' }));
      expect(await backend.recordAccess('Notice', 'n1', 'loner')).to.equal('read');
    });

    it('should take the maximum of a Read rule and a ReadWrite share (R-SHR-2)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Deal', from: { role: 'SalesRep' }, to: { user: 'loner' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep')]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('read');
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }, 'ReadWrite'));
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('edit');
    });

    it('should never lower the owner below full access (R-SHR-2)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Deal', from: { role: 'SalesRep' }, to: { role: 'SalesRep' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.addShare(share('Deal', 'd1', { user: 'rep' }, 'Read'));
      expect(await backend.recordAccess('Deal', 'd1', 'rep')).to.equal('full');
    });
  });

  describe('R-SHR-3 ownership', () => {
    it('should give the owner full access to a Private record (R-SHR-3)', async () => {
      const backend = await open();
      await backend.insert('Deal', [deal('d1', 'loner')]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('full');
    });

    it('should give the owner full access on every org-wide default (R-SHR-3)', async () => {
      const backend = await open();
      for (const object of ['Memo', 'Notice', 'Board']) {
        await backend.insert(object, [deal('x', 'rep')]);
        expect(await backend.recordAccess(object, 'x', 'rep')).to.equal('full');
      }
    });

    it('should follow a change of owner (R-SHR-3)', async () => {
      const backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
      expect(await backend.update('Deal', 'd1', { OwnerId: 'loner' })).to.equal(true);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('full');
      expect(await backend.recordAccess('Deal', 'd1', 'rep')).to.equal('none');
    });

    it('should give an inactive owner nothing (R-SHR-3)', async () => {
      const backend = await open();
      await backend.insert('Deal', [deal('d1', 'gone')]);
      expect(await backend.recordAccess('Deal', 'd1', 'gone')).to.equal('none');
    });
  });

  describe('R-SHR-4 role hierarchy', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.insert('Memo', [deal('m1', 'rep')]);
    });

    it('should give every user above the owner full access (R-SHR-4)', async () => {
      for (const above of ['mgr', 'vp', 'ceo']) expect(await backend.recordAccess('Deal', 'd1', above), above).to.equal('full');
    });

    it('should give nothing sideways: peers in the same role or another branch (R-SHR-4)', async () => {
      for (const side of ['rep2', 'vps', 'smgr']) expect(await backend.recordAccess('Deal', 'd1', side), side).to.equal('none');
    });

    it('should give nothing downwards (R-SHR-4)', async () => {
      await backend.insert('Deal', [deal('d2', 'mgr')]);
      expect(await backend.recordAccess('Deal', 'd2', 'rep')).to.equal('none');
    });

    it('should give users above the owner nothing when the object does not grant access using hierarchies (R-SHR-4)', async () => {
      for (const above of ['mgr', 'vp', 'ceo']) expect(await backend.recordAccess('Memo', 'm1', above), above).to.equal('none');
    });

    it('should extend a share to the users above its grantee, only with hierarchy on (R-SHR-4)', async () => {
      await backend.insert('Deal', [deal('d3', 'loner')]);
      await backend.insert('Memo', [deal('m3', 'loner')]);
      await backend.addShare(share('Deal', 'd3', { user: 'rep' }, 'ReadWrite'));
      await backend.addShare(share('Memo', 'm3', { user: 'rep' }, 'ReadWrite'));
      expect(await backend.recordAccess('Deal', 'd3', 'mgr')).to.equal('edit');
      expect(await backend.recordAccess('Deal', 'd3', 'rep2')).to.equal('none');
      expect(await backend.recordAccess('Memo', 'm3', 'rep')).to.equal('edit');
      expect(await backend.recordAccess('Memo', 'm3', 'mgr')).to.equal('none');
    });

    it('should give full access above an inactive owner (R-SHR-4)', async () => {
      await backend.insert('Deal', [deal('d4', 'gone')]);
      expect(await backend.recordAccess('Deal', 'd4', 'mgr')).to.equal('full');
    });
  });

  describe('R-SHR-5 sharing rules', () => {
    it('should share records owned by a role with another role, and the roles above it (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Deal', from: { role: 'SalesRep' }, to: { role: 'SupportMgr' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep'), deal('d2', 'mgr')]);
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'vps')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd2', 'smgr')).to.equal('none');
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
    });

    it('should share with a role and its subordinates (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Deal', from: { user: 'smgr' }, to: { roleAndSubordinates: 'SalesMgr' }, access: 'ReadWrite' }]);
      await backend.insert('Deal', [deal('d1', 'smgr')]);
      for (const u of ['mgr', 'rep', 'rep2', 'vp', 'ceo']) expect(await backend.recordAccess('Deal', 'd1', u), u).to.be.oneOf(['edit', 'full']);
      expect(await backend.recordAccess('Deal', 'd1', 'vps')).to.equal('full');
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
    });

    it('should share with a public group, nested groups included (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Deal', from: { roleAndSubordinates: 'VPSales' }, to: { group: 'Partners' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep')]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'rep2')).to.equal('none');
    });

    it('should share records matching all criteria (R-SHR-5)', async () => {
      const backend = await open([
        {
          kind: 'criteria',
          name: 'big-open',
          object: 'Deal',
          criteria: [
            { field: 'Stage', op: 'eq', value: 'Open' },
            { field: 'Amount', op: 'gte', value: 1000 },
          ],
          to: { user: 'loner' },
          access: 'ReadWrite',
        },
      ]);
      await backend.insert('Deal', [deal('d1', 'rep', { Stage: 'Open', Amount: 1000 }), deal('d2', 'rep', { Stage: 'Open', Amount: 999 }), deal('d3', 'rep', { Stage: 'Won', Amount: 5000 })]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('edit');
      expect(await backend.recordAccess('Deal', 'd2', 'loner')).to.equal('none');
      expect(await backend.recordAccess('Deal', 'd3', 'loner')).to.equal('none');
    });

    it('should share records matching any criterion with "or" logic (R-SHR-5)', async () => {
      const backend = await open([
        {
          kind: 'criteria',
          name: 'either',
          object: 'Deal',
          logic: 'or',
          criteria: [
            { field: 'Stage', op: 'in', value: ['Won', 'Lost'] },
            { field: 'Region', op: 'eq', value: 'EMEA' },
          ],
          to: { user: 'loner' },
          access: 'Read',
        },
      ]);
      await backend.insert('Deal', [deal('d1', 'rep', { Stage: 'Won' }), deal('d2', 'rep', { Region: 'EMEA' }), deal('d3', 'rep', { Stage: 'Open', Region: 'APAC' })]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd2', 'loner')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd3', 'loner')).to.equal('none');
    });

    it('should never match a criterion on a missing or null value, even "ne" (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'criteria', name: 'not-lost', object: 'Deal', criteria: [{ field: 'Stage', op: 'ne', value: 'Lost' }], to: { user: 'loner' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep', { Stage: null }), deal('d2', 'rep'), deal('d3', 'rep', { Stage: 'Open' })]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
      expect(await backend.recordAccess('Deal', 'd2', 'loner')).to.equal('none');
      expect(await backend.recordAccess('Deal', 'd3', 'loner')).to.equal('read');
    });

    it('should share to a role only with the users directly in it when the object does not use hierarchies (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'owner', name: 'r', object: 'Memo', from: { user: 'loner' }, to: { role: 'SalesRep' }, access: 'Read' }]);
      await backend.insert('Memo', [deal('m1', 'loner')]);
      expect(await backend.recordAccess('Memo', 'm1', 'rep')).to.equal('read');
      expect(await backend.recordAccess('Memo', 'm1', 'mgr')).to.equal('none');
    });

    it('should follow criteria through an update (R-SHR-5)', async () => {
      const backend = await open([{ kind: 'criteria', name: 'won', object: 'Deal', criteria: [{ field: 'Stage', op: 'eq', value: 'Won' }], to: { user: 'loner' }, access: 'Read' }]);
      await backend.insert('Deal', [deal('d1', 'rep', { Stage: 'Open' })]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
      await backend.update('Deal', 'd1', { Stage: 'Won' });
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('read');
    });
  });

  describe('R-SHR-6 manual shares', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
    });

    it('should give read for a Read share (R-SHR-6)', async () => {
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }, 'Read'));
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('read');
    });

    it('should give edit, never full, for a ReadWrite share (R-SHR-6)', async () => {
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }, 'ReadWrite'));
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('edit');
      expect(backend.canAccessSync('loner', 'Deal', 'd1', 'delete')).to.equal(false);
    });

    it('should share with a group, a role and a role with subordinates (R-SHR-6)', async () => {
      await backend.addShare(share('Deal', 'd1', { group: 'Support' }));
      await backend.addShare(share('Deal', 'd1', { role: 'SalesRep' }));
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'rep2')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
      await backend.addShare(share('Deal', 'd1', { roleAndSubordinates: 'CEO' }, 'ReadWrite'));
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('edit');
    });

    it('should only affect the shared record (R-SHR-6)', async () => {
      await backend.insert('Deal', [deal('d2', 'rep')]);
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }));
      expect(await backend.recordAccess('Deal', 'd2', 'loner')).to.equal('none');
    });

    it('should drop a record\'s shares when it is deleted (R-SHR-6)', async () => {
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }));
      expect(await backend.delete('Deal', 'd1')).to.equal(true);
      await backend.insert('Deal', [deal('d1', 'rep')]);
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('none');
    });

    it('should refuse Full Access and malformed grantees (R-SHR-6)', async () => {
      await expect(backend.addShare({ ...share('Deal', 'd1', { user: 'loner' }), access: 'All' as 'Read' })).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      await expect(backend.addShare(share('Deal', 'd1', { user: 'loner', role: 'CEO' } as unknown as RecordShare['grantee']))).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
    });
  });

  describe('R-SHR-7 controlled by parent', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.insert('DealLine', [{ Id: 'l1', Deal: 'd1', Qty: 1 }, { Id: 'l2', Deal: 'missing' }, { Id: 'l3', Deal: null }]);
      await backend.insert('Note', [{ Id: 'n1', Line: 'l1' }]);
    });

    it('should give the detail the access to its master: full, edit, read, none (R-SHR-7)', async () => {
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }, 'ReadWrite'));
      await backend.addShare(share('Deal', 'd1', { user: 'smgr' }, 'Read'));
      expect(await backend.recordAccess('DealLine', 'l1', 'mgr')).to.equal('full');
      expect(await backend.recordAccess('DealLine', 'l1', 'loner')).to.equal('edit');
      expect(await backend.recordAccess('DealLine', 'l1', 'smgr')).to.equal('read');
      expect(await backend.recordAccess('DealLine', 'l1', 'rep2')).to.equal('none');
    });

    it('should follow a chain of masters (R-SHR-7)', async () => {
      expect(await backend.recordAccess('Note', 'n1', 'rep')).to.equal('full');
      expect(await backend.recordAccess('Note', 'n1', 'rep2')).to.equal('none');
    });

    it('should ignore shares on the detail record itself (R-SHR-7)', async () => {
      await backend.addShare(share('DealLine', 'l1', { user: 'loner' }, 'ReadWrite'));
      expect(await backend.recordAccess('DealLine', 'l1', 'loner')).to.equal('none');
    });

    it('should give nothing when the master is missing or unset (R-SHR-7)', async () => {
      expect(await backend.recordAccess('DealLine', 'l2', 'rep')).to.equal('none');
      expect(await backend.recordAccess('DealLine', 'l3', 'rep')).to.equal('none');
    });

    it('should follow a move of the detail to another master (R-SHR-7)', async () => {
      await backend.insert('Deal', [deal('d2', 'loner')]);
      await backend.update('DealLine', 'l1', { Deal: 'd2' });
      expect(await backend.recordAccess('DealLine', 'l1', 'loner')).to.equal('full');
      expect(await backend.recordAccess('DealLine', 'l1', 'rep')).to.equal('none');
    });

    it('should list only the details whose master is visible (R-SHR-7)', async () => {
      const rows = await backend.find(request('DealLine', { visibility: { userId: 'mgr', need: 'read' } }));
      expect(rows.map((r) => r.Id)).to.deep.equal(['l1']);
    });
  });

  describe('R-SHR-9 bypass permissions', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
    });

    it('should not count View All / Modify All as record access (R-SHR-9)', async () => {
      expect(await backend.recordAccess('Deal', 'd1', 'auditor')).to.equal('none');
      expect(await backend.recordAccess('Deal', 'd1', 'admin')).to.equal('none');
    });

    it('should let View All read but not edit or delete (R-SHR-9)', () => {
      expect(backend.canAccessSync('auditor', 'Deal', 'd1', 'read')).to.equal(true);
      expect(backend.canAccessSync('auditor', 'Deal', 'd1', 'edit')).to.equal(false);
      expect(backend.canAccessSync('auditor', 'Deal', 'd1', 'delete')).to.equal(false);
    });

    it('should let Modify All and Modify All Data read, edit and delete (R-SHR-9)', () => {
      for (const op of ['read', 'edit', 'delete'] as const) {
        expect(backend.canAccessSync('boss', 'Deal', 'd1', op), `boss ${op}`).to.equal(true);
        expect(backend.canAccessSync('admin', 'Deal', 'd1', op), `admin ${op}`).to.equal(true);
      }
    });

    it('should still need the object permission (R-SHR-9)', async () => {
      await backend.insert('Memo', [deal('m1', 'rep')]);
      expect(backend.canAccessSync('boss', 'Memo', 'm1', 'read')).to.equal(false);
      expect(backend.canAccessSync('auditor', 'Deal', 'd1', 'edit')).to.equal(false);
    });

    it('should return every row when the request has no visibility filter (R-SHR-9)', async () => {
      await backend.insert('Deal', [deal('d2', 'ceo')]);
      const rows = await backend.find(request('Deal'));
      expect(rows.map((r) => r.Id)).to.deep.equal(['d1', 'd2']);
    });
  });

  describe('R-SHR-10 delete needs full access', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.insert('Board', [deal('b1', 'rep')]);
      await backend.addShare(share('Deal', 'd1', { user: 'loner' }, 'ReadWrite'));
    });

    it('should let the owner and the users above the owner delete (R-SHR-10)', () => {
      for (const u of ['rep', 'mgr', 'ceo']) expect(backend.canAccessSync(u, 'Deal', 'd1', 'delete'), u).to.equal(true);
    });

    it('should not let a ReadWrite share delete (R-SHR-10)', () => {
      expect(backend.canAccessSync('loner', 'Deal', 'd1', 'edit')).to.equal(true);
      expect(backend.canAccessSync('loner', 'Deal', 'd1', 'delete')).to.equal(false);
    });

    it('should not let a PublicReadWrite default delete (R-SHR-10)', () => {
      expect(backend.canAccessSync('loner', 'Board', 'b1', 'edit')).to.equal(true);
      expect(backend.canAccessSync('loner', 'Board', 'b1', 'delete')).to.equal(false);
    });

    it('should find only fully accessible rows when full access is needed (R-SHR-10)', async () => {
      await backend.insert('Deal', [deal('d2', 'loner')]);
      const rows = await backend.find(request('Deal', { visibility: { userId: 'loner', need: 'full' } }));
      expect(rows.map((r) => r.Id)).to.deep.equal(['d2']);
    });
  });

  describe('.find()', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
      await backend.insert('Board', [
        deal('a', 'rep', { Stage: 'Open', Amount: 10, Region: 'EMEA' }),
        deal('b', 'rep', { Stage: 'Won', Amount: 20, Region: null }),
        deal('c', 'mgr', { Stage: 'Open', Amount: 20 }),
        deal('d', 'mgr', { Stage: 'Lost', Amount: 5, Region: 'APAC' }),
      ]);
    });
    const ids = (rows: DataRecord[]): string[] => rows.map((r) => r.Id);
    const where = (field: string, op: FindRequest['where'][number]['op'], value: FindRequest['where'][number]['value']) => request('Board', { where: [{ field, op, value }] });

    it('should apply eq, ne, in, gt, gte, lt and lte', async () => {
      expect(ids(await backend.find(where('Stage', 'eq', 'Open')))).to.deep.equal(['a', 'c']);
      expect(ids(await backend.find(where('Stage', 'ne', 'Open')))).to.deep.equal(['b', 'd']);
      expect(ids(await backend.find(where('Stage', 'in', ['Won', 'Lost'])))).to.deep.equal(['b', 'd']);
      expect(ids(await backend.find(where('Amount', 'gt', 10)))).to.deep.equal(['b', 'c']);
      expect(ids(await backend.find(where('Amount', 'gte', 10)))).to.deep.equal(['a', 'b', 'c']);
      expect(ids(await backend.find(where('Amount', 'lt', 20)))).to.deep.equal(['a', 'd']);
      expect(ids(await backend.find(where('Amount', 'lte', 10)))).to.deep.equal(['a', 'd']);
    });

    it('should never match a missing or null value', async () => {
      expect(ids(await backend.find(where('Region', 'ne', 'EMEA')))).to.deep.equal(['d']);
    });

    it('should look records up by Id eq and Id in', async () => {
      expect(ids(await backend.find(where('Id', 'eq', 'c')))).to.deep.equal(['c']);
      expect(ids(await backend.find(where('Id', 'in', ['d', 'a', 'zz'])))).to.deep.equal(['a', 'd']);
    });

    it('should order by the fields, then by Id ascending, with nulls last ascending and first descending', async () => {
      expect(ids(await backend.find(request('Board', { orderBy: [{ field: 'Amount', direction: 'desc' }] })))).to.deep.equal(['b', 'c', 'a', 'd']);
      expect(ids(await backend.find(request('Board', { orderBy: [{ field: 'Region', direction: 'asc' }] })))).to.deep.equal(['d', 'a', 'b', 'c']);
      expect(ids(await backend.find(request('Board', { orderBy: [{ field: 'Region', direction: 'desc' }] })))).to.deep.equal(['b', 'c', 'a', 'd']);
    });

    it('should order strings by code point, as the SQL backends do', async () => {
      await backend.insert('Board', [deal('e', 'rep', { Name: '\u{1F600}' }), deal('f', 'rep', { Name: '\uFF21' }), deal('g', 'rep', { Name: 'Z' })]);
      const rows = await backend.find(request('Board', { where: [{ field: 'Id', op: 'in', value: ['e', 'f', 'g'] }], orderBy: [{ field: 'Name', direction: 'asc' }] }));
      expect(ids(rows)).to.deep.equal(['g', 'f', 'e']);
    });

    it('should return at most limit rows, the first in order', async () => {
      expect(ids(await backend.find(request('Board', { orderBy: [{ field: 'Amount', direction: 'asc' }], limit: 2 })))).to.deep.equal(['d', 'a']);
      expect(await backend.find(request('Board', { limit: 0 }))).to.deep.equal([]);
    });

    it('should return only the requested fields and Id, null where unset', async () => {
      const [row] = await backend.find(request('Board', { fields: ['Region', 'Stage'], where: [{ field: 'Id', op: 'eq', value: 'c' }] }));
      expect(row).to.deep.equal({ Id: 'c', Region: null, Stage: 'Open' });
    });

    it('should return nothing to an inactive or unknown user', async () => {
      expect(await backend.find(request('Board', { visibility: { userId: 'gone', need: 'read' } }))).to.deep.equal([]);
      expect(await backend.find(request('Board', { visibility: { userId: 'nobody', need: 'read' } }))).to.deep.equal([]);
    });

    it('should reject an unknown object, operator or limit', async () => {
      await expect(backend.find(request('Nope'))).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      await expect(backend.find(where('Stage', 'like' as 'eq', 'x'))).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      await expect(backend.find(request('Board', { limit: -1 }))).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
    });
  });

  describe('storage', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
    });

    it('should store a copy that the caller cannot change', async () => {
      const input = { Id: 'd1', OwnerId: 'rep', Name: 'x', Tags: ['a'] };
      await backend.insert('Deal', [input]);
      input.Name = 'changed';
      input.Tags.push('b');
      const [row] = await backend.find(request('Deal', { fields: ['Name', 'Tags'] }));
      expect(row).to.deep.equal({ Id: 'd1', Name: 'x', Tags: ['a'] });
      ((row as DataRecord).Tags as string[]).push('c');
      const [again] = await backend.find(request('Deal', { fields: ['Tags'] }));
      expect(again?.Tags).to.deep.equal(['a']);
    });

    it('should refuse a duplicate or missing Id, and insert all or none', async () => {
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await expect(backend.insert('Deal', [deal('d2', 'rep'), deal('d1', 'rep')])).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      await expect(backend.insert('Deal', [{ OwnerId: 'rep' } as unknown as DataRecord])).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      expect(await backend.recordAccess('Deal', 'd2', 'rep')).to.equal(undefined);
    });

    it('should update and delete only existing records', async () => {
      expect(await backend.update('Deal', 'nope', { Name: 'x' })).to.equal(false);
      expect(await backend.delete('Deal', 'nope')).to.equal(false);
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await expect(backend.update('Deal', 'd1', { Id: 'd9' })).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'QUERY_INVALID');
      expect(await backend.update('Deal', 'd1', { Name: 'new' })).to.equal(true);
      const [row] = await backend.find(request('Deal', { fields: ['Name'] }));
      expect(row?.Name).to.equal('new');
    });

    it('should keep records and shares across open() with a changed model', async () => {
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.addShare(share('Deal', 'd1', { group: 'Support' }));
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('read');
      await backend.open(fixtureModel([{ kind: 'owner', name: 'r', object: 'Deal', from: { user: 'rep' }, to: { user: 'loner' }, access: 'ReadWrite' }]));
      expect(await backend.recordAccess('Deal', 'd1', 'smgr')).to.equal('read');
      expect(await backend.recordAccess('Deal', 'd1', 'loner')).to.equal('edit');
    });

    it('should refuse to work before open()', async () => {
      const fresh = new MemoryDataBackend();
      await expect(fresh.recordAccess('Deal', 'd1', 'rep')).to.be.rejectedWith(DataAccessError).and.eventually.have.property('code', 'SECURITY_MODEL_INVALID');
      expect(() => fresh.canAccessSync('rep', 'Deal', 'd1', 'read')).to.throw(DataAccessError);
    });

    it('should report its kind and close without losing data', async () => {
      await backend.insert('Deal', [deal('d1', 'rep')]);
      await backend.close();
      expect(backend.kind).to.equal('memory');
      expect(await backend.recordAccess('Deal', 'd1', 'rep')).to.equal('full');
    });
  });

  describe('.canAccessFieldSync()', () => {
    let backend: MemoryDataBackend;
    beforeEach(async () => {
      backend = await open();
    });

    it('should follow field-level security for read and edit (R-FLS-1)', () => {
      expect(backend.canAccessFieldSync('rep', 'Deal', 'Name', 'edit')).to.equal(true);
      expect(backend.canAccessFieldSync('rep', 'Deal', 'Stage', 'read')).to.equal(true);
      expect(backend.canAccessFieldSync('rep', 'Deal', 'Stage', 'edit')).to.equal(false);
      expect(backend.canAccessFieldSync('rep', 'Deal', 'Amount', 'read')).to.equal(false);
      expect(backend.canAccessFieldSync('admin', 'Deal', 'Amount', 'read')).to.equal(true);
    });

    it('should always allow reading Id and never allow unknown fields or inactive users (R-FLS-1)', () => {
      expect(backend.canAccessFieldSync('auditor', 'Deal', 'Id', 'read')).to.equal(true);
      expect(backend.canAccessFieldSync('rep', 'Deal', 'Nope', 'read')).to.equal(false);
      expect(backend.canAccessFieldSync('gone', 'Deal', 'Name', 'read')).to.equal(false);
    });
  });
});
