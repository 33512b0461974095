/**
 * The pending actions this process has claimed for execution (`approved → executing`), by id. Only
 * the process that won the compare-and-set holds the claim, so only it may run the call; another
 * process that sees the action `executing` refuses it.
 * @category Plugins
 */
export class ClaimRegistry {
  readonly #claims = new Map<string, string>();

  /**
   * Records a claim won by this process.
   * @param pendingActionId - the action
   * @param runId - its run
   */
  hold(pendingActionId: string, runId: string): void {
    this.#claims.set(pendingActionId, runId);
  }

  /**
   * Whether this process holds the claim.
   * @param pendingActionId - the action
   * @returns true when held
   */
  holds(pendingActionId: string): boolean {
    return this.#claims.has(pendingActionId);
  }

  /**
   * Gives a claim up (the call finished, or will not run).
   * @param pendingActionId - the action
   * @returns whether it was held
   */
  release(pendingActionId: string): boolean {
    return this.#claims.delete(pendingActionId);
  }

  /**
   * The claims held for one run.
   * @param runId - the run
   * @returns the pending action ids
   */
  forRun(runId: string): string[] {
    return [...this.#claims].filter(([, r]) => r === runId).map(([id]) => id);
  }
}
