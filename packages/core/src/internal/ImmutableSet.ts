/**
 * A set that cannot be changed after construction (a frozen `Set` can still be added to).
 */
export class ImmutableSet<T> implements ReadonlySet<T> {
  readonly #set: Set<T>;

  /** @param values - the members */
  constructor(values: Iterable<T>) {
    this.#set = new Set(values);
    Object.freeze(this);
  }

  /** @returns the number of members */
  get size(): number {
    return this.#set.size;
  }

  /**
   * @param value - a value
   * @returns whether it is a member
   */
  has(value: T): boolean {
    return this.#set.has(value);
  }

  /**
   * @param fn - called for each member
   */
  forEach(fn: (value: T, value2: T, set: ReadonlySet<T>) => void): void {
    for (const v of this.#set) fn(v, v, this);
  }

  /** @returns the members */
  entries(): SetIterator<[T, T]> {
    return this.#set.entries();
  }

  /** @returns the members */
  keys(): SetIterator<T> {
    return this.#set.keys();
  }

  /** @returns the members */
  values(): SetIterator<T> {
    return this.#set.values();
  }

  /** @returns the members */
  [Symbol.iterator](): SetIterator<T> {
    return this.#set.values();
  }
}
