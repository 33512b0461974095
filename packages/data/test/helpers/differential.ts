import { expect } from 'chai';
import type { DataBackend } from '../../src/access/DataBackend.js';
import { matchesCriterion, referenceRecordAccess } from '../../src/model/referenceAccess.js';
import { ACCESS_RANK, type AccessLevel, NEEDED_LEVEL } from '../../src/model/types.js';
import { type AccessCheck, type ListCheck, type RandomScenario, randomChecks, randomListChecks, randomScenario } from './randomModel.js';

/** Makes a fresh, empty, not yet opened backend; the differential closes it when done. */
export type BackendFactory = () => DataBackend | Promise<DataBackend>;

/** Options of {@link describeBackendDifferential}. */
export interface DifferentialOptions {
  /** Scenario seeds (default five). */
  readonly seeds?: readonly number[];
  /** Checks per scenario (default 2,000, so 10,000 in all). */
  readonly checksPerScenario?: number;
  /** Listings per scenario (default 80): unfiltered, limited, filtered and sorted `find`s compared row for row. */
  readonly listsPerScenario?: number;
  /** Checks in flight at once (default 8). */
  readonly concurrency?: number;
  /** The mocha timeout (default 120 s). */
  readonly timeoutMs?: number;
}

/** One disagreement between a backend and the reference. */
export interface Disagreement {
  /** The backend. */
  readonly backend: string;
  /** The scenario's seed. */
  readonly seed: number;
  /** The check. */
  readonly check: AccessCheck | ListCheck;
  /** What the reference says. */
  readonly expected: unknown;
  /** What the backend says. */
  readonly actual: unknown;
}

/** What a differential run found. */
export interface DifferentialResult {
  /** Checks run (per backend). */
  readonly checks: number;
  /** Listings run (per backend). */
  readonly lists: number;
  /** Agreeing checks, by backend. */
  readonly agreements: Readonly<Record<string, number>>;
  /** The first disagreements (at most 20). */
  readonly disagreements: readonly Disagreement[];
}

/**
 * Loads a scenario into a backend: opens it, inserts nine tenths of every object's records, adds
 * every share (so some shares come before their record, as the reference allows), then inserts
 * the rest.
 * @param backend - a fresh backend
 * @param scenario - the scenario
 */
export async function loadScenario(backend: DataBackend, scenario: RandomScenario): Promise<void> {
  await backend.open(scenario.index);
  const cut = (records: readonly unknown[]) => Math.floor(records.length * 0.9);
  for (const [object, records] of scenario.records) await backend.insert(object, records.slice(0, cut(records)));
  for (const share of scenario.shares) await backend.addShare(share);
  for (const [object, records] of scenario.records) await backend.insert(object, records.slice(cut(records)));
}

/**
 * Runs random checks against backends and the reference evaluator: for each (user, record,
 * operation), `find` restricted to `Id eq <id>` with the user's visibility at the operation's
 * needed level must return the row exactly when `referenceRecordAccess` is at least that level,
 * and `recordAccess` must equal `referenceRecordAccess` (undefined for a record that does not exist).
 * @param factories - the backends, by name
 * @param options - seeds and sizes
 * @returns counts and the first disagreements
 */
