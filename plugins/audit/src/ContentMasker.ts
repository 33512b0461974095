import { PiiDetector, type PiiDetectorOptions } from '@agent-studio/plugin-pii-masking';

/**
 * Masks free text before the audit trail stores it under the `masked` policy.
 * @category Plugins
 */
export interface ContentMasker {
  /**
   * @param text - the text
   * @returns the text with every personal value replaced
   */
  mask(text: string): string;
}

/**
 * The default {@link ContentMasker}: the PII masking plugin's detector (the same catalog), each
 * value replaced by its type in brackets (`[EMAIL]`, `[PHONE]`). It runs after the masking plugin,
 * whose own tokens (`[EMAIL:001]`) pass through untouched, so the trail never holds a value the
 * plugin missed or a value the model produced itself.
 * @example
 * ```ts
 * new DetectorContentMasker().mask('mail jane@acme.com'); // 'mail [EMAIL]'
 * ```
 * @category Plugins
 */
export class DetectorContentMasker implements ContentMasker {
  readonly #detector: PiiDetector;

  /** @param options - the detector's catalog and categories (the default catalog, all categories, when omitted) */
  constructor(options: PiiDetectorOptions = {}) {
    this.#detector = new PiiDetector(options);
  }

  /**
   * @param text - the text
   * @returns the text with each detected value replaced by `[PREFIX]`
   */
  mask(text: string): string {
    const matches = this.#detector.detect(text);
    if (matches.length === 0) return text;
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += `${text.slice(last, m.start)}[${m.prefix}]`;
      last = m.end;
    }
    return out + text.slice(last);
  }
}
