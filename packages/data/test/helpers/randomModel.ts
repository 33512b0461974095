import { ModelIndex } from '../../src/model/ModelIndex.js';
import type { ReferenceDataset } from '../../src/model/referenceAccess.js';
import type { Criterion, FieldDefinition, Grantee, SecurityModelInput, SharingRule } from '../../src/model/SecurityModelSchema.js';
import type { DataRecord, QueryFilter, RecordOperation, RecordShare } from '../../src/model/types.js';

/**
 * The mulberry32 PRNG: a tiny, fast, seedable generator of floats in [0, 1).
 * @param seed - any 32-bit integer
 * @returns the generator
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

/** Seeded random helpers. */
export class Rng {
  readonly #next: () => number;

  /** @param seed - the seed */
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** @returns a float in [0, 1) */
  float(): number {
    return this.#next();
  }

  /**
   * @param n - the bound
   * @returns an integer in [0, n)
   */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /**
   * @param lo - lowest
   * @param hi - highest
   * @returns an integer in [lo, hi]
   */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /**
   * @param p - the probability
   * @returns true with probability p
   */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /**
   * @param items - a non-empty list
   * @returns one item
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /**
   * @param items - a list
   * @param k - how many
   * @returns up to k distinct items
   */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(this.int(copy.length), 1)[0] as T);
    return out;
  }
}

/** A generated model with its records and shares. */
export interface RandomScenario {
  /** The seed it was generated from. */
  readonly seed: number;
  /** The model, as data. */
  readonly model: SecurityModelInput;
  /** The validated model. */
  readonly index: ModelIndex;
  /** Records by object, in insertion order (masters before details). */
  readonly records: ReadonlyMap<string, readonly DataRecord[]>;
  /** Manual and programmatic shares, in insertion order. */
  readonly shares: readonly RecordShare[];
  /** The same data, as the reference evaluator reads it. */
  readonly dataset: ReferenceDataset;
}

/** One generated check. */
export interface AccessCheck {
  /** The user asking (sometimes unknown). */
  readonly userId: string;
  /** The object. */
  readonly object: string;
  /** The record id (sometimes one that does not exist). */
  readonly recordId: string;
  /** The operation. */
  readonly operation: RecordOperation;
}

/** One generated listing: every record of an object a user may access at a level, filtered. */
export interface ListCheck {
  /** The user asking. */
  readonly userId: string;
  /** The object. */
  readonly object: string;
  /** The least access a row must give. */
  readonly need: 'read' | 'edit' | 'full';
  /** Filters (a condition on null is false). */
  readonly where: readonly QueryFilter[];
  /** The most rows (a large limit returns every visible row). */
  readonly limit: number;
  /** Sort order before the `Id` tiebreak (NULLs last ascending, first descending). */
  readonly orderBy: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
}

/** Options of {@link randomScenario}. */
export interface RandomScenarioOptions {
  /** How many users (at least 50; default 60). */
  readonly users?: number;
  /** Records per owned object (default 150). */
  readonly recordsPerObject?: number;
  /** Manual shares (default 180). */
  readonly shares?: number;
}

const OWDS = ['Private', 'PublicRead', 'PublicReadWrite'] as const;
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'Alpha', '', 'zeta', 'éclair', 'Zulu'];
const STATUSES = ['New', 'Open', 'Closed', 'Escalated'];
const DATES = ['2023-12-31', '2024-01-05', '2024-02-29', '2024-06-30', '2025-01-01'];

const FIELDS = {
  Name: { type: 'string', classification: 'Internal', pii: false, required: false },
  Status: { type: 'picklist', values: STATUSES, classification: 'Internal', pii: false, required: false },
  Amount: { type: 'currency', classification: 'Internal', pii: false, required: false },
  Qty: { type: 'integer', classification: 'Internal', pii: false, required: false },
  Flag: { type: 'boolean', classification: 'Internal', pii: false, required: false },
  Due: { type: 'date', classification: 'Internal', pii: false, required: false },
} as const satisfies Readonly<Record<string, FieldDefinition>>;

