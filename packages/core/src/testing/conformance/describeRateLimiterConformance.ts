import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RateLimiter } from '../../stores/RateLimiter.js';
import type { RateLimitRule } from '../../stores/RateLimitRule.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;
const WINDOW = 60_000;
const RULE: RateLimitRule = { limit: 5, windowMs: WINDOW };

/**
 * Declares a mocha suite that checks a {@link RateLimiter} keeps its contract (R-RATE-1/2): it
 * allows exactly `limit` units per window, then refuses with `retryAfterMs > 0` without consuming,
 * allows again after `retryAfterMs` and after a full window, keeps keys (tenants) isolated, and
 * stays exact under concurrent calls. It holds for fixed and sliding windows alike. Call it at the
 * top level of a spec file; it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh limiter for each test, reading time from the given clock (the
 *   suite moves the clock; no timers are involved)
 * @param cleanup - runs after each test (close connections, drop keys)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeRateLimiterConformance('MemoryRateLimiter', (clock) => new MemoryRateLimiter({ clock }));
 * ```
 * @category Testing
 */
export function describeRateLimiterConformance(
  name: string,
  factory: (clock: () => number) => Promise<RateLimiter> | RateLimiter,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (RateLimiter conformance)`, () => {
    let limiter: RateLimiter;
    let now: number;
    let keyA: string;
    let keyB: string;

    beforeEach(async () => {
      now = T0;
      limiter = await factory(() => now);
      keyA = `tenant-a-${randomUUID()}:chat`;
      keyB = `tenant-b-${randomUUID()}:chat`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    const exhaust = async (key: string, rule: RateLimitRule = RULE): Promise<void> => {
      for (let i = 0; i < rule.limit; i++) assert.equal((await limiter.consume(key, rule)).allowed, true, `call ${i + 1} of ${rule.limit}`);
    };

    describe('.consume()', () => {
      it('allows exactly limit calls, counting down what remains', async () => {
        for (let i = 1; i <= RULE.limit; i++) {
          const decision = await limiter.consume(keyA, RULE);
          assert.equal(decision.allowed, true);
          assert.equal(decision.remaining, RULE.limit - i);
          assert.equal(decision.retryAfterMs, 0);
          assert.ok(decision.resetAt > now && decision.resetAt <= now + WINDOW);
        }
        assert.equal((await limiter.consume(keyA, RULE)).allowed, false);
      });

      it('refuses once the budget is spent, with remaining 0 and a retry delay within the window', async () => {
        await exhaust(keyA);
        now += 1_000;
        const refused = await limiter.consume(keyA, RULE);
        assert.equal(refused.allowed, false);
        assert.equal(refused.remaining, 0);
        assert.ok(refused.retryAfterMs > 0, `retryAfterMs ${refused.retryAfterMs} should be positive`);
        assert.ok(refused.retryAfterMs <= WINDOW, `retryAfterMs ${refused.retryAfterMs} should be within the window`);
        assert.ok(refused.resetAt > now && refused.resetAt <= now + WINDOW);
      });

      it('keeps refusing until the retry delay has passed, then allows again', async () => {
        await exhaust(keyA);
        now += 10_000;
        const refused = await limiter.consume(keyA, RULE);
        assert.equal(refused.allowed, false);
        now += refused.retryAfterMs - 1;
        assert.equal((await limiter.consume(keyA, RULE)).allowed, false);
        now += 1;
        assert.equal((await limiter.consume(keyA, RULE)).allowed, true);
      });

      it('gives the whole budget back once a full window has passed', async () => {
        await exhaust(keyA);
        now += WINDOW;
        await exhaust(keyA);
        assert.equal((await limiter.consume(keyA, RULE)).allowed, false);
      });

      it("isolates keys: exhausting tenant A leaves tenant B's budget whole", async () => {
        await exhaust(keyA);
        assert.equal((await limiter.consume(keyA, RULE)).allowed, false);
        const b = await limiter.consume(keyB, RULE);
        assert.equal(b.allowed, true);
        assert.equal(b.remaining, RULE.limit - 1);
        for (let i = 2; i <= RULE.limit; i++) assert.equal((await limiter.consume(keyB, RULE)).allowed, true, `tenant B call ${i}`);
        assert.equal((await limiter.consume(keyB, RULE)).allowed, false);
      });

      it('counts the cost of each call, and a refused call consumes nothing', async () => {
        const rule = { limit: 10, windowMs: WINDOW };
        assert.equal((await limiter.consume(keyA, { ...rule, cost: 4 })).remaining, 6);
        assert.equal((await limiter.consume(keyA, { ...rule, cost: 4 })).remaining, 2);
        const refused = await limiter.consume(keyA, { ...rule, cost: 3 });
        assert.equal(refused.allowed, false);
        assert.equal(refused.remaining, 2);
        const fits = await limiter.consume(keyA, { ...rule, cost: 2 });
        assert.equal(fits.allowed, true);
        assert.equal(fits.remaining, 0);
      });

      it('treats a cost of 0 as a check that consumes nothing', async () => {
        const peek = await limiter.consume(keyA, { ...RULE, cost: 0 });
        assert.equal(peek.allowed, true);
        assert.equal(peek.remaining, RULE.limit);
        await exhaust(keyA);
      });

      it('stays exact under 25 concurrent calls', async () => {
        const rule = { limit: 10, windowMs: WINDOW };
        const decisions = await Promise.all(Array.from({ length: 25 }, () => limiter.consume(keyA, rule)));
        assert.equal(decisions.filter((d) => d.allowed).length, 10);
        assert.ok(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterMs > 0));
      });

      it('refuses keys and rules that are not valid', async () => {
        const bad: Array<[string, unknown, unknown]> = [
          ['an empty key', '', RULE],
          ['a numeric key', 42, RULE],
          ['a zero limit', keyA, { limit: 0, windowMs: WINDOW }],
          ['a fractional limit', keyA, { limit: 1.5, windowMs: WINDOW }],
          ['a zero window', keyA, { limit: 5, windowMs: 0 }],
          ['a negative cost', keyA, { ...RULE, cost: -1 }],
          ['a cost above the limit', keyA, { ...RULE, cost: RULE.limit + 1 }],
          ['an unknown key', keyA, { ...RULE, burst: 3 }],
          ['no rule', keyA, undefined],
        ];
        for (const [label, key, rule] of bad) {
          await rejectsWithCode(() => limiter.consume(key as string, rule as RateLimitRule), 'CONFIG_INVALID', `consume with ${label}`);
        }
        // Nothing was consumed by the refused calls.
        assert.equal((await limiter.consume(keyA, RULE)).remaining, RULE.limit - 1);
      });
    });
  });
}
