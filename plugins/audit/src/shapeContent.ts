import type { ContentMasker } from './ContentMasker.js';
import type { ContentPolicy } from './ContentPolicy.js';

/**
 * Text as the audit trail stores it.
 * @category Plugins
 */
export interface ShapedContent {
  /** The stored text: null under `none` or when there was none. */
  readonly content: string | null;
  /** The length of the original text. */
  readonly contentLength: number;
  /** Whether the stored text was cut. */
  readonly truncated: boolean;
}

/**
 * Applies a content policy to a text: drops it (`none`), masks it (`masked`) or keeps it
 * (`full`), then cuts it to `max` characters. Masking runs on the whole text before the cut, so
 * a value on the cut line is never half kept.
 * @param text - the text (null or undefined when there is none)
 * @param policy - the content policy
 * @param masker - the masker of the `masked` policy
 * @param max - the longest text kept
 * @returns the stored form
 * @category Plugins
 */
export function shapeContent(text: string | null | undefined, policy: ContentPolicy, masker: ContentMasker, max: number): ShapedContent {
  if (text === null || text === undefined) return { content: null, contentLength: 0, truncated: false };
  if (policy === 'none') return { content: null, contentLength: text.length, truncated: false };
  const kept = policy === 'masked' ? masker.mask(text) : text;
  if (kept.length <= max) return { content: kept, contentLength: text.length, truncated: false };
  return { content: `${kept.slice(0, max - 1)}…`, contentLength: text.length, truncated: true };
}