/**
 * Generates a random security model, records and shares from a seed: at least 50 users (some
 * inactive, some without a role), a role tree at least 6 levels deep, nested groups, owner- and
 * criteria-based rules to users, roles, roles with subordinates and groups, manual shares, and
 * objects with every org-wide default: `Account` (Private, PublicRead or PublicReadWrite in turn),
 * `Case` (always Private), `Note` and `Entry` (ControlledByParent: Note → Account, Entry → Note),
 * each owned object with the hierarchy flag on or off.
 * @param seed - the seed
 * @param options - sizes
 * @returns the scenario
 */
export function randomScenario(seed: number, options: RandomScenarioOptions = {}): RandomScenario {
  const rng = new Rng(seed);
  const userCount = Math.max(50, options.users ?? 60);
  const perObject = options.recordsPerObject ?? 150;

  // Role tree: a chain of six levels, then random branches under any role.
  const roles: { name: string; parent?: string }[] = [];
  for (let i = 0; i < 6; i++) roles.push(i === 0 ? { name: 'R0' } : { name: `R${i}`, parent: `R${i - 1}` });
  for (let i = 6; i < 26; i++) roles.push({ name: `R${i}`, parent: rng.pick(roles).name });
  const roleNames = roles.map((r) => r.name);

  const users = Array.from({ length: userCount }, (_, i) => {
    const role = rng.chance(0.1) ? undefined : rng.pick(roleNames);
    return { id: `u${i}`, profile: 'Standard', active: !rng.chance(0.12), ...(role === undefined ? {} : { role }) };
  });
  const userIds = users.map((u) => u.id);

  const groups: { name: string; members: { users: string[]; roles: string[]; rolesAndSubordinates: string[]; groups: string[] } }[] = [];
  for (let g = 0; g < 7; g++) {
    groups.push({
      name: `G${g}`,
      members: {
        users: rng.sample(userIds, rng.between(0, 4)),
        roles: rng.sample(roleNames, rng.between(0, 2)),
        rolesAndSubordinates: rng.chance(0.4) ? rng.sample(roleNames, 1) : [],
        groups: g > 0 ? rng
            .sample(
              groups.map((x) => x.name),
              rng.between(0, 2),
            ) : [],
      },
    });
  }
  const groupNames = groups.map((g) => g.name);

  const grantee = (): Grantee => {
    switch (rng.int(4)) {
      case 0:
        return { user: rng.pick(userIds) };
      case 1:
        return { role: rng.pick(roleNames) };
      case 2:
        return { roleAndSubordinates: rng.pick(roleNames) };
      default:
        return { group: rng.pick(groupNames) };
    }
  };

  const owned = ['Account', 'Case'];
  const objects = {
    Account: { owd: OWDS[seed % 3] as (typeof OWDS)[number], grantAccessUsingHierarchies: rng.chance(0.5), fields: { ...FIELDS } },
    Case: { owd: 'Private' as const, grantAccessUsingHierarchies: rng.chance(0.5), fields: { ...FIELDS } },
    Note: {
      owd: 'ControlledByParent' as const,
      parentField: 'Account',
      fields: { Name: FIELDS.Name, Qty: FIELDS.Qty, Account: { type: 'reference' as const, reference: 'Account' } },
    },
    Entry: {
      owd: 'ControlledByParent' as const,
      parentField: 'Note',
      fields: { Name: FIELDS.Name, Note: { type: 'reference' as const, reference: 'Note' } },
    },
  };

  const valueFor = (field: string): unknown => {
    if (rng.chance(0.15)) return null;
    switch (field) {
      case 'Name':
        return rng.pick(WORDS);
      case 'Status':
        return rng.pick(STATUSES);
      case 'Amount':
        return rng.between(-4, 20) * 2.5;
      case 'Qty':
        return rng.between(-3, 12);
      case 'Flag':
        return rng.chance(0.5);
      default:
        return rng.pick(DATES);
    }
  };
  const criterionValue = (field: string): Criterion['value'] => {
    if (rng.chance(0.1)) return rng.pick<Criterion['value']>(['5', 5, true, 'Open', 0]);
    const v = valueFor(field);
    return v === null ? (field === 'Flag' ? false : field === 'Qty' || field === 'Amount' ? 3 : 'beta') : (v as string | number | boolean);
  };
  const criterion = (): Criterion => {
    const field = rng.pick(['Name', 'Status', 'Amount', 'Qty', 'Flag', 'Due', 'OwnerId']);
    const op = rng.pick(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] as const);
    if (op === 'in') {
      const pool: (string | number)[] = [];
      for (let i = rng.between(1, 3); i > 0; i--) {
        const v = field === 'OwnerId' ? rng.pick(userIds) : criterionValue(field);
        if (typeof v === 'string' || typeof v === 'number') pool.push(v);
      }
      return { field, op, value: pool };
    }
    return { field, op, value: field === 'OwnerId' ? rng.pick(userIds) : criterionValue(field) };
  };

  const sharingRules: SharingRule[] = [];
  for (const object of owned) {
    for (let i = rng.between(2, 5); i > 0; i--) {
      const name = `${object}_rule_${sharingRules.length}`;
      const access = rng.pick(['Read', 'ReadWrite'] as const);
      if (rng.chance(0.5)) {
        sharingRules.push({ kind: 'owner', name, object, from: grantee(), to: grantee(), access });
      } else {
        const criteria = Array.from({ length: rng.between(1, 3) }, criterion);
        sharingRules.push({ kind: 'criteria', name, object, criteria, logic: rng.pick(['and', 'or'] as const), to: grantee(), access });
      }
    }
  }

  const model: SecurityModelInput = {
    objects,
    profiles: [
      {
        name: 'Standard',
        objects: Object.fromEntries(Object.keys(objects).map((o) => [o, { read: true, create: true, edit: true, delete: true }])),
      },
    ],
    roles,
    groups,
    users,
    sharingRules,
  };
  const index = ModelIndex.from(model);

  const owner = (): string | null => (rng.chance(0.03) ? `ghost${rng.int(3)}` : rng.chance(0.02) ? null : rng.pick(userIds));
  const records = new Map<string, DataRecord[]>();
  for (const object of owned) {
    const list: DataRecord[] = [];
    for (let i = 0; i < perObject; i++) {
      const r: Record<string, unknown> = { Id: `${object.slice(0, 2)}${i}`, OwnerId: owner() };
      for (const f of Object.keys(FIELDS)) r[f] = valueFor(f);
      list.push(r as DataRecord);
    }
    records.set(object, list);
  }
  const accountIds = (records.get('Account') ?? []).map((r) => r.Id);
  const notes: DataRecord[] = [];
  for (let i = 0; i < perObject; i++) {
    const parent = rng.chance(0.04) ? null : rng.chance(0.04) ? 'Ac-missing' : rng.pick(accountIds);
    notes.push({ Id: `No${i}`, Name: valueFor('Name'), Qty: valueFor('Qty'), Account: parent });
  }
  records.set('Note', notes);
  const entries: DataRecord[] = [];
  for (let i = 0; i < Math.floor(perObject / 2); i++) {
    const parent = rng.chance(0.05) ? 'No-missing' : rng.pick(notes).Id;
    entries.push({ Id: `En${i}`, Name: valueFor('Name'), Note: parent });
  }
  records.set('Entry', entries);

  const shares: RecordShare[] = [];
  for (let i = options.shares ?? 180; i > 0; i--) {
    const object = rng.pick(owned);
    const recordId = rng.chance(0.03) ? `${object}-missing` : rng.pick(records.get(object) ?? []).Id;
    const g = rng.chance(0.03) ? { user: 'ghost0' } : grantee();
    shares.push({ object, recordId, grantee: g, access: rng.pick(['Read', 'ReadWrite'] as const), cause: rng.chance(0.8) ? 'Manual' : 'Reason_Team' });
  }

  const dataset: ReferenceDataset = {
    records: new Map([...records].map(([o, list]) => [o, new Map(list.map((r) => [r.Id, r]))])),
    shares,
  };
  return { seed, model, index, records, shares, dataset };
}