export async function runDifferential(factories: Readonly<Record<string, BackendFactory>>, options: DifferentialOptions = {}): Promise<DifferentialResult> {
  const seeds = options.seeds ?? [11, 22, 33, 44, 55];
  const perScenario = options.checksPerScenario ?? 2_000;
  const concurrency = options.concurrency ?? 8;
  const listsPerScenario = options.listsPerScenario ?? 80;
  let lists = 0;
  const names = Object.keys(factories);
  const agreements: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const disagreements: Disagreement[] = [];
  let checks = 0;
  for (const seed of seeds) {
    const scenario = randomScenario(seed);
    const backends: [string, DataBackend][] = [];
    try {
      for (const name of names) {
        const factory = factories[name] as BackendFactory;
        const backend = await factory();
        backends.push([name, backend]);
        await loadScenario(backend, scenario);
      }
      const list = randomChecks(scenario, perScenario, seed * 7919 + 1);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < list.length; i = next++) {
          const check = list[i] as AccessCheck;
          const exists = scenario.dataset.records.get(check.object)?.has(check.recordId) ?? false;
          const reference = referenceRecordAccess(scenario.index, scenario.dataset, check.userId, check.object, check.recordId);
          const need = NEEDED_LEVEL[check.operation] as Exclude<AccessLevel, 'none'>;
          const expected = { access: exists ? reference : undefined, visible: ACCESS_RANK[reference] >= ACCESS_RANK[need] };
          await Promise.all(
            backends.map(async ([name, backend]) => {
              const [rows, access] = await Promise.all([
                backend.find({
                  object: check.object,
                  fields: ['Id'],
                  where: [{ field: 'Id', op: 'eq', value: check.recordId }],
                  orderBy: [],
                  limit: 5,
                  visibility: { userId: check.userId, need },
                }),
                backend.recordAccess(check.object, check.recordId, check.userId),
              ]);
              const actual = { access, visible: rows.length === 1 && rows[0]?.Id === check.recordId };
              if (actual.access === expected.access && actual.visible === expected.visible && rows.length <= 1) {
                agreements[name] = (agreements[name] ?? 0) + 1;
              } else if (disagreements.length < 20) {
                disagreements.push({ backend: name, seed, check, expected, actual });
              }
            }),
          );
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      checks += list.length;
      for (const listing of randomListChecks(scenario, listsPerScenario, seed * 104729 + 3)) {
        const expected = expectedListing(scenario, listing);
        for (const [name, backend] of backends) {
          const rows = await backend.find({
            object: listing.object,
            fields: ['Id'],
            where: listing.where,
            orderBy: listing.orderBy,
            limit: listing.limit,
            visibility: { userId: listing.userId, need: listing.need },
          });
          const actual = rows.map((r) => r.Id);
          if (actual.length === expected.length && actual.every((id, i) => id === expected[i])) {
            agreements[name] = (agreements[name] ?? 0) + 1;
          } else if (disagreements.length < 20) {
            disagreements.push({ backend: name, seed, check: listing, expected, actual });
          }
        }
      }
      lists += listsPerScenario;
    } finally {
      for (const [, backend] of backends) await backend.close();
    }
  }
  return { checks, lists, agreements, disagreements };
}

/**
 * The ids a listing must return, by the reference: records the user may access at the level that
 * match every filter, sorted (then by `Id`), limited.
 * @param scenario - the scenario
 * @param listing - the listing
 * @returns the ids
 */
export function expectedListing(scenario: RandomScenario, listing: ListCheck): string[] {
  const records = scenario.records.get(listing.object) ?? [];
  return records
    .filter((r) => ACCESS_RANK[referenceRecordAccess(scenario.index, scenario.dataset, listing.userId, listing.object, r.Id)] >= ACCESS_RANK[listing.need])
    .filter((r) => listing.where.every((w) => matchesCriterion(r, w)))
    .sort((a, b) => {
      for (const o of listing.orderBy) {
        const c = compareForSort(a[o.field], b[o.field], o.direction);
        if (c !== 0) return c;
      }
      return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
    })
    .map((r) => r.Id)
    .slice(0, listing.limit);
}

/**
 * The sort order backends follow: values of one field compare as JavaScript does (strings by code
 * unit, numbers, false before true); NULL sorts after every value ascending and before every value
 * descending.
 * @param a - a value
 * @param b - another value of the same field
 * @param direction - asc or desc
 * @returns negative, zero or positive
 */
export function compareForSort(a: unknown, b: unknown, direction: 'asc' | 'desc'): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? (direction === 'asc' ? 1 : -1) : direction === 'asc' ? -1 : 1;
  const c = (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  return direction === 'asc' ? c : -c;
}

/**
 * Declares a mocha suite that runs the differential against one backend or several (named), and
 * prints `differential: N checks × a, b — all agree` (or the disagreement counts).
 * @param name - the suite's name (and the backend's, for a single factory)
 * @param factory - a backend factory, or factories by backend name
 * @param options - seeds, sizes and timeout
 * @example
 * ```ts
 * describeBackendDifferential('memory', () => new MemoryDataBackend());
 * ```
 */
export function describeBackendDifferential(name: string, factory: BackendFactory | Readonly<Record<string, BackendFactory>>, options: DifferentialOptions = {}): void {
  const factories: Readonly<Record<string, BackendFactory>> = typeof factory === 'function' ? { [name]: factory } : factory;
  describe(`differential: ${name} vs referenceRecordAccess`, function () {
    this.timeout(options.timeoutMs ?? 120_000);

    it('agrees with the reference on every random (user, record, operation) check', async () => {
      const started = Date.now();
      const result = await runDifferential(factories, options);
      const names = Object.keys(factories);
      const total = result.checks + result.lists;
      const all = names.every((n) => result.agreements[n] === total);
      const counts = names.map((n) => `${n} ${result.agreements[n]}/${total}`).join(', ');
      console.log(
        `      differential: ${result.checks} checks + ${result.lists} listings × ${names.join(', ')} — ${all ? 'all agree' : 'DISAGREEMENTS'} (${counts}; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      expect(result.disagreements, JSON.stringify(result.disagreements.slice(0, 5), null, 1)).to.deep.equal([]);
    });
  });
}
