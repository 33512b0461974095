import type { SanitizedSpan } from './Assessment.js';

/**
 * Texts screened as one (message parts, a multi-turn window, the strings of a tool result),
 * joined with `\n`, and where each starts in the joined text.
 * @internal
 */
export interface Joined {
  /** The joined text. */
  readonly text: string;
  /** Where each segment starts in it. */
  readonly starts: readonly number[];
}

/**
 * Joins segments with newlines (the multi-turn check of R-SAFE-23 joins messages this way).
 * @internal
 */
export function joinSegments(segments: readonly string[]): Joined {
  const starts: number[] = [];
  let at = 0;
  for (const s of segments) {
    starts.push(at);
    at += s.length + 1;
  }
  return { text: segments.join('\n'), starts };
}

/**
 * Applies sanitized spans (in joined coordinates, shifted by `offset`) back to the segments: each
 * segment part a span covers becomes `[REMOVED:<category>]`, so a phrase split across two messages
 * is removed from both.
 * @param segments - the segments
 * @param joined - their join
 * @param spans - the spans, non-overlapping, in the coordinates of `joined.text.slice(offset)`
 * @param offset - where the screened window starts in the joined text
 * @returns the new segments (the same strings where nothing changed)
 * @internal
 */
export function applySpans(segments: readonly string[], joined: Joined, spans: readonly SanitizedSpan[], offset = 0): string[] {
  const edits: { start: number; end: number; marker: string }[][] = segments.map(() => []);
  for (const span of spans) {
    const s = span.start + offset;
    const e = span.end + offset;
    for (let k = 0; k < segments.length; k += 1) {
      const start = joined.starts[k] as number;
      const end = start + (segments[k] as string).length;
      if (e <= start || s >= end) continue;
      (edits[k] as { start: number; end: number; marker: string }[]).push({
        start: Math.max(s, start) - start,
        end: Math.min(e, end) - start,
        marker: `[REMOVED:${span.category || 'THREAT'}]`,
      });
    }
  }
  return segments.map((text, k) => {
    const list = (edits[k] as { start: number; end: number; marker: string }[]).sort((a, b) => b.start - a.start);
    let out = text;
    for (const edit of list) out = out.slice(0, edit.start) + edit.marker + out.slice(edit.end);
    return out;
  });
}