/**
 * Random (user, record, operation) checks over a scenario: every user (inactive ones too, and
 * now and then an unknown one), every object, now and then a record that does not exist.
 * @param scenario - the scenario
 * @param count - how many checks
 * @param seed - the seed
 * @returns the checks
 */
export function randomChecks(scenario: RandomScenario, count: number, seed: number): AccessCheck[] {
  const rng = new Rng(seed);
  const users = [...scenario.index.users().map((u) => u.id)];
  const objects = [...scenario.records.keys()];
  const out: AccessCheck[] = [];
  for (let i = 0; i < count; i++) {
    const object = rng.pick(objects);
    const list = scenario.records.get(object) ?? [];
    out.push({
      userId: rng.chance(0.01) ? 'nobody' : rng.pick(users),
      object,
      recordId: rng.chance(0.02) || list.length === 0 ? `${object}-nope` : rng.pick(list).Id,
      operation: rng.pick(['read', 'edit', 'delete'] as const),
    });
  }
  return out;
}

const FILTER_VALUES: Readonly<Record<string, readonly (string | number | boolean)[]>> = {
  Name: ['alpha', 'beta', 'Alpha', '', 'gamma', 'zeta'],
  Status: ['Open', 'Closed', 'New'],
  Amount: [0, 2.5, 10, 17.5, -5],
  Qty: [0, 3, 7, 3.5, -1],
  Flag: [true, false],
  Due: ['2024-01-05', '2024-06-30', '2024'],
};

