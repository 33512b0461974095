import { substituteCodeUnits, substitutionTable } from '../internal/substituteCodeUnits.js';

const HTML = substitutionTable(128, { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' });

/**
 * Encodes text for an HTML element's content (R-ACT-OUT-3), with the five characters OWASP's XSS
 * prevention cheat sheet lists for HTML entity encoding: `&` `<` `>` `"` `'`. Encoding `/` is no
 * longer recommended and is not done. Safe between tags and inside a *quoted* attribute value; for
 * any other attribute use {@link encodeHtmlAttribute}. Never safe inside `<script>`, `<style>`,
 * event-handler attributes or URLs: validate URLs with {@link guard}`.url()` instead. Runs in linear
 * time.
 *
 * @param text - model-generated text
 * @returns the encoded text; decoding it gives `text` back
 * @example
 * ```ts
 * encodeHtml('<img src=x onerror=alert(1)>'); // '&lt;img src=x onerror=alert(1)&gt;'
 * ```
 * @category Encoding
 */
export function encodeHtml(text: string): string {
  return substituteCodeUnits(text, HTML);
}

/** Every character below U+0100 except ASCII letters and digits, as `&#xHH;`; NUL as U+FFFD. */
const ATTRIBUTE = substitutionTable(
  256,
  Object.fromEntries(
    Array.from({ length: 256 }, (_, code) => String.fromCharCode(code))
      .filter((c) => !/[A-Za-z0-9]/.test(c))
      .map((c) => [c, c === '\0' ? '&#xFFFD;' : `&#x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')};`]),
  ),
);

/**
 * Encodes text for an HTML attribute value (R-ACT-OUT-3), following OWASP's rule for attributes:
 * every character below U+0100 other than ASCII letters and digits becomes `&#xHH;`, so the value is
 * safe even unquoted. NUL becomes `&#xFFFD;`, as an HTML parser would read it. Not for `href`,
 * `src`, `style` or `on*` attributes, whose content is a URL, CSS or script. Runs in linear time.
 *
 * @param text - model-generated text
 * @returns the encoded text
 * @example
 * ```ts
 * `<input value=${encodeHtmlAttribute(name)}>`; // 'x onfocus=alert(1)' → 'x&#x20;onfocus&#x3D;alert&#x28;1&#x29;'
 * ```
 * @category Encoding
 */
export function encodeHtmlAttribute(text: string): string {
  return substituteCodeUnits(text, ATTRIBUTE);
}
