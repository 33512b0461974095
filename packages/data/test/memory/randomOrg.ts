import type { Criterion, Grantee, SecurityModelInput } from '../../src/model/SecurityModelSchema.js';
import type { DataRecord, RecordShare } from '../../src/model/types.js';

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence.
 * @param seed - any 32-bit integer
 * @returns a function returning floats in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random org: the model, its records by object, and manual shares. */
export interface RandomOrg {
  readonly model: SecurityModelInput;
  readonly records: ReadonlyMap<string, DataRecord[]>;
  readonly shares: RecordShare[];
  readonly userIds: readonly string[];
  readonly random: () => number;
}

/** Sizes of a random org. */
export interface RandomOrgOptions {
  readonly users?: number;
  readonly roles?: number;
  readonly depth?: number;
  readonly groups?: number;
  readonly recordsPerObject?: number;
  readonly shares?: number;
  /** Sharing rules per object with owners (default 3 to 6). */
  readonly rulesPerObject?: number;
}

const STAGES = ['Open', 'Won', 'Lost', 'Hold'] as const;
const REGIONS = ['EMEA', 'APAC', 'AMER'] as const;

/**
 * Builds a random org covering every sharing feature: a role tree at least `depth` deep (plus
 * users without a role), inactive users, nested groups of users, roles and role subtrees, every
 * org-wide default (ControlledByParent in a two-level chain), objects with and without hierarchy,
 * owner- and criteria-based rules (and/or, every operator) to every grantee kind, View All /
 * Modify All permission sets, records with nulls and unknown owners, and manual shares.
 * @param seed - the PRNG seed
 * @param options - sizes
 * @returns the org
 */
