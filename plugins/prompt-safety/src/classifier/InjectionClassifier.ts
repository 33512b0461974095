/**
 * A prompt-injection classifier: maps a text to a probability-like score in [0, 1].
 * @category Prompt safety
 */
export interface InjectionClassifier {
  /** Identifies the model (and its weights), for audit records and cache keys. */
  readonly version: string;
  /** The operating threshold: a score at or above it means "injection". */
  readonly threshold: number;
  /**
   * Scores a text; deterministic, synchronous, linear in the text length.
   * @param text - the text to screen (a user message, a tool result, a retrieved document)
   * @returns a score in [0, 1]; higher means more likely an injection or jailbreak
   */
  score(text: string): number;
}
