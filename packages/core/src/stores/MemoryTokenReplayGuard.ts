import { z } from 'zod';
import { parseStoreInput } from './parseStoreInput.js';
import { clockOption, readClock } from './readClock.js';
import { TOKEN_REPLAY_MARGIN_MS, type TokenReplayGuard } from './TokenReplayGuard.js';

const TokenIdSchema = z.string().min(1);
const ExpiresAtSchema = z.number();
/** Every this many claims, forgotten ids are dropped from memory. */
const PURGE_EVERY = 1024;

/**
 * Options of {@link MemoryTokenReplayGuard}.
 * @category Stores
 */
export interface MemoryTokenReplayGuardOptions {
  /** Returns the current time in epoch ms; defaults to `Date.now`. */
  readonly clock?: () => number;
}

/**
 * A {@link TokenReplayGuard} in process memory: one entry per spent id, kept until the token's
 * expiry plus {@link TOKEN_REPLAY_MARGIN_MS} by the injected clock. No timer runs.
 *
 * @remarks
 * Memory stays bounded by the tokens' lifetimes: an id past its retention is dropped when it is
 * claimed again, every thousand claims, and by {@link MemoryTokenReplayGuard.purgeExpired}. Being in
 * one process, it only catches replays on one instance; share a guard between instances
 * (R-TOKEN-3).
 *
 * @example
 * ```ts
 * const guard = new MemoryTokenReplayGuard();
 * if (!(await guard.claim(claims.jti, claims.exp * 1000))) throw new Error('token replayed');
 * ```
 * @category Stores
 */
export class MemoryTokenReplayGuard implements TokenReplayGuard {
  readonly #keepUntil = new Map<string, number>();
  readonly #clock: () => number;
  #claims = 0;

  /**
   * @param options - the clock
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when `options.clock` is not a function
   */
  constructor(options: MemoryTokenReplayGuardOptions = {}) {
    this.#clock = clockOption(options.clock, MemoryTokenReplayGuard.name);
  }

  /**
   * Records the use of a token id.
   * @param tokenId - the token's unique id (`jti`)
   * @param expiresAt - when the token expires (epoch ms); the id is kept until then plus
   *   {@link TOKEN_REPLAY_MARGIN_MS}
   * @returns `true` when this is the first use, `false` when the id was already spent
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is empty or the time is not a
   *   finite number
   */
  async claim(tokenId: string, expiresAt: number): Promise<boolean> {
    const id = parseStoreInput(TokenIdSchema, tokenId, 'token id');
    const keepUntil = parseStoreInput(ExpiresAtSchema, expiresAt, 'token expiry') + TOKEN_REPLAY_MARGIN_MS;
    const now = readClock(this.#clock);
    if (++this.#claims % PURGE_EVERY === 0) this.#purge(now);
    const held = this.#keepUntil.get(id);
    if (held !== undefined && now < held) return false;
    if (now < keepUntil) this.#keepUntil.set(id, keepUntil);
    else this.#keepUntil.delete(id);
    return true;
  }

  /**
   * Drops every id past its retention from memory now.
   * @returns how many ids were dropped
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the clock returns something that is not
   *   a finite number
   */
  purgeExpired(): number {
    return this.#purge(readClock(this.#clock));
  }

  #purge(now: number): number {
    let dropped = 0;
    for (const [id, keepUntil] of this.#keepUntil) {
      if (now >= keepUntil) {
        this.#keepUntil.delete(id);
        dropped++;
      }
    }
    return dropped;
  }
}
