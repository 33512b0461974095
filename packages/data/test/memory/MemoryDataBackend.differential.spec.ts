import { expect } from 'chai';
import { MemoryDataBackend } from '../../src/memory/MemoryDataBackend.js';
import { ModelIndex } from '../../src/model/ModelIndex.js';
import { referenceCan, referenceRecordAccess } from '../../src/model/referenceAccess.js';
import { ACCESS_RANK, type AccessLevel, type DataRecord, type RecordOperation, type RecordShare } from '../../src/model/types.js';
import { type RandomOrg, type RandomOrgOptions, randomOrg } from './randomOrg.js';

const OPERATIONS: readonly RecordOperation[] = ['read', 'edit', 'delete'];
const NEEDS: readonly Exclude<AccessLevel, 'none'>[] = ['read', 'edit', 'full'];

/** The reference's view of the backend's data, kept in step with every change. */
class Mirror {
  readonly records = new Map<string, Map<string, DataRecord>>();
  shares: RecordShare[] = [];

  constructor(org: RandomOrg) {
    for (const [object, rows] of org.records) this.records.set(object, new Map(rows.map((r) => [r.Id, r])));
    this.shares = [...org.shares];
  }
}

interface Tally {
  checks: number;
  disagreements: string[];
}

function compareAll(index: ModelIndex, backend: MemoryDataBackend, mirror: Mirror, users: readonly string[], tally: Tally): void {
  for (const [object, rows] of mirror.records) {
    const ids = [...rows.keys(), `${object}-absent`];
    for (const userId of users) {
      for (const id of ids) {
        const exists = rows.has(id);
        const expected = exists ? referenceRecordAccess(index, mirror, userId, object, id) : undefined;
        const actual = backend.accessLevelSync(object, id, userId);
        tally.checks++;
        if (actual !== expected) tally.disagreements.push(`level ${userId} ${object}/${id}: memory ${actual}, reference ${expected}`);
        for (const op of OPERATIONS) {
          const want = referenceCan(index, mirror, userId, object, id, op);
          tally.checks++;
          if (backend.canAccessSync(userId, object, id, op) !== want) tally.disagreements.push(`can ${userId} ${op} ${object}/${id}: reference ${want}`);
        }
      }
    }
  }
}

async function compareFind(index: ModelIndex, backend: MemoryDataBackend, mirror: Mirror, users: readonly string[], tally: Tally): Promise<void> {
  for (const [object, rows] of mirror.records) {
    for (const userId of users) {
      for (const need of NEEDS) {
        const expected = [...rows.keys()].filter((id) => ACCESS_RANK[referenceRecordAccess(index, mirror, userId, object, id)] >= ACCESS_RANK[need]).sort();
        const found = await backend.find({ object, fields: ['Id'], where: [], orderBy: [], limit: 100_000, visibility: { userId, need } });
        tally.checks++;
        const actual = found.map((r) => r.Id);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) tally.disagreements.push(`find ${userId} ${object} ${need}: memory [${actual.join(',')}], reference [${expected.join(',')}]`);
      }
    }
  }
}

/** Random changes through the backend, mirrored for the reference. */
async function mutate(org: RandomOrg, backend: MemoryDataBackend, mirror: Mirror): Promise<void> {
  const r = org.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
  for (let i = 0; i < 120; i++) {
    const object = pick([...mirror.records.keys()]);
    const rows = mirror.records.get(object) as Map<string, DataRecord>;
    const id = pick([...rows.keys()]);
    const kind = r();
    if (kind < 0.35 && id !== undefined) {
      const values: Record<string, unknown> = object.includes('Line') ? { Parent: `${object === 'SubLine' ? 'Line' : object === 'Line' ? 'Priv' : 'PrivFlat'}-${Math.floor(r() * 40)}` } : { OwnerId: pick(org.userIds), Stage: pick(['Open', 'Won', null]), Amount: Math.floor(r() * 100) };
      await backend.update(object, id, values);
      rows.set(id, { ...(rows.get(id) as DataRecord), ...values });
    } else if (kind < 0.5 && id !== undefined) {
      await backend.delete(object, id);
      rows.delete(id);
      mirror.shares = mirror.shares.filter((s) => !(s.object === object && s.recordId === id));
    } else if (kind < 0.65) {
      const newId = `${object}-new${i}`;
      const record: DataRecord = object.includes('Line') ? { Id: newId, Parent: pick([...(mirror.records.get(object === 'SubLine' ? 'Line' : object === 'Line' ? 'Priv' : 'PrivFlat')?.keys() ?? [])]) } : { Id: newId, OwnerId: pick(org.userIds), Stage: 'Open', Amount: 50 };
      await backend.insert(object, [record]);
      rows.set(newId, record);
    } else if (id !== undefined) {
      const grantee = pick<RecordShare['grantee']>([{ user: pick(org.userIds.slice(0, -1)) }, { role: `R${Math.floor(r() * 20)}` }, { roleAndSubordinates: `R${Math.floor(r() * 20)}` }, { group: `G${Math.floor(r() * 7)}` }]);
      const share: RecordShare = { object, recordId: id, grantee, access: r() < 0.5 ? 'Read' : 'ReadWrite', cause: 'Manual' };
      await backend.addShare(share);
      mirror.shares.push(share);
    }
  }
}

describe(`${MemoryDataBackend.name} differential against referenceRecordAccess`, function () {
  this.timeout(300_000);
  const tally: Tally = { checks: 0, disagreements: [] };

  after(() => {
    console.log(`differential(memory): ${tally.checks} checks, ${tally.disagreements.length} disagreements`);
  });

  const orgs: [number, RandomOrgOptions][] = [
    [20260501, {}],
    [7, {}],
    [424242, {}],
    // More than 32 owner-based rules per object: several words per bit set.
    [99, { rulesPerObject: 80, users: 50, recordsPerObject: 30 }],
  ];
  for (const [seed, options] of orgs) {
    it(`should agree on every (user, record) pair of random org ${seed}, before and after random changes`, async () => {
      const before = tally.disagreements.length;
      const org = randomOrg(seed, options);
      const index = ModelIndex.from(org.model);
      const backend = new MemoryDataBackend();
      await backend.open(index);
      for (const [object, rows] of org.records) await backend.insert(object, rows);
      for (const share of org.shares) await backend.addShare(share);
      const mirror = new Mirror(org);

      compareAll(index, backend, mirror, org.userIds, tally);
      await compareFind(index, backend, mirror, org.userIds.slice(0, 20), tally);
      await mutate(org, backend, mirror);
      compareAll(index, backend, mirror, org.userIds, tally);
      // The same data under a re-opened model must still agree.
      await backend.open(index);
      await compareFind(index, backend, mirror, org.userIds.slice(20, 40), tally);

      expect(tally.disagreements.slice(before, before + 10)).to.deep.equal([]);
    });
  }

  it('should have made at least 10,000 checks', () => {
    expect(tally.checks).to.be.at.least(10_000);
  });
});
