import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TOKEN_REPLAY_MARGIN_MS, type TokenReplayGuard } from '../../stores/TokenReplayGuard.js';
import { rejectsWithCode } from './rejectsWithCode.js';

const T0 = 1_700_000_000_000;
const LIFETIME = 5 * 60_000;

/**
 * Declares a mocha suite that checks a {@link TokenReplayGuard} keeps its contract (R-TOKEN-3): the
 * first claim of an id wins and every later one is refused, exactly one of many concurrent claims
 * wins, ids are isolated, an id is forgotten once its expiry plus {@link TOKEN_REPLAY_MARGIN_MS} has
 * passed, and bad input is refused with `CONFIG_INVALID`. Call it at the top level of a spec file;
 * it uses mocha's globals.
 *
 * @param name - the implementation's name, shown in the suite's title
 * @param factory - makes a fresh guard for each test, reading time from the given clock (the suite
 *   moves the clock; no timers are involved)
 * @param cleanup - runs after each test (close connections, drop keys)
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describeTokenReplayGuardConformance('MemoryTokenReplayGuard', (clock) => new MemoryTokenReplayGuard({ clock }));
 * ```
 * @category Testing
 */
export function describeTokenReplayGuardConformance(
  name: string,
  factory: (clock: () => number) => Promise<TokenReplayGuard> | TokenReplayGuard,
  cleanup?: () => Promise<void> | void,
): void {
  describe(`${name} (TokenReplayGuard conformance)`, () => {
    let guard: TokenReplayGuard;
    let now: number;
    let tokenId: string;

    beforeEach(async () => {
      now = T0;
      guard = await factory(() => now);
      tokenId = `jti-${randomUUID()}`;
    });

    afterEach(async () => {
      await cleanup?.();
    });

    describe('.claim()', () => {
      it('returns true for the first claim of an id and false for every later one', async () => {
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), true);
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), false);
        now += 1_000;
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), false);
      });

      it('stays exact under 50 concurrent claims of one id', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, () => guard.claim(tokenId, T0 + LIFETIME)));
        assert.equal(results.filter((first) => first).length, 1);
      });

      it('isolates ids: spending one leaves the others unspent', async () => {
        const other = `jti-${randomUUID()}`;
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), true);
        assert.equal(await guard.claim(other, T0 + LIFETIME), true);
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), false);
        assert.equal(await guard.claim(other, T0 + LIFETIME), false);
        assert.equal(await guard.claim(`jti-${randomUUID()}`, T0 + LIFETIME), true);
      });

      it('remembers an id until its expiry plus the margin, then forgets it', async () => {
        const expiresAt = T0 + LIFETIME;
        assert.equal(await guard.claim(tokenId, expiresAt), true);
        now = expiresAt;
        assert.equal(await guard.claim(tokenId, expiresAt), false, 'at expiry');
        now = expiresAt + TOKEN_REPLAY_MARGIN_MS - 1;
        assert.equal(await guard.claim(tokenId, expiresAt), false, 'one ms before the margin ends');
        now = expiresAt + TOKEN_REPLAY_MARGIN_MS;
        assert.equal(await guard.claim(tokenId, expiresAt), true, 'once the margin has ended');
      });

      it('remembers an id claimed just after its expiry, within the margin', async () => {
        const expiresAt = T0 - 1_000;
        assert.equal(await guard.claim(tokenId, expiresAt), true);
        assert.equal(await guard.claim(tokenId, expiresAt), false);
      });

      it('refuses ids and times that are not valid, and spends nothing', async () => {
        const bad: Array<[string, unknown, unknown]> = [
          ['an empty id', '', T0 + LIFETIME],
          ['a numeric id', 42, T0 + LIFETIME],
          ['no id', undefined, T0 + LIFETIME],
          ['a NaN expiry', tokenId, Number.NaN],
          ['an infinite expiry', tokenId, Number.POSITIVE_INFINITY],
          ['a string expiry', tokenId, String(T0 + LIFETIME)],
          ['no expiry', tokenId, undefined],
        ];
        for (const [label, id, expiresAt] of bad) {
          await rejectsWithCode(() => guard.claim(id as string, expiresAt as number), 'CONFIG_INVALID', `claim with ${label}`);
        }
        assert.equal(await guard.claim(tokenId, T0 + LIFETIME), true);
      });
    });
  });
}
