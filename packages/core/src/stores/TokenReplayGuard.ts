/**
 * How long after a token's expiry a {@link TokenReplayGuard} still remembers its id (ms): one
 * minute, so a token accepted by an instance whose clock runs a little behind is still caught.
 * @category Stores
 */
export const TOKEN_REPLAY_MARGIN_MS = 60_000;

/**
 * Spends token ids once (R-TOKEN-3): the first {@link TokenReplayGuard.claim} of an id wins, every
 * later claim of the same id is a replay. Share one guard (such as the Redis one) between instances so a
 * token spent on one is refused on the others.
 *
 * @remarks
 * - An id is remembered until its token expires plus {@link TOKEN_REPLAY_MARGIN_MS} (for clock
 *   skew), then forgotten: memory and keys stay bounded, and an expired token is refused by
 *   signature checks anyway. A claim made after that time returns `true` again, so check the
 *   token's expiry before claiming it.
 * - Time comes from the implementation's injected clock, not from the store's own clock.
 * - Implementations must stay exact under concurrent claims: of many claims of one id, exactly one
 *   returns `true`.
 * - A guard that cannot reach its store throws; the caller refuses the request (fail closed).
 * @category Stores
 */
export interface TokenReplayGuard {
  /**
   * Records the use of a token id.
   * @param tokenId - the token's unique id (`jti`)
   * @param expiresAt - when the token expires (epoch ms); the id is kept until then plus
   *   {@link TOKEN_REPLAY_MARGIN_MS}
   * @returns `true` when this is the first use, `false` when the id was already spent
   * @throws {@link ConfigurationError} `CONFIG_INVALID` when the id is empty or the time is not a
   *   finite number
   */
  claim(tokenId: string, expiresAt: number): Promise<boolean>;
}
