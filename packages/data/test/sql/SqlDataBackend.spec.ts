import { expect } from 'chai';
import type { DataBackend, FindRequest } from '../../src/access/DataBackend.js';
import { ModelIndex } from '../../src/model/ModelIndex.js';
import type { SecurityModelInput } from '../../src/model/SecurityModelSchema.js';
import type { QueryFilter } from '../../src/model/types.js';
import { SqlDataBackend } from '../../src/sql/SqlDataBackend.js';
import { loadOrg, ORG_INDEX, ORG_MODEL } from '../helpers/orgModel.js';
import { SQL_BACKENDS } from '../helpers/sqlBackends.js';

const ALL = { userId: 'ceo', need: 'read' } as const;

/** A find request over Account with defaults. */
function accounts(over: Partial<FindRequest> = {}): FindRequest {
  return { object: 'Account', fields: ['Id'], where: [], orderBy: [], limit: 100, visibility: undefined, ...over };
}

for (const { name, create } of SQL_BACKENDS.filter((b) => b.name !== 'postgres (scan shapes)')) {
  describe(`${SqlDataBackend.name} (${name})`, function () {
    this.timeout(30_000);

    context('when reading the org', () => {
      let backend: DataBackend;
      before(async () => {
        backend = await loadOrg(await create());
      });
      after(async () => {
        await backend?.close();
      });

      const ids = async (where: readonly QueryFilter[], over: Partial<FindRequest> = {}) => (await backend.find(accounts({ where, ...over }))).map((r) => r.Id);

      describe('.find() values', () => {
        it('should read values back with their JavaScript types, and NULL as null', async () => {
          const rows = await backend.find(accounts({ fields: ['Id', 'OwnerId', 'Name', 'Region', 'Amount', 'Score', 'Active', 'Since'], where: [{ field: 'Id', op: 'in', value: ['A2', 'A3'] }] }));
          expect(rows).to.deep.equal([
            { Id: 'A2', OwnerId: 'repW', Name: 'Big West', Region: 'West', Amount: 2_000_000, Score: 9, Active: false, Since: '2019-12-31' },
            { Id: 'A3', OwnerId: 'agent', Name: 'Nulls', Region: null, Amount: null, Score: null, Active: null, Since: null },
          ]);
        });

        it('should return only the requested fields, Id first', async () => {
          const rows = await backend.find(accounts({ fields: ['Name'], where: [{ field: 'Id', op: 'eq', value: 'A1' }] }));
          expect(rows).to.deep.equal([{ Id: 'A1', Name: 'Acme East' }]);
        });
      });

      describe('.find() filters', () => {
        it('should compare strings exactly and by code point', async () => {
          expect(await ids([{ field: 'Region', op: 'eq', value: 'East' }])).to.deep.equal(['A1', 'A5']);
          expect(await ids([{ field: 'Region', op: 'eq', value: 'east' }])).to.deep.equal([]);
          expect(await ids([{ field: 'Name', op: 'gt', value: 'Z' }])).to.deep.equal(['A6']);
          expect(await ids([{ field: 'Since', op: 'lt', value: '2020-06-01' }])).to.deep.equal(['A2', 'A5']);
        });

        it('should compare numbers, integers and booleans', async () => {
          expect(await ids([{ field: 'Amount', op: 'gte', value: 999_999.5 }])).to.deep.equal(['A2', 'A5']);
          expect(await ids([{ field: 'Amount', op: 'lt', value: 10 }])).to.deep.equal(['A6']);
          expect(await ids([{ field: 'Score', op: 'lte', value: 0 }])).to.deep.equal(['A4', 'A5']);
          expect(await ids([{ field: 'Score', op: 'gt', value: 6.5 }])).to.deep.equal(['A1', 'A2']);
          expect(await ids([{ field: 'Active', op: 'eq', value: true }])).to.deep.equal(['A1', 'A4', 'A6']);
          expect(await ids([{ field: 'Active', op: 'gt', value: false }])).to.deep.equal(['A1', 'A4', 'A6']);
        });

        it('should never match NULL, not even with ne', async () => {
          expect(await ids([{ field: 'Region', op: 'ne', value: 'East' }])).to.deep.equal(['A2', 'A4', 'A6']);
          expect(await ids([{ field: 'Amount', op: 'ne', value: 0 }])).to.not.include('A3');
        });

        it('should treat a value of another type as never equal, as the reference does', async () => {
          expect(await ids([{ field: 'Score', op: 'eq', value: '9' }])).to.deep.equal([]);
          expect(await ids([{ field: 'Score', op: 'gt', value: '0' }])).to.deep.equal([]);
          expect(await ids([{ field: 'Score', op: 'ne', value: '9' }])).to.deep.equal(['A1', 'A2', 'A4', 'A5', 'A6']);
          expect(await ids([{ field: 'Active', op: 'eq', value: 1 }])).to.deep.equal([]);
          expect(await ids([{ field: 'Region', op: 'in', value: ['West', 3] }])).to.deep.equal(['A2']);
          expect(await ids([{ field: 'Region', op: 'in', value: [] }])).to.deep.equal([]);
        });

        it('should combine filters with AND', async () => {
          expect(await ids([{ field: 'Region', op: 'in', value: ['East', 'North'] }, { field: 'Amount', op: 'lt', value: 600 }])).to.deep.equal(['A1', 'A4', 'A6']);
        });

        it('should bind values, never splice them into SQL', async () => {
          expect(await ids([{ field: 'Name', op: 'eq', value: `x' OR '1'='1` }])).to.deep.equal([]);
          expect(await ids([{ field: 'Name', op: 'eq', value: 'Acme East"; DROP TABLE "Account"; --' }])).to.deep.equal([]);
          expect(await ids([])).to.have.length(6);
        });

        it('should apply filters together with visibility', async () => {
          expect(await ids([{ field: 'Amount', op: 'gt', value: 100 }], { visibility: { userId: 'mgrE', need: 'read' } })).to.deep.equal(['A1', 'A2']);
          expect(await ids([{ field: 'Region', op: 'eq', value: 'North' }], { visibility: { userId: 'repE1', need: 'read' } })).to.deep.equal(['A4', 'A6']);
        });
      });

      describe('.find() order and limit', () => {
        it('should sort ascending with NULLs last and break ties by Id', async () => {
          expect(await ids([], { orderBy: [{ field: 'Region', direction: 'asc' }] })).to.deep.equal(['A1', 'A5', 'A4', 'A6', 'A2', 'A3']);
        });

        it('should sort descending with NULLs first and break ties by Id ascending', async () => {
          expect(await ids([], { orderBy: [{ field: 'Amount', direction: 'desc' }] })).to.deep.equal(['A3', 'A2', 'A5', 'A1', 'A4', 'A6']);
          expect(await ids([], { orderBy: [{ field: 'Active', direction: 'desc' }] })).to.deep.equal(['A3', 'A1', 'A4', 'A6', 'A2', 'A5']);
        });

        it('should sort by several fields', async () => {
          expect(await ids([], { orderBy: [{ field: 'Active', direction: 'asc' }, { field: 'Score', direction: 'desc' }] })).to.deep.equal(['A2', 'A5', 'A1', 'A6', 'A4', 'A3']);
        });

        it('should limit after sorting, with and without visibility', async () => {
          expect(await ids([], { limit: 2, orderBy: [{ field: 'Score', direction: 'desc' }] })).to.deep.equal(['A3', 'A2']);
          expect(await ids([], { limit: 3, orderBy: [{ field: 'Score', direction: 'asc' }], visibility: { userId: 'mgrE', need: 'read' } })).to.deep.equal(['A4', 'A6', 'A1']);
          expect(await ids([], { limit: 3, visibility: { userId: 'repW', need: 'read' } })).to.deep.equal(['A1', 'A2', 'A3']);
          expect(await ids([], { limit: 1, orderBy: [{ field: 'Name', direction: 'asc' }], visibility: { userId: 'norole', need: 'read' } })).to.deep.equal(['A5']);
        });
      });

      describe('invalid requests', () => {
        it('should refuse an unknown object with QUERY_INVALID', async () => {
          await expect(backend.find(accounts({ object: 'Nope' }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.recordAccess('Nope', 'x', 'ceo')).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.insert('Nope', [{ Id: 'x' }])).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
        });

        it('should refuse an unknown field, operator, direction or limit with QUERY_INVALID', async () => {
          await expect(backend.find(accounts({ fields: ['Id', 'Nope'] }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ where: [{ field: 'Nope', op: 'eq', value: 1 }] }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ where: [{ field: 'Name', op: 'like' as 'eq', value: 'x' }] }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ where: [{ field: 'Name', op: 'in', value: 'x' }] }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ orderBy: [{ field: 'Name', direction: 'up' as 'asc' }] }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ limit: 0 }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.find(accounts({ visibility: { userId: 'ceo', need: 'none' as 'read' } }))).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
        });

        it('should refuse OwnerId on an object controlled by its parent', async () => {
          await expect(backend.find({ ...accounts(), object: 'Contact', fields: ['Id', 'OwnerId'], visibility: ALL })).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
        });
      });
    });

    context('when writing', () => {
      let backend: DataBackend;
      beforeEach(async () => {
        backend = await loadOrg(await create());
      });
      afterEach(async () => {
        await backend?.close();
      });

      describe('.insert()', () => {
        it('should refuse unknown fields and a missing Id with QUERY_INVALID', async () => {
          await expect(backend.insert('Account', [{ Id: 'A9', Nope: 1 }])).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.insert('Account', [{ Name: 'x' } as never])).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.insert('Contact', [{ Id: 'C9', OwnerId: 'ceo' }])).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
        });

        it('should refuse a value of the wrong type with INPUT_VALIDATION', async () => {
          for (const values of [{ Score: 1.5 }, { Score: '3' }, { Amount: Number.NaN }, { Active: 'yes' }, { Name: 5 }, { Since: new Date() }]) {
            await expect(backend.insert('Account', [{ Id: 'A9', OwnerId: 'ceo', ...values }])).to.be.rejected.and.eventually.have.property('code', 'INPUT_VALIDATION');
          }
        });

        it('should insert many records in one call', async () => {
          const many = Array.from({ length: 2_500 }, (_, i) => ({ Id: `B${String(i).padStart(5, '0')}`, OwnerId: 'repE2', Score: i, Active: i % 2 === 0 }));
          await backend.insert('Account', many);
          const rows = await backend.find(accounts({ where: [{ field: 'Score', op: 'gte', value: 2_490 }], fields: ['Id', 'Score', 'Active'], visibility: { userId: 'mgrE', need: 'full' } }));
          expect(rows).to.have.length(10);
          expect(rows[0]).to.deep.equal({ Id: 'B02490', Score: 2_490, Active: true });
        });

        it('should insert nothing when one record is invalid', async () => {
          await expect(backend.insert('Account', [{ Id: 'A7', OwnerId: 'ceo' }, { Id: 'A1', OwnerId: 'ceo' }])).to.be.rejected;
          expect(await backend.recordAccess('Account', 'A7', 'ceo')).to.equal(undefined);
        });
      });

      describe('.update()', () => {
        it('should change values and report whether the record existed', async () => {
          expect(await backend.update('Account', 'A1', { Region: 'West', Score: null, Active: false })).to.equal(true);
          expect(await backend.update('Account', 'A404', { Region: 'West' })).to.equal(false);
          expect(await backend.update('Account', 'A1', {})).to.equal(true);
          expect(await backend.update('Account', 'A404', {})).to.equal(false);
          const rows = await backend.find(accounts({ fields: ['Region', 'Score', 'Active'], where: [{ field: 'Id', op: 'eq', value: 'A1' }] }));
          expect(rows).to.deep.equal([{ Id: 'A1', Region: 'West', Score: null, Active: false }]);
        });

        it('should move access with the data: a criteria rule now matches, a transfer changes the owner', async () => {
          expect(await backend.recordAccess('Account', 'A1', 'repE2')).to.equal('none');
          await backend.update('Account', 'A1', { Region: 'West' });
          expect(await backend.recordAccess('Account', 'A1', 'repE2')).to.equal('read');
          await backend.update('Account', 'A1', { OwnerId: 'agent' });
          expect(await backend.recordAccess('Account', 'A1', 'sup')).to.equal('full');
          expect(await backend.recordAccess('Account', 'A1', 'repE1')).to.equal('read');
        });

        it('should refuse to change Id or unknown fields with QUERY_INVALID', async () => {
          await expect(backend.update('Account', 'A1', { Id: 'A9' })).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.update('Account', 'A1', { Nope: 1 })).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          await expect(backend.update('Account', 'A1', { Score: 'x' })).to.be.rejected.and.eventually.have.property('code', 'INPUT_VALIDATION');
        });
      });

      describe('.delete()', () => {
        it('should delete the record and its shares', async () => {
          expect(await backend.delete('Account', 'A1')).to.equal(true);
          expect(await backend.delete('Account', 'A1')).to.equal(false);
          expect(await backend.recordAccess('Account', 'A1', 'sup')).to.equal(undefined);
          await backend.insert('Account', [{ Id: 'A1', OwnerId: 'repE1', Region: 'East' }]);
          expect(await backend.recordAccess('Account', 'A1', 'sup')).to.equal('none');
        });
      });

      describe('.addShare()', () => {
        it('should keep the higher level when the same share is added twice', async () => {
          await backend.addShare({ object: 'Account', recordId: 'A1', grantee: { user: 'agent' }, access: 'ReadWrite', cause: 'Manual' });
          await backend.addShare({ object: 'Account', recordId: 'A1', grantee: { user: 'agent' }, access: 'Read', cause: 'Manual' });
          expect(await backend.recordAccess('Account', 'A1', 'agent')).to.equal('edit');
        });

        it('should apply a share added before its record once the record is inserted', async () => {
          await backend.addShare({ object: 'Account', recordId: 'A9', grantee: { user: 'agent' }, access: 'ReadWrite', cause: 'Manual' });
          expect(await backend.recordAccess('Account', 'A9', 'agent')).to.equal(undefined);
          await backend.insert('Account', [{ Id: 'A9', OwnerId: 'ceo' }]);
          expect(await backend.recordAccess('Account', 'A9', 'agent')).to.equal('edit');
          const rows = await backend.find(accounts({ visibility: { userId: 'agent', need: 'edit' } }));
          expect(rows.map((r) => r.Id)).to.deep.equal(['A2', 'A3', 'A4', 'A9']);
        });

        it('should refuse shares of detail records, bad levels, grantees and causes with QUERY_INVALID', async () => {
          const share = { object: 'Account', recordId: 'A1', grantee: { user: 'agent' }, access: 'Read', cause: 'Manual' } as const;
          for (const bad of [
            { ...share, object: 'Contact', recordId: 'C1' },
            { ...share, access: 'Full' },
            { ...share, grantee: { team: 'x' } },
            { ...share, grantee: { user: 'a', role: 'b' } },
            { ...share, cause: '' },
            { ...share, object: 'Nope' },
          ]) {
            await expect(backend.addShare(bad as never)).to.be.rejected.and.eventually.have.property('code', 'QUERY_INVALID');
          }
        });
      });
    });

    context('when the model changes', () => {
      let backend: DataBackend;
      beforeEach(async () => {
        backend = await create();
      });
      afterEach(async () => {
        await backend?.close();
      });

      it('should refuse use before open() with CONFIG_INVALID', async () => {
        await expect(backend.find(accounts())).to.be.rejected.and.eventually.have.property('code', 'CONFIG_INVALID');
      });

      it('should open twice without losing data', async () => {
        await loadOrg(backend);
        await backend.open(ORG_INDEX);
        expect(await backend.recordAccess('Account', 'A1', 'sup')).to.equal('read');
      });

      it('should add new objects, fields and users, keep old columns, and rebuild visibility', async () => {
        await loadOrg(backend);
        const grown: SecurityModelInput = {
          ...ORG_MODEL,
          objects: {
            ...ORG_MODEL.objects,
            Account: { owd: 'Private', fields: { Name: { type: 'string' }, Region: { type: 'picklist', values: ['East', 'West', 'North'] }, Amount: { type: 'currency' }, Tier: { type: 'integer' } } },
            Invoice: { owd: 'Private', fields: { Total: { type: 'number' } } },
          },
          users: [...(ORG_MODEL.users ?? []), { id: 'newbie', profile: 'Standard', role: 'Manager_West' }],
        };
        await backend.open(ModelIndex.from(grown));
        await backend.update('Account', 'A1', { Tier: 2 });
        await backend.insert('Invoice', [{ Id: 'I1', OwnerId: 'repW', Total: 12.5 }]);
        expect(await backend.find(accounts({ fields: ['Name', 'Tier'], where: [{ field: 'Tier', op: 'eq', value: 2 }] }))).to.deep.equal([{ Id: 'A1', Name: 'Acme East', Tier: 2 }]);
        expect(await backend.recordAccess('Invoice', 'I1', 'newbie')).to.equal('full');
        expect(await backend.recordAccess('Account', 'A1', 'newbie')).to.equal('read');
        await backend.open(ORG_INDEX);
        const rows = await backend.find(accounts({ fields: ['Score'], where: [{ field: 'Id', op: 'eq', value: 'A1' }] }));
        expect(rows).to.deep.equal([{ Id: 'A1', Score: 7 }]);
      });

      it('should refuse object names a SQL table cannot carry with SECURITY_MODEL_INVALID', async () => {
        const bad = (objects: SecurityModelInput['objects']) => backend.open(ModelIndex.from({ profiles: [{ name: 'P' }], objects }));
        await expect(bad({ as_share: { owd: 'Private', fields: {} } })).to.be.rejected.and.eventually.have.property('code', 'SECURITY_MODEL_INVALID');
        await expect(bad({ Thing: { owd: 'Private', fields: {} }, thing: { owd: 'Private', fields: {} } })).to.be.rejected.and.eventually.have.property('code', 'SECURITY_MODEL_INVALID');
        await expect(bad({ Thing: { owd: 'Private', fields: { Size: { type: 'string' }, size: { type: 'string' } } } })).to.be.rejected.and.eventually.have.property('code', 'SECURITY_MODEL_INVALID');
        await expect(bad({ Thing: { owd: 'Private', fields: { ownerid: { type: 'string' } } } })).to.be.rejected.and.eventually.have.property('code', 'SECURITY_MODEL_INVALID');
      });
    });
  });
}