/**
 * Random listings over a scenario: no filters with a limit that returns every visible row, no
 * filters with a small limit, one random filter (sometimes of another type than the field's), or
 * a sort on a random field.
 * @param scenario - the scenario
 * @param count - how many listings
 * @param seed - the seed
 * @returns the listings
 */
export function randomListChecks(scenario: RandomScenario, count: number, seed: number): ListCheck[] {
  const rng = new Rng(seed);
  const users = scenario.index.users().map((u) => u.id);
  const objects = [...scenario.records.keys()];
  const out: ListCheck[] = [];
  for (let i = 0; i < count; i++) {
    const object = rng.pick(objects);
    const variant = i % 4;
    const where: QueryFilter[] = [];
    const orderBy: { field: string; direction: 'asc' | 'desc' }[] = [];
    if (variant === 3) {
      const fields = scenario.index.fieldNames(object).filter((f) => f !== 'Id');
      orderBy.push({ field: rng.pick(fields), direction: rng.pick(['asc', 'desc'] as const) });
    }
    if (variant === 2) {
      const fields = scenario.index.fieldNames(object).filter((f) => f in FILTER_VALUES);
      const field = rng.pick(fields);
      const pool = rng.chance(0.15) ? ['x', 4, true] : (FILTER_VALUES[field] ?? ['x']);
      const op = rng.pick(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'] as const);
      const value = op === 'in' ? rng.sample(pool, 2).filter((v): v is string | number => typeof v !== 'boolean') : rng.pick(pool);
      where.push({ field, op, value });
    }
    out.push({ userId: rng.pick(users), object, need: rng.pick(['read', 'edit', 'full'] as const), where, orderBy, limit: variant === 1 || (variant === 3 && rng.chance(0.5)) ? 7 : 2_000 });
  }
  return out;
}
