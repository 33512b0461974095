/**
 * Finds, in one pass over lower-cased text, every position where some regex of a set may start a
 * match, so each regex runs (sticky) only there instead of scanning the whole text: the pattern
 * and heuristic layers cost one pass plus a few short probes, not one pass per regex.
 *
 * A start literal that begins with a word character (`a-z`, `0-9`, `_`) is tried only at word
 * starts (not preceded by a word character). One that also ends with a word character must be the
 * whole word there (`you` is not a start of "your"), unless it ends with `*`, which makes it a
 * prefix (`disabl*` starts "disable" and "disabling"). Any other literal is tried at every position. A regex whose matches all begin at one of its start literals finds,
 * probed in order at these positions with non-overlapping semantics, exactly the matches a global
 * scan finds.
 * @internal
 */
export class StartIndex {
  /**
   * A trie over the literals' characters: transitions[node * width + column[char]] (0 = none);
   * node 1 is the root. Column 0 stands for every ASCII character no literal has, so the table
   * has one column per character in use (it stays small enough for the cache).
   */
  readonly #transitions: Int32Array;
  /** Per ASCII character, its trie column (0 when no literal has it). */
  readonly #columns: Uint8Array;
  readonly #width: number;
  /**
   * Per trie node, the regex ids that start there, flattened into {@link StartIndex.#ids}: ids
   * `[#lists[2 * node], #lists[2 * node + 1])` when a word character follows (the literals that
   * end there as a prefix), `[#lists[2 * node], #lists[2 * node + 2])` otherwise (those plus the
   * whole-word literals).
   */
  readonly #lists: Int32Array;
  readonly #ids: Int32Array;
  /** How many regexes. */
  readonly size: number;
  #offsets = new Int32Array(0);
  #fill = new Int32Array(0);
  #data = new Int32Array(1024);

  /**
   * @param starts - for each regex id (the array index), its start literals (ASCII; lower-cased here)
   * @throws TypeError when a literal has a character outside ASCII
   */
  constructor(starts: readonly (readonly string[])[]) {
    this.size = starts.length;
    let nodes = 2;
    const table: number[] = new Array(2 * 128).fill(0);
    const ends: (number[] | undefined)[] = [undefined, undefined];
    const words: (number[] | undefined)[] = [undefined, undefined];
    starts.forEach((literals, id) => {
      for (const raw of literals) {
        const prefix = raw.endsWith('*');
        const literal = (prefix ? raw.slice(0, -1) : raw).toLowerCase();
        let node = 1;
        for (let i = 0; i < literal.length; i += 1) {
          const c = literal.charCodeAt(i);
          if (c >= 128) throw new TypeError(`start literal "${raw}" is not ASCII`);
          let next = table[node * 128 + c] as number;
          if (next === 0) {
            next = nodes;
            nodes += 1;
            for (let k = 0; k < 128; k += 1) table.push(0);
            ends.push(undefined);
            words.push(undefined);
            table[node * 128 + c] = next;
          }
          node = next;
        }
        if (node === 1) continue;
        const last = literal.charCodeAt(literal.length - 1);
        const target = !prefix && WORD[last] === 1 ? words : ends;
        const list = target[node] ?? [];
        if (!list.includes(id)) list.push(id);
        target[node] = list;
      }
    });
    const columns = new Uint8Array(128);
    let width = 1;
    for (let node = 1; node < nodes; node += 1) {
      for (let c = 0; c < 128; c += 1) {
        if ((table[node * 128 + c] as number) !== 0 && columns[c] === 0) {
          columns[c] = width;
          width += 1;
        }
      }
    }
    const transitions = new Int32Array(nodes * width);
    for (let node = 1; node < nodes; node += 1) {
      for (let c = 0; c < 128; c += 1) {
        const next = table[node * 128 + c] as number;
        if (next !== 0) transitions[node * width + (columns[c] as number)] = next;
      }
    }
    this.#transitions = transitions;
    this.#columns = columns;
    this.#width = width;
    const lists = new Int32Array(2 * nodes + 1);
    const ids: number[] = [];
    for (let node = 0; node < nodes; node += 1) {
      lists[2 * node] = ids.length;
      for (const id of ends[node] ?? []) ids.push(id);
      lists[2 * node + 1] = ids.length;
      for (const id of words[node] ?? []) if (!(ends[node] ?? []).includes(id)) ids.push(id);
    }
    lists[2 * nodes] = ids.length;
    this.#lists = lists;
    this.#ids = Int32Array.from(ids);
  }

