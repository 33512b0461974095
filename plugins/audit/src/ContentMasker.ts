import { PiiDetector, type PiiDetectorOptions } from '@agent-studio/plugin-pii-masking';
import { SECRET_PATTERNS } from './SECRET_PATTERNS.js';

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
 * The default {@link ContentMasker}: credentials first ({@link SECRET_PATTERNS}, each replaced by
 * `[SECRET]`), then the PII masking plugin's detector (the same catalog), each value replaced by
 * its type in brackets (`[EMAIL]`, `[PHONE]`). It runs after the masking plugin,
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
   * @param input - the text
   * @returns the text with each credential replaced by `[SECRET]` and each personal value by `[PREFIX]`
   */
  mask(input: string): string {
    let text = input;
    for (const pattern of SECRET_PATTERNS) {
      pattern.lastIndex = 0;
      if (pattern.test(text)) {
        pattern.lastIndex = 0;
        text = text.replace(pattern, '[SECRET]');
      }
    }
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
