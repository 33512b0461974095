import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ConcurrencyDecision, ConcurrencyLimiter } from '../../stores/ConcurrencyLimiter.js';
import type { ConcurrencyRule } from '../../stores/ConcurrencyRule.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const RULE: ConcurrencyRule = { limit: 3, leaseMs: LEASE };

/**
 * Declares a mocha suite that checks a {@link ConcurrencyLimiter} keeps its contract: exactly
 * `limit` leases of a key are held at once, also under concurrent acquires; a release frees a
 * slot and is idempotent; a lease not released frees itself once the clock passes `leaseMs`; keys
 * (tenants) are isolated; and bad input is refused with `CONFIG_INVALID`. Call it at the top level
 * of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh limiter for each test, reading time from the given clock (the
 *   suite moves the clock; no timers are involved)
 * @param cleanup - runs after each test (close connections, drop keys)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeConcurrencyLimiterConformance('MemoryConcurrencyLimiter', (clock) => new MemoryConcurrencyLimiter({ clock }));
 * ```
 * @category Testing
 */
export function describeConcurrencyLimiterConformance(
  name: string,
  factory: (clock: () => number) => Promise<ConcurrencyLimiter> | ConcurrencyLimiter,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (ConcurrencyLimiter conformance)`, () => {
    let limiter: ConcurrencyLimiter;
    let now: number;
    let keyA: string;
    let keyB: string;

    beforeEach(async () => {
      now = T0;
      limiter = await factory(() => now);
      keyA = `tenant-a-${randomUUID()}:runs`;
      keyB = `tenant-b-${randomUUID()}:runs`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const mustAcquire = async (key: string, rule: ConcurrencyRule = RULE): Promise<string> => {
      const decision = await limiter.acquire(key, rule);
      assert.equal(decision.allowed, true, `acquire at +${now - T0} ms should be allowed`);
      assert.ok(typeof decision.leaseId === 'string' && decision.leaseId.length > 0, 'an allowed acquire should return a lease id');
      return decision.leaseId;
    };

    const fill = async (key: string, rule: ConcurrencyRule = RULE): Promise<string[]> => {
      const leases: string[] = [];
      for (let i = 0; i < rule.limit; i++) leases.push(await mustAcquire(key, rule));
      return leases;
    };

    const assertFull = async (key: string, rule: ConcurrencyRule = RULE): Promise<ConcurrencyDecision> => {
      const decision = await limiter.acquire(key, rule);
      assert.equal(decision.allowed, false, `acquire at +${now - T0} ms should be refused`);
      assert.equal(decision.leaseId, undefined);
      assert.equal(decision.active, rule.limit);
      return decision;
    };

    describe('.acquire()', () => {
      it('allows exactly limit leases at once, each with its own id, counting what is held', async () => {
        const leases: string[] = [];
        for (let i = 1; i <= RULE.limit; i++) {
          const decision = await limiter.acquire(keyA, RULE);
          assert.equal(decision.allowed, true);
          assert.equal(decision.active, i);
          assert.ok(decision.leaseId);
          leases.push(decision.leaseId);
        }
        assert.equal(new Set(leases).size, RULE.limit);
        await assertFull(keyA);
      });

      it('stays exact under 20 concurrent acquires', async () => {
        const rule = { limit: 5, leaseMs: LEASE };
        const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.acquire(keyA, rule)));
        const allowed = decisions.filter((d) => d.allowed);
        assert.equal(allowed.length, 5);
        assert.equal(new Set(allowed.map((d) => d.leaseId)).size, 5);
        assert.ok(decisions.filter((d) => !d.allowed).every((d) => d.leaseId === undefined && d.active === 5));
      });

      it('frees a lease that is not released once the clock passes leaseMs', async () => {
        await fill(keyA);
        now = T0 + LEASE - 1;
        await assertFull(keyA);
        now = T0 + LEASE;
        const decision = await limiter.acquire(keyA, RULE);
        assert.equal(decision.allowed, true);
        assert.equal(decision.active, 1);
      });

      it('gives each lease its own lifetime', async () => {
        await mustAcquire(keyA);
        now = T0 + LEASE / 2;
        await mustAcquire(keyA);
        await mustAcquire(keyA);
        now = T0 + LEASE;
        const decision = await limiter.acquire(keyA, RULE);
        assert.equal(decision.allowed, true, 'the first lease should have expired');
        assert.equal(decision.active, RULE.limit);
        await assertFull(keyA);
      });

      it("isolates keys: tenant A holding every slot leaves tenant B's slots free", async () => {
        await fill(keyA);
        await assertFull(keyA);
        const b = await limiter.acquire(keyB, RULE);
        assert.equal(b.allowed, true);
        assert.equal(b.active, 1);
        await mustAcquire(keyB);
        await mustAcquire(keyB);
        await assertFull(keyB);
      });

      it('refuses keys and rules that are not valid, and takes no slot', async () => {
        const bad: Array<[string, unknown, unknown]> = [
          ['an empty key', '', RULE],
          ['a numeric key', 42, RULE],
          ['a zero limit', keyA, { limit: 0, leaseMs: LEASE }],
          ['a fractional limit', keyA, { limit: 1.5, leaseMs: LEASE }],
          ['a zero lease', keyA, { limit: 3, leaseMs: 0 }],
          ['a fractional lease', keyA, { limit: 3, leaseMs: 0.5 }],
          ['an unknown rule key', keyA, { ...RULE, burst: 2 }],
          ['no lease time', keyA, { limit: 3 }],
          ['no rule', keyA, undefined],
        ];
        for (const [label, key, rule] of bad) {
          await rejectsWithCode(() => limiter.acquire(key as string, rule as ConcurrencyRule), 'CONFIG_INVALID', `acquire with ${label}`);
        }
        assert.equal((await limiter.acquire(keyA, RULE)).active, 1);
      });
    });

    describe('.release()', () => {
      it('frees the slot of the released lease', async () => {
        const leases = await fill(keyA);
        await assertFull(keyA);
        await limiter.release(keyA, leases[1] as string);
        const decision = await limiter.acquire(keyA, RULE);
        assert.equal(decision.allowed, true);
        assert.equal(decision.active, RULE.limit);
        await assertFull(keyA);
      });

      it('is idempotent: releasing a lease twice frees one slot', async () => {
        const [first] = await fill(keyA);
        await limiter.release(keyA, first as string);
        await limiter.release(keyA, first as string);
        await mustAcquire(keyA);
        await assertFull(keyA);
      });

      it('accepts unknown and expired leases, and leases of another key, without freeing anything', async () => {
        const leases = await fill(keyA);
        await limiter.release(keyA, `lease-${randomUUID()}`);
        await limiter.release(keyB, leases[0] as string);
        await limiter.release(`tenant-c-${randomUUID()}:runs`, `lease-${randomUUID()}`);
        await assertFull(keyA);
        now = T0 + LEASE;
        await limiter.release(keyA, leases[0] as string);
        assert.equal((await limiter.acquire(keyA, RULE)).active, 1);
      });

      it('refuses an empty key or lease id', async () => {
        const lease = await mustAcquire(keyA);
        await rejectsWithCode(() => limiter.release('', lease), 'CONFIG_INVALID', 'release with an empty key');
        await rejectsWithCode(() => limiter.release(keyA, ''), 'CONFIG_INVALID', 'release with an empty lease id');
        await rejectsWithCode(() => limiter.release(keyA, undefined as unknown as string), 'CONFIG_INVALID', 'release with no lease id');
        assert.equal((await limiter.acquire(keyA, RULE)).active, 2);
      });
    });
  });
}
