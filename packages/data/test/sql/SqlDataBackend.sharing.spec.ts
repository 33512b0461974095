import { expect } from 'chai';
import type { DataBackend } from '../../src/access/DataBackend.js';
import { referenceRecordAccess } from '../../src/model/referenceAccess.js';
import { ACCESS_RANK, type AccessLevel } from '../../src/model/types.js';
import { SqlDataBackend } from '../../src/sql/SqlDataBackend.js';
import { loadOrg, ORG_INDEX, ORG_RECORDS, ORG_SHARES } from '../helpers/orgModel.js';
import { SQL_BACKENDS } from '../helpers/sqlBackends.js';

type Expectations = Readonly<Record<string, AccessLevel>>;

const REFERENCE = {
  records: new Map(Object.entries(ORG_RECORDS).map(([o, list]) => [o, new Map(list.map((r) => [r.Id, r]))])),
  shares: ORG_SHARES,
};

for (const { name, create } of SQL_BACKENDS) {
  describe(`${SqlDataBackend.name} sharing (${name})`, function () {
    this.timeout(30_000);
    let backend: DataBackend;

    before(async () => {
      backend = await loadOrg(await create());
    });

    after(async () => {
      await backend?.close();
    });

    /** Checks recordAccess and find (at every level) for each user, and that the hand-written expectation is the reference's. */
    async function expectAccess(object: string, id: string, expected: Expectations): Promise<void> {
      for (const [userId, level] of Object.entries(expected)) {
        expect(referenceRecordAccess(ORG_INDEX, REFERENCE, userId, object, id), `reference ${object}/${id} for ${userId}`).to.equal(level);
        expect(await backend.recordAccess(object, id, userId), `recordAccess ${object}/${id} for ${userId}`).to.equal(level);
        for (const need of ['read', 'edit', 'full'] as const) {
          const rows = await backend.find({ object, fields: ['Id'], where: [{ field: 'Id', op: 'eq', value: id }], orderBy: [], limit: 10, visibility: { userId, need } });
          expect(
            rows.map((r) => r.Id),
            `find ${object}/${id} for ${userId} at ${need}`,
          ).to.deep.equal(ACCESS_RANK[level] >= ACCESS_RANK[need] ? [id] : []);
        }
      }
    }

    async function visible(object: string, userId: string, need: 'read' | 'edit' | 'full'): Promise<string[]> {
      const rows = await backend.find({ object, fields: ['Id'], where: [], orderBy: [], limit: 100, visibility: { userId, need } });
      return rows.map((r) => r.Id);
    }

    describe('ownership (R-SHR-3)', () => {
      it('should give the owner full access', async () => {
        await expectAccess('Account', 'A1', { repE1: 'full' });
        await expectAccess('Account', 'A5', { norole: 'full' });
        await expectAccess('Opportunity', 'O3', { sup: 'full' });
      });
    });

    describe('org-wide defaults (R-SHR-1)', () => {
      it('should give nothing on a Private record without a grant', async () => {
        await expectAccess('Account', 'A1', { repE2: 'none', agent: 'none', norole: 'none' });
      });

      it('should give read on PublicRead and keep full for the owner and above', async () => {
        await expectAccess('Lead', 'L1', { repW: 'full', mgrW: 'full', agent: 'read', norole: 'read', repE1: 'read' });
      });

      it('should give edit, never full, on PublicReadWrite', async () => {
        await expectAccess('Task', 'T1', { repW: 'full', vp: 'full', agent: 'edit', norole: 'edit' });
        expect(await visible('Task', 'agent', 'full')).to.deep.equal([]);
        expect(await visible('Task', 'agent', 'edit')).to.deep.equal(['T1']);
      });
    });

    describe('role hierarchy (R-SHR-4)', () => {
      it('should give users above the owner full access, strictly up the branch', async () => {
        await expectAccess('Account', 'A1', { mgrE: 'full', vp: 'full', ceo: 'full', sup: 'read' });
      });

      it('should count an inactive owner for the users above', async () => {
        await expectAccess('Account', 'A4', { mgrE: 'full', vp: 'full', ceo: 'full' });
      });

      it('should give nothing through the hierarchy to the owner without a role', async () => {
        await expectAccess('Account', 'A5', { ceo: 'edit', mgrE: 'none', sup: 'none' });
      });

      it('should give nothing above the owner when the object does not grant access using hierarchies', async () => {
        await expectAccess('Opportunity', 'O1', { repE1: 'full', mgrE: 'none', vp: 'none', ceo: 'none' });
      });

      it('should reach users above a share grantee when hierarchy is on', async () => {
        await expectAccess('Account', 'A5', { repW: 'edit', mgrW: 'edit', vp: 'edit' });
      });

      it('should not reach users above a share grantee when hierarchy is off', async () => {
        await expectAccess('Opportunity', 'O1', { repE2: 'read', mgrE: 'none' });
      });
    });

    describe('owner-based sharing rules (R-SHR-5)', () => {
      it('should share records owned by a role with a role and its subordinates', async () => {
        await expectAccess('Account', 'A1', { mgrW: 'read', repW: 'read' });
      });

      it('should share records owned by an inactive member of the role', async () => {
        await expectAccess('Account', 'A4', { mgrW: 'read', repW: 'read' });
      });

      it('should share records owned by a role and subordinates with a group, without hierarchy', async () => {
        await expectAccess('Opportunity', 'O1', { agent: 'edit', sup: 'none' });
        await expectAccess('Opportunity', 'O2', { agent: 'edit' });
        await expectAccess('Opportunity', 'O3', { agent: 'none' });
      });
    });

    describe('criteria-based sharing rules (R-SHR-5)', () => {
      it('should share matching records with a role, and only that role when hierarchy is off', async () => {
        await expectAccess('Account', 'A2', { mgrE: 'read' });
        await expectAccess('Opportunity', 'O2', { mgrE: 'read', vp: 'none', repE1: 'none' });
      });

      it('should share matching records with a group of nested groups and role subtrees', async () => {
        await expectAccess('Account', 'A2', { sup: 'edit', agent: 'edit', ceo: 'full' });
      });

      it('should share with users above the group members when hierarchy is on', async () => {
        await expectAccess('Account', 'A6', { repE1: 'read', repE2: 'read', mgrE: 'read', vp: 'read', ceo: 'read', mgrW: 'none', norole: 'full' });
      });

      it('should never match a criterion on NULL, not even ne', async () => {
        await expectAccess('Account', 'A3', { repE1: 'edit', sup: 'full' });
        await expectAccess('Account', 'A1', { repE2: 'none' });
      });

      it('should compare numbers as numbers', async () => {
        await expectAccess('Account', 'A5', { sup: 'none', agent: 'none' });
      });
    });

    describe('manual shares (R-SHR-6)', () => {
      it('should give a user the shared level', async () => {
        await expectAccess('Account', 'A1', { sup: 'read' });
      });

      it('should give a group, a role, and a role with subordinates the shared level', async () => {
        await expectAccess('Account', 'A4', { agent: 'edit' });
        await expectAccess('Account', 'A3', { repE1: 'edit', repE2: 'edit', mgrW: 'read', repW: 'read' });
      });

      it('should give users above a group member the group share', async () => {
        await expectAccess('Account', 'A4', { sup: 'edit' });
      });

      it('should take the highest of several grants', async () => {
        await expectAccess('Account', 'A3', { vp: 'edit', mgrE: 'edit' });
      });
    });

    describe('controlled by parent (R-SHR-7)', () => {
      it('should give the access to the master record', async () => {
        await expectAccess('Contact', 'C1', { repE1: 'full', mgrE: 'full', mgrW: 'read', sup: 'read', agent: 'none' });
        await expectAccess('Contact', 'C2', { sup: 'edit', mgrE: 'read', repW: 'full' });
      });

      it('should follow a chain of masters', async () => {
        await expectAccess('Note', 'N1', { repE1: 'full', mgrW: 'read', agent: 'none' });
      });

      it('should give nothing when the master is missing or unset', async () => {
        await expectAccess('Contact', 'C3', { ceo: 'none', repE1: 'none' });
        await expectAccess('Contact', 'C4', { ceo: 'none' });
        await expectAccess('Note', 'N2', { ceo: 'none' });
      });
    });

    describe('inactive and unknown users', () => {
      it('should give an inactive user nothing, not even on their own records', async () => {
        await expectAccess('Account', 'A4', { gone: 'none' });
        await expectAccess('Account', 'A3', { gone: 'none' });
        expect(await visible('Lead', 'gone', 'read')).to.deep.equal([]);
      });

      it('should give an unknown user nothing', async () => {
        expect(await backend.recordAccess('Lead', 'L1', 'stranger')).to.equal('none');
        expect(await visible('Lead', 'stranger', 'read')).to.deep.equal([]);
      });
    });

    describe('delete needs full access (R-SHR-10)', () => {
      it('should list for delete only records owned by the user or below', async () => {
        expect(await visible('Account', 'mgrE', 'full')).to.deep.equal(['A1', 'A4']);
        expect(await visible('Account', 'repW', 'full')).to.deep.equal(['A2']);
      });

      it('should never give full access through a ReadWrite share or rule', async () => {
        await expectAccess('Account', 'A5', { repW: 'edit' });
        await expectAccess('Account', 'A2', { sup: 'edit' });
        expect(await visible('Account', 'sup', 'full')).to.deep.equal(['A3']);
      });
    });

    describe('.find()', () => {
      it('should return every visible record at each level, in Id order', async () => {
        expect(await visible('Account', 'mgrE', 'read')).to.deep.equal(['A1', 'A2', 'A3', 'A4', 'A6']);
        expect(await visible('Account', 'mgrE', 'edit')).to.deep.equal(['A1', 'A3', 'A4']);
        expect(await visible('Account', 'repW', 'read')).to.deep.equal(['A1', 'A2', 'A3', 'A4', 'A5']);
        expect(await visible('Account', 'norole', 'read')).to.deep.equal(['A5', 'A6']);
        expect(await visible('Contact', 'sup', 'read')).to.deep.equal(['C1', 'C2']);
      });

      it('should return every record without a visibility', async () => {
        const rows = await backend.find({ object: 'Account', fields: ['Id'], where: [], orderBy: [], limit: 100, visibility: undefined });
        expect(rows.map((r) => r.Id)).to.deep.equal(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
      });
    });

    describe('.recordAccess()', () => {
      it('should return undefined for a record that does not exist', async () => {
        expect(await backend.recordAccess('Account', 'A404', 'ceo')).to.equal(undefined);
        expect(await backend.recordAccess('Contact', 'C404', 'ceo')).to.equal(undefined);
      });
    });
  });
}
