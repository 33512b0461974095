/**
 * A `Map` that holds at most `max` entries: adding one more drops the oldest, after handing it to
 * `onEvict`. Observers (audit, tracing, metrics, logging) keep per-run state in it so that runs
 * whose `run:finished` never arrives cannot grow memory forever.
 * @example
 * ```ts
 * const open = new BoundedMap<string, Span>(10_000, (_runId, span) => span.end());
 * ```
 * @category Plugins
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #max: number;
  readonly #onEvict: (key: K, value: V) => void;

  /**
   * @param max - the most entries kept (at least 1)
   * @param onEvict - called with each entry dropped to make room
   */
  constructor(max: number, onEvict: (key: K, value: V) => void = () => undefined) {
    this.#max = Math.max(1, Math.floor(max));
    this.#onEvict = onEvict;
  }

  /** How many entries are held. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Reads an entry.
   * @param key - the key
   * @returns the value, if held
   */
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /**
   * Adds or replaces an entry (a replaced entry counts as the newest); drops the oldest when full.
   * @param key - the key
   * @param value - the value
   */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      const evicted = this.#entries.get(oldest.value) as V;
      this.#entries.delete(oldest.value);
      this.#onEvict(oldest.value, evicted);
    }
    this.#entries.set(key, value);
  }

  /**
   * Removes an entry.
   * @param key - the key
   * @returns the removed value, if there was one
   */
  take(key: K): V | undefined {
    const value = this.#entries.get(key);
    this.#entries.delete(key);
    return value;
  }

  /**
   * Removes every entry, handing each to `visit`.
   * @param visit - called with each removed entry
   */
  drain(visit: (key: K, value: V) => void = () => undefined): void {
    const all = [...this.#entries];
    this.#entries.clear();
    for (const [key, value] of all) visit(key, value);
  }
}
