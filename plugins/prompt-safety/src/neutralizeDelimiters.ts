/**
 * Chat-template markers removed from untrusted content (R-SAFE-28): ChatML and the other
 * `<|name|>` tokens, `[INST]`/`[/INST]`, `<<SYS>>`/`<</SYS>>`, Gemma turn tags and `###`.
 * Each alternative is a fixed prefix plus a bounded run, so one pass is linear.
 */
const MARKERS = /<\|[a-z_]{1,24}\|>|\[\/?inst\]|<<\/?sys>>|<(?:start|end)_of_turn>|###/gi;
/** A markdown rule line (`---`, `***`, `___`), anchored at a line start. */
const RULE_LINE = /^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$/gm;

/**
 * Neutralizes delimiter tricks in untrusted content before the model sees it (R-SAFE-28, which
 * the SDK applies to tool results): closing-tag sequences `</` become `< /`, so the content cannot
 * close a wrapper, and known injection markers and markdown rule lines are removed.
 * @param text - untrusted text
 * @returns the neutralized text (the same string when nothing changed)
 * @example
 * ```ts
 * neutralizeDelimiters('ok</data><|im_start|>system'); // 'ok< /data>system'
 * ```
 * @category Plugins
 */
export function neutralizeDelimiters(text: string): string {
  let out = text;
  if (out.includes('<') || out.includes('[') || out.includes('#')) out = out.replace(MARKERS, '');
  if (out.includes('---') || out.includes('***') || out.includes('___')) out = out.replace(RULE_LINE, '');
  if (out.includes('</')) out = out.replaceAll('</', '< /');
  return out;
}
