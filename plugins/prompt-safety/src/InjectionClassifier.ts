/**
 * A trained prompt-injection classifier the `default` scorer adds as one more layer: the final
 * score is the maximum of the rule-based score and the classifier's probability, mapped so that
 * the classifier's own operating point lands on the agent's threshold (see
 * {@link calibrateClassifierScore}).
 * @category Plugins
 */
export interface InjectionClassifier {
  /** The model's version; part of every cache key. */
  readonly version: string;
  /**
   * The probability that the text is an injection.
   * @param text - the text
   * @returns a number in [0, 1]
   */
  score(text: string): number;
  /** The calibrated operating point: a probability at or above it counts as an injection. */
  readonly threshold: number;
}

/**
 * Maps a classifier probability onto the agent's score scale, piecewise linearly, so that the
 * classifier's threshold maps to the agent's threshold: [0, t] → [0, T] and [t, 1] → [T, 1].
 * @param probability - the classifier's output
 * @param classifierThreshold - the classifier's operating point t
 * @param agentThreshold - the agent's threshold T
 * @returns the mapped score in [0, 1]
 * @example
 * ```ts
 * calibrateClassifierScore(0.5, 0.5, 0.6); // 0.6: exactly the agent's threshold
 * ```
 * @category Plugins
 */
export function calibrateClassifierScore(probability: number, classifierThreshold: number, agentThreshold: number): number {
  const p = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0;
  const t = Math.min(1, Math.max(0, classifierThreshold));
  const T = Math.min(1, Math.max(0, agentThreshold));
  if (p >= t) return t >= 1 ? 1 : T + ((p - t) / (1 - t)) * (1 - T);
  return t <= 0 ? T : (p / t) * T;
}