  /**
   * Collects candidate start positions per regex id, ascending.
   * @param lower - the lower-cased text
   * @param wanted - which ids to collect, by id (default all)
   * @returns the positions, grouped by id
   */
  positions(lower: string, wanted?: readonly boolean[]): Candidates {
    const t = this.#transitions;
    const columns = this.#columns;
    const width = this.#width;
    const lists = this.#lists;
    const listIds = this.#ids;
    const n = lower.length;
    let hits = 0;
    let pos = HIT_POS;
    let ids = HIT_ID;
    let p = 0;
    while (p < n) {
      const code = lower.charCodeAt(p);
      // past a non-ASCII character or at a word start; inside a word, nothing starts
      if (code >= 128) {
        p += 1;
        continue;
      }
      let node = t[width + (columns[code] as number)] as number;
      const start = p;
      p += 1;
      if (WORD[code] === 1) {
        // the next position to look at is the end of this word
        while (p < n) {
          const c = lower.charCodeAt(p);
          if (c >= 128 || WORD[c] !== 1) break;
          p += 1;
        }
      }
      let q = start + 1;
      while (node !== 0) {
        const from = lists[2 * node] as number;
        let to = lists[2 * node + 1] as number;
        const all = lists[2 * node + 2] as number;
        if (all > to) {
          const after = q < n ? lower.charCodeAt(q) : 32;
          if (after >= 128 || WORD[after] !== 1) to = all;
        }
        for (let k = from; k < to; k += 1) {
          const id = listIds[k] as number;
          if (wanted !== undefined && wanted[id] !== true) continue;
          if (hits === pos.length) {
            pos = growInts(pos);
            ids = growInts(ids);
            HIT_POS = pos;
            HIT_ID = ids;
          }
          pos[hits] = start;
          ids[hits] = id;
          hits += 1;
        }
        if (q >= n) break;
        const d = lower.charCodeAt(q);
        if (d >= 128) break;
        node = t[node * width + (columns[d] as number)] as number;
        q += 1;
      }
    }
    // group by id (a counting sort keeps each id's positions ascending), in buffers this index
    // reuses: a result lives only until the next call on the same index
    if (this.#offsets.length < this.size + 1) {
      this.#offsets = new Int32Array(this.size + 1);
      this.#fill = new Int32Array(this.size + 1);
    }
    if (this.#data.length < hits) this.#data = new Int32Array(Math.max(hits, this.#data.length * 2));
    const offsets = this.#offsets;
    const fill = this.#fill;
    const data = this.#data;
    offsets.fill(0);
    for (let k = 0; k < hits; k += 1) offsets[(ids[k] as number) + 1] = (offsets[(ids[k] as number) + 1] as number) + 1;
    for (let id = 0; id < this.size; id += 1) offsets[id + 1] = (offsets[id + 1] as number) + (offsets[id] as number);
    fill.set(offsets);
    for (let k = 0; k < hits; k += 1) {
      const id = ids[k] as number;
      const at = fill[id] as number;
      // one literal can reach an id twice at the same position (a prefix and a longer literal)
      if (at > (offsets[id] as number) && data[at - 1] === pos[k]) continue;
      data[at] = pos[k] as number;
      fill[id] = at + 1;
    }
    return new Candidates(data, offsets, fill, 0);
  }
}

/**
 * Candidate positions grouped by regex id, as {@link StartIndex.positions} returns them.
 * @internal
 */
export class Candidates {
  readonly #data: Int32Array;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #base: number;

  /**
   * @param data - all positions, grouped by id
   * @param starts - where each id's group starts
   * @param ends - where each id's group ends
   * @param base - an id offset (for a view on part of the ids)
   */
  constructor(data: Int32Array, starts: Int32Array, ends: Int32Array, base: number) {
    this.#data = data;
    this.#starts = starts;
    this.#ends = ends;
    this.#base = base;
  }

  /** A view whose id 0 is this one's id `base`. */
  from(base: number): Candidates {
    return new Candidates(this.#data, this.#starts, this.#ends, this.#base + base);
  }

  /**
   * A copy holding ids [0, count) of this view, each group passed through `map` (which must keep
   * positions ascending).
   * @param count - how many ids
   * @param map - maps one id's positions
   * @returns the new candidates
   */
  remap(count: number, map: (positions: Int32Array) => ArrayLike<number>): Candidates {
    const groups: ArrayLike<number>[] = [];
    let total = 0;
    for (let id = 0; id < count; id += 1) {
      const from = this.#starts[id + this.#base] as number;
      const to = this.#ends[id + this.#base] as number;
      // most ids have no candidate: no view, no call
      const group = from === to ? NO_POSITIONS : map(this.#data.subarray(from, to));
      groups.push(group);
      total += group.length;
    }
    const data = new Int32Array(total);
    const starts = new Int32Array(count + 1);
    let at = 0;
    for (let id = 0; id < count; id += 1) {
      const group = groups[id] as ArrayLike<number>;
      starts[id] = at;
      if (group.length > 0) data.set(group, at);
      at += group.length;
    }
    starts[count] = at;
    return new Candidates(data, starts, starts.subarray(1), 0);
  }

  /**
   * Visits the id's candidates in order until `visit` returns true.
   * @param id - the id
   * @param visit - called per position
   */
  each(id: number, visit: (position: number) => boolean): void {
    const end = this.#ends[id + this.#base] as number;
    for (let k = this.#starts[id + this.#base] as number; k < end; k += 1) if (visit(this.#data[k] as number)) return;
  }

  /** Whether the id has any candidate. */
  any(id: number): boolean {
    return (this.#ends[id + this.#base] as number) > (this.#starts[id + this.#base] as number);
  }

  /**
   * Runs a sticky regex at the id's candidates with a global scan's non-overlapping semantics.
   * @param id - the regex id
   * @param re - the regex, with the `y` flag
   * @param text - the text (same offsets as the lower-cased text)
   * @param onMatch - called per match; return true to stop
   */
  probe(id: number, re: RegExp, text: string, onMatch: (start: number, end: number) => boolean): void {
    const data = this.#data;
    const end = this.#ends[id + this.#base] as number;
    let from = 0;
    for (let k = this.#starts[id + this.#base] as number; k < end; k += 1) {
      const p = data[k] as number;
      if (p < from) continue;
      re.lastIndex = p;
      const m = re.exec(text);
      if (m === null || m[0].length === 0) continue;
      const stop = onMatch(p, p + m[0].length);
      if (stop) return;
      from = p + m[0].length;
    }
  }
}

const NO_POSITIONS: ArrayLike<number> = Object.freeze([]);

let HIT_POS = new Int32Array(4096);
let HIT_ID = new Int32Array(4096);

function growInts(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** 1 for the word characters of JavaScript's `\b` (a-z, 0-9, _; the text is lower-cased). */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) WORD[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;
