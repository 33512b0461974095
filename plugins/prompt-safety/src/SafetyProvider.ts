import type { LayerScores, ThreatIndicator } from './Assessment.js';
import type { ScorerName } from './catalog/JailbreakPattern.js';

/**
 * What a {@link SafetyProvider} is asked.
 * @category Plugins
 */
export interface DetectionRequest {
  /** The scorer. */
  readonly scorer: ScorerName;
  /** The enabled pattern categories; empty means all. */
  readonly categories: readonly string[];
  /** The agent's threshold (the default scorer maps the classifier's operating point onto it). */
  readonly threshold: number;
  /** Cancels a remote check. */
  readonly signal?: AbortSignal;
}

/**
 * What a {@link SafetyProvider} found: a score and its evidence, before any mode is applied.
 * @category Plugins
 */
export interface Detection {
  /** The final score in [0, 1]. */
  readonly score: number;
  /** The detections. */
  readonly indicators: readonly ThreatIndicator[];
  /** Whether layer 1 decided alone. */
  readonly earlyExit: boolean;
  /** The layer scores. */
  readonly layers: LayerScores;
  /** True when not every pattern match could be recorded (so sanitizing cannot remove them all). */
  readonly truncated?: boolean;
}

/**
 * A pluggable detector (R-SAFE-29): the built-in three-layer engine ({@link RuleSafetyProvider})
 * is the default; a provider's moderation endpoint or a hosted classifier can take its place. The
 * analyzer applies the mode, threshold, caching and the failure mode around it.
 *
 * @example
 * ```ts
 * const moderation: SafetyProvider = {
 *   name: 'acme-moderation', version: '2026-01',
 *   async detect(text, { signal }) {
 *     const flagged = await acme.moderate(text, { signal });
 *     return { score: flagged ? 1 : 0, indicators: [], earlyExit: false, layers: { pattern: 0, heuristic: 0, structural: 0 } };
 *   },
 * };
 * ```
 * @category Plugins
 */
export interface SafetyProvider {
  /** A short name, reported on every assessment. */
  readonly name: string;
  /** Its version; part of every cache key. */
  readonly version: string;
  /**
   * Scores one text.
   * @param text - the text
   * @param request - the scorer, categories and threshold
   * @returns the detection; a throw or rejection is a provider failure
   */
  detect(text: string, request: DetectionRequest): Detection | Promise<Detection>;
}
