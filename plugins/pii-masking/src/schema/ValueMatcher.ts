/**
 * Replaces known raw values by their tokens wherever they occur in a text, in time linear in the
 * text (an Aho–Corasick automaton over UTF-16 code units): leftmost match first, the longest at a
 * position, never overlapping. A value whose first (last) character is a letter or digit matches
 * only where the text has no letter or digit just before (after) it, so `4711` is not found inside
 * `947115`. Text inside tokens (`[PREFIX:NNN]`) is never replaced, so a value such as `EMAIL`
 * cannot break `[EMAIL:001]`.
 * @internal
 */
export class ValueMatcher {
  readonly #tokens = new Map<string, string>();
  #automaton: Automaton | undefined;

  /** How many values are known. */
  get size(): number {
    return this.#tokens.size;
  }

  /**
   * Adds a value (a value already known keeps its first token).
   * @param value - the raw value
   * @param token - its token
   */
  add(value: string, token: string): void {
    if (value === '' || this.#tokens.has(value)) return;
    this.#tokens.set(value, token);
    this.#automaton = undefined;
  }

  /**
   * Replaces every known value in a text by its token.
   * @param text - the text
   * @returns the text with the values replaced (the same string when none occurs)
   */
  replace(text: string): string {
    if (this.#tokens.size === 0 || text.length === 0) return text;
    this.#automaton ??= build(this.#tokens);
    const a = this.#automaton;
    const starts: number[] = [];
    const ends: number[] = [];
    const nodes: number[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (state !== 0 && !a.next[state]?.has(c)) state = a.fail[state] ?? 0;
      state = a.next[state]?.get(c) ?? 0;
      // the longest value ending here that passes the boundary check
      for (let t = a.terminal[state] ? state : (a.dict[state] ?? 0); t !== 0; t = a.dict[t] ?? 0) {
        const len = a.depth[t] ?? 0;
        const start = i - len + 1;
        if (a.alnumStart[t] && start > 0 && isWordChar(text.charCodeAt(start - 1))) continue;
        if (a.alnumEnd[t] && i + 1 < text.length && isWordChar(text.charCodeAt(i + 1))) continue;
        starts.push(start);
        ends.push(i + 1);
        nodes.push(t);
        break;
      }
    }
    if (starts.length === 0) return text;
    const protectedSpans = tokenSpans(text);
    const order = starts.map((_, k) => k).sort((x, y) => (starts[x] ?? 0) - (starts[y] ?? 0) || (ends[y] ?? 0) - (ends[x] ?? 0));
    let out = '';
    let last = 0;
    for (const k of order) {
      const start = starts[k] ?? 0;
      if (start < last || overlaps(protectedSpans, start, ends[k] ?? start)) continue;
      out += text.slice(last, start) + (a.token[nodes[k] ?? 0] ?? '');
      last = ends[k] ?? start;
    }
    return out + text.slice(last);
  }
}

interface Automaton {
  readonly next: Map<number, number>[];
  readonly fail: number[];
  /** The nearest terminal node on the fail chain (0 = none). */
  readonly dict: number[];
  readonly depth: number[];
  readonly terminal: boolean[];
  readonly token: string[];
  readonly alnumStart: boolean[];
  readonly alnumEnd: boolean[];
}

function build(tokens: ReadonlyMap<string, string>): Automaton {
  const a: Automaton = { next: [new Map()], fail: [0], dict: [0], depth: [0], terminal: [false], token: [''], alnumStart: [false], alnumEnd: [false] };
  for (const [value, token] of tokens) {
    let node = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      const edges = a.next[node] as Map<number, number>;
      let child = edges.get(c);
      if (child === undefined) {
        child = a.next.length;
        edges.set(c, child);
        a.next.push(new Map());
        a.fail.push(0);
        a.dict.push(0);
        a.depth.push(i + 1);
        a.terminal.push(false);
        a.token.push('');
        a.alnumStart.push(false);
        a.alnumEnd.push(false);
      }
      node = child;
    }
    a.terminal[node] = true;
    a.token[node] = token;
    a.alnumStart[node] = isWordChar(value.charCodeAt(0));
    a.alnumEnd[node] = isWordChar(value.charCodeAt(value.length - 1));
  }
  // breadth-first: fail links and dictionary links
  const queue: number[] = [];
  for (const child of (a.next[0] as Map<number, number>).values()) queue.push(child);
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q] as number;
    for (const [c, child] of a.next[node] as Map<number, number>) {
      let f = a.fail[node] ?? 0;
      while (f !== 0 && !a.next[f]?.has(c)) f = a.fail[f] ?? 0;
      const target = a.next[f]?.get(c);
      const fail = target !== undefined && target !== child ? target : 0;
      a.fail[child] = fail;
      a.dict[child] = a.terminal[fail] ? fail : (a.dict[fail] ?? 0);
      queue.push(child);
    }
  }
  return a;
}

/** The spans of token-shaped text, as [start, end) pairs in order. */
function tokenSpans(text: string): number[] {
  const spans: number[] = [];
  if (!text.includes(':')) return spans;
  for (const m of text.matchAll(TOKEN)) spans.push(m.index, m.index + m[0].length);
  return spans;
}

/** Whether [start, end) overlaps one of the spans (binary search). */
function overlaps(spans: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[2 * mid + 1] ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.length / 2 && (spans[2 * lo] ?? 0) < end;
}

const TOKEN = /\[[A-Z0-9_]+:\d{3,}\]/g;

/** A letter or a digit (ASCII, or any non-ASCII letter-like code unit). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && WORD.test(String.fromCharCode(c)));
}

const WORD = /[\p{L}\p{N}]/u;
