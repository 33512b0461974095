/**
 * Small text helpers shared by the layers. Everything here runs in linear time: loops and
 * `indexOf`, or regexes whose every quantifier is bounded or anchored.
 * @internal
 */

/** Java's `\s` (the reference framework's regex dialect): space, \t, \n, \x0B, \f, \r. */
export function isJavaSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Whether `c` is a line terminator for Java's `.` (which does not match it). */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Visits the fenced code blocks (```…```, lazily paired, as `(?s)```.*?```` finds them) as
 * [start, end) spans, without building a list.
 */
export function forEachFencedBlock(text: string, visit: (start: number, end: number) => void): void {
  let from = 0;
  for (;;) {
    const open = text.indexOf('```', from);
    if (open < 0) return;
    const close = text.indexOf('```', open + 3);
    if (close < 0) return;
    visit(open, close + 3);
    from = close + 3;
  }
}

const DOUBLE_QUOTED = /"[^"\n]{0,200}"/g;
const SINGLE_QUOTED = /'[^'\n]{0,200}'/g;

/**
 * The edits one stripping stage made, in that stage's input coordinates: flat triples
 * (start, end, length of what replaced [start, end)), ascending and disjoint.
 * @internal
 */
export type StageEdits = number[];

/**
 * The stripped text and, per stage, the edits that produced it (to carry positions over).
 * @internal
 */
export interface StrippedText {
  /** The text after every stage. */
  readonly text: string;
  /** Each stage's edits, in order; undefined when a stage made too many to be worth recording. */
  readonly stages: readonly StageEdits[] | undefined;
}

/** Past this many edits in one stage, recording them costs more than scanning the result again. */
const MAX_RECORDED_EDITS = 64;

/**
 * R-SAFE-11 pre-processing: fenced code blocks become a space, lines whose trimmed text starts with
 * `>` are dropped, then double- and single-quoted single-line spans of at most 200 characters
 * become a space. Quoting an attack is discounted.
 */
export function stripQuotedAndCode(text: string): string {
  return stripWithEdits(text).text;
}

/**
 * {@link stripQuotedAndCode}, recording each stage's edits while they are few. Every stage removes
 * whole spans that start and end with non-word characters (or whole lines) and inserts at most a
 * space, so a word start of the result is a word start of the input, carried over by
 * {@link mapPositions}.
 * @internal
 */
export function stripWithEdits(text: string): StrippedText {
  let stages: StageEdits[] | undefined = [];
  const record = (edits: StageEdits | undefined): void => {
    if (edits === undefined) stages = undefined;
    else if (edits.length > 0) stages?.push(edits);
  };
  let out = text;
  if (out.includes('```')) {
    let edits: StageEdits | undefined = [];
    let stripped = '';
    let at = 0;
    forEachFencedBlock(out, (s, e) => {
      if (edits && edits.length < MAX_RECORDED_EDITS * 3) edits.push(s, e, 1);
      else edits = undefined;
      stripped += `${out.slice(at, s)} `;
      at = e;
    });
    if (at > 0) {
      out = stripped + out.slice(at);
      record(edits);
    }
  }
  // Java's split drops trailing empty strings, so the reference loses trailing newlines here
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 10) end -= 1;
  if (end < out.length) {
    record([end, out.length, 0]);
    out = out.slice(0, end);
  }
  if (out.includes('>')) {
    const edits = quotedLineEdits(out);
    if (edits.length > 0) {
      out = applyStage(out, edits, '');
      record(edits.length <= MAX_RECORDED_EDITS * 3 ? edits : undefined);
    }
  }
  for (const [quote, re] of [['"', DOUBLE_QUOTED], ["'", SINGLE_QUOTED]] as const) {
    if (!out.includes(quote)) continue;
    if (stages === undefined) {
      out = out.replace(re, ' ');
      continue;
    }
    const edits: StageEdits = [];
    re.lastIndex = 0;
    let m = re.exec(out);
    for (; m !== null && edits.length < MAX_RECORDED_EDITS * 3; m = re.exec(out)) edits.push(m.index, m.index + m[0].length, 1);
    re.lastIndex = 0;
    if (m !== null) {
      // too many quotes to be worth recording: let the engine replace them
      out = out.replace(re, ' ');
      record(undefined);
    } else if (edits.length > 0) {
      out = applyStage(out, edits, ' ');
      record(edits);
    }
  }
  return { text: out, stages };
}

/** Applies one stage's edits, each replaced by `insert` (whose length the edits record). */
function applyStage(text: string, edits: StageEdits, insert: string): string {
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < edits.length; k += 3) {
    parts.push(text.slice(at, edits[k] as number), insert);
    at = edits[k + 1] as number;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Lines whose trimmed text starts with `>` are dropped, as `split('\n')`, filter and
 * `join('\n')` would: a dropped line takes the newline before it when an earlier line is kept,
 * else the newline after it.
 */
function quotedLineEdits(text: string): StageEdits {
  const edits: StageEdits = [];
  let keptBefore = false;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let first = start;
    while (first < end && text.charCodeAt(first) <= 32) first += 1;
    const dropped = first < end && text.charCodeAt(first) === 62;
    if (dropped) {
      if (keptBefore) edits.push(start - 1, end, 0);
      else edits.push(start, nl < 0 ? end : end + 1, 0);
    } else keptBefore = true;
    if (nl < 0) break;
    start = nl + 1;
  }
  return mergeTouching(edits);
}

/** Merges edits that touch (two dropped lines in a row), keeping triples disjoint. */
function mergeTouching(edits: StageEdits): StageEdits {
  const out: StageEdits = [];
  for (let k = 0; k < edits.length; k += 3) {
    const n = out.length;
    if (n > 0 && (out[n - 2] as number) >= (edits[k] as number)) {
      out[n - 2] = Math.max(out[n - 2] as number, edits[k + 1] as number);
      out[n - 1] = (out[n - 1] as number) + (edits[k + 2] as number);
    } else out.push(edits[k] as number, edits[k + 1] as number, edits[k + 2] as number);
  }
  return out;
}

/**
 * Carries ascending positions through the stages: a position inside a removed span is dropped,
 * one after it shifts by what the span's replacement changed.
 * @internal
 */
export function mapPositions(positions: ArrayLike<number>, stages: readonly StageEdits[]): ArrayLike<number> {
  if (positions.length === 0) return positions;
  let current: ArrayLike<number> = positions;
  for (const edits of stages) {
    const next: number[] = [];
    let k = 0;
    let shift = 0;
    for (let i = 0; i < current.length; i += 1) {
      const p = current[i] as number;
      while (k < edits.length && p >= (edits[k + 1] as number)) {
        shift += (edits[k + 1] as number) - (edits[k] as number) - (edits[k + 2] as number);
        k += 3;
      }
      if (k < edits.length && p >= (edits[k] as number)) continue;
      next.push(p - shift);
    }
    current = next;
  }
  return current;
}