export function randomOrg(seed: number, options: RandomOrgOptions = {}): RandomOrg {
  const random = mulberry32(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const userCount = options.users ?? 60;
  const roleCount = options.roles ?? 24;
  const depth = options.depth ?? 6;
  const groupCount = options.groups ?? 7;
  const perObject = options.recordsPerObject ?? 40;

  const roles: { name: string; parent?: string }[] = [];
  for (let i = 0; i < roleCount; i++) {
    const name = `R${i}`;
    if (i === 0) roles.push({ name });
    else if (i < depth) roles.push({ name, parent: `R${i - 1}` });
    else if (chance(0.08)) roles.push({ name }); // a second root
    else roles.push({ name, parent: (pick(roles) as { name: string }).name });
  }
  const roleNames = roles.map((r) => r.name);
  // Every sixth role has no users, so grants to empty roles and subtrees are exercised.
  const staffedRoles = roleNames.filter((_, i) => i % 6 !== 5);
  const userIds = Array.from({ length: userCount }, (_, i) => `u${i}`);
  const users = userIds.map((id) => {
    const permissionSets: string[] = [];
    if (chance(0.05)) permissionSets.push('ViewAllPriv');
    if (chance(0.04)) permissionSets.push('ModifyAllPriv');
    if (chance(0.02)) permissionSets.push('Admin');
    return {
      id,
      profile: chance(0.1) ? 'Limited' : 'Standard',
      permissionSets,
      ...(chance(0.9) ? { role: pick(staffedRoles) } : {}),
      active: !chance(0.08),
    };
  });
  const groups: { name: string; members: { users: string[]; roles: string[]; rolesAndSubordinates: string[]; groups: string[] } }[] = [];
  for (let g = 0; g < groupCount; g++) {
    const members = { users: [] as string[], roles: [] as string[], rolesAndSubordinates: [] as string[], groups: [] as string[] };
    for (let k = int(4); k > 0; k--) members.users.push(pick(userIds));
    if (chance(0.5)) members.roles.push(pick(roleNames));
    if (chance(0.35)) members.rolesAndSubordinates.push(pick(roleNames));
    if (g > 0 && chance(0.4)) members.groups.push(`G${int(g)}`);
    groups.push({ name: `G${g}`, members });
  }
  const groupNames = groups.map((g) => g.name);
  const grantee = (): Grantee => {
    const k = int(4);
    if (k === 0) return { user: pick(userIds) };
    if (k === 1) return { role: pick(roleNames) };
    if (k === 2) return { roleAndSubordinates: pick(roleNames) };
    return { group: pick(groupNames) };
  };

  const fields: NonNullable<SecurityModelInput['objects'][string]>['fields'] = {
    Name: { type: 'string' },
    Stage: { type: 'picklist', values: [...STAGES] },
    Amount: { type: 'number' },
    Region: { type: 'string' },
    Hot: { type: 'boolean' },
  };
  const owned: Record<string, { owd: 'Private' | 'PublicRead' | 'PublicReadWrite'; hierarchy: boolean }> = {
    Priv: { owd: 'Private', hierarchy: true },
    PrivFlat: { owd: 'Private', hierarchy: false },
    PubRead: { owd: 'PublicRead', hierarchy: true },
    PubReadFlat: { owd: 'PublicRead', hierarchy: false },
    PubRW: { owd: 'PublicReadWrite', hierarchy: true },
  };
  const objects: SecurityModelInput['objects'] = {};
  for (const [name, o] of Object.entries(owned)) objects[name] = { owd: o.owd, grantAccessUsingHierarchies: o.hierarchy, fields };
  objects.Line = { owd: 'ControlledByParent', parentField: 'Parent', fields: { Parent: { type: 'reference', reference: 'Priv' }, Qty: { type: 'integer' } } };
  objects.LineFlat = { owd: 'ControlledByParent', parentField: 'Parent', fields: { Parent: { type: 'reference', reference: 'PrivFlat' }, Qty: { type: 'integer' } } };
  objects.SubLine = { owd: 'ControlledByParent', parentField: 'Parent', fields: { Parent: { type: 'reference', reference: 'Line' }, Qty: { type: 'integer' } } };

  const criterion = (): Criterion => {
    switch (int(7)) {
      case 0:
        return { field: 'Stage', op: 'eq', value: pick(STAGES) };
      case 1:
        return { field: 'Stage', op: 'ne', value: pick(STAGES) };
      case 2:
        return { field: 'Region', op: 'in', value: [pick(REGIONS), pick(REGIONS)] };
      case 3:
        return { field: 'Amount', op: pick(['gt', 'gte', 'lt', 'lte'] as const), value: int(100) };
      case 4:
        return { field: 'Hot', op: 'eq', value: true };
      case 5:
        return { field: 'Name', op: pick(['gt', 'lte'] as const), value: `n${int(50)}` };
      default:
        return { field: 'OwnerId', op: 'in', value: [pick(userIds), pick(userIds)] };
    }
  };
  const sharingRules: NonNullable<SecurityModelInput['sharingRules']> = [];
  for (const object of Object.keys(owned)) {
    for (let i = 0, n = options.rulesPerObject ?? 3 + int(4); i < n; i++) {
      const access = chance(0.5) ? 'Read' : 'ReadWrite';
      if (chance(0.5)) sharingRules.push({ kind: 'owner', name: `${object}-o${i}`, object, from: grantee(), to: grantee(), access });
      else sharingRules.push({ kind: 'criteria', name: `${object}-c${i}`, object, criteria: Array.from({ length: 1 + int(3) }, criterion), logic: chance(0.5) ? 'and' : 'or', to: grantee(), access });
    }
  }
  const all = { read: true, create: true, edit: true, delete: true };
  const model: SecurityModelInput = {
    objects,
    profiles: [
      { name: 'Standard', objects: Object.fromEntries(Object.keys(objects).map((o) => [o, all])) },
      { name: 'Limited', objects: { Priv: { read: true }, PubRead: { read: true, edit: true } } },
    ],
    permissionSets: [
      { name: 'ViewAllPriv', objects: { Priv: { read: true, viewAll: true } } },
      { name: 'ModifyAllPriv', objects: { Priv: { read: true, edit: true, delete: true, modifyAll: true } } },
      { name: 'Admin', viewAllData: true },
    ],
    roles,
    groups,
    users,
    sharingRules,
  };

  const owner = (): string => (chance(0.03) ? 'ghost' : pick(userIds));
  const records = new Map<string, DataRecord[]>();
  for (const object of Object.keys(owned)) {
    records.set(
      object,
      Array.from({ length: perObject }, (_, i) => ({
        Id: `${object}-${i}`,
        OwnerId: owner(),
        Name: chance(0.1) ? null : `n${int(60)}`,
        Stage: chance(0.15) ? null : pick(STAGES),
        Amount: chance(0.15) ? null : int(100),
        ...(chance(0.15) ? {} : { Region: pick(REGIONS) }),
        Hot: chance(0.1) ? null : chance(0.5),
      })),
    );
  }
  const lines = (object: string, parent: string) =>
    Array.from({ length: perObject }, (_, i) => ({ Id: `${object}-${i}`, Parent: chance(0.05) ? 'missing' : chance(0.05) ? null : `${parent}-${int(perObject)}`, Qty: i }));
  records.set('Line', lines('Line', 'Priv'));
  records.set('LineFlat', lines('LineFlat', 'PrivFlat'));
  records.set('SubLine', lines('SubLine', 'Line'));

  const shares: RecordShare[] = [];
  const objectNames = [...records.keys()];
  for (let i = 0, n = options.shares ?? perObject * 4; i < n; i++) {
    const object = pick(objectNames);
    shares.push({ object, recordId: `${object}-${int(perObject + 2)}`, grantee: grantee(), access: chance(0.5) ? 'Read' : 'ReadWrite', cause: chance(0.8) ? 'Manual' : 'Team' });
  }
  return { model, records, shares, userIds: [...userIds, 'ghost'], random };
}
