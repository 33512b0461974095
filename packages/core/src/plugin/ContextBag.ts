/**
 * A typed key into a {@link ContextBag}.
 * @category Plugins
 */
export interface ContextKey<T> {
  /** The unique id. */
  readonly id: symbol;
  /** A name for debugging. */
  readonly name: string;
  /** Type marker; never set. */
  readonly __type?: T;
}

/**
 * Creates a typed key for per-run plugin scratch data.
 * @param name - a name for debugging, such as `pii.vault`
 * @returns the key
 * @example
 * ```ts
 * const VAULT = createContextKey<Map<string, string>>('pii.vault');
 * ctx.bag.set(VAULT, new Map());
 * ```
 * @category Plugins
 */
export function createContextKey<T>(name: string): ContextKey<T> {
  return Object.freeze({ id: Symbol(name), name });
}

/**
 * Per-run scratch space that plugins share through typed keys. It lives in memory for one run
 * and is never persisted or logged.
 * @category Plugins
 */
export class ContextBag {
  readonly #values = new Map<symbol, unknown>();

  /**
   * Reads a value.
   * @param key - the typed key
   * @returns the value, or undefined
   */
  get<T>(key: ContextKey<T>): T | undefined {
    return this.#values.get(key.id) as T | undefined;
  }

  /**
   * Sets a value.
   * @param key - the typed key
   * @param value - the value
   */
  set<T>(key: ContextKey<T>, value: T): void {
    this.#values.set(key.id, value);
  }

  /**
   * Tells whether a value is set.
   * @param key - the typed key
   * @returns whether a value is set
   */
  has(key: ContextKey<unknown>): boolean {
    return this.#values.has(key.id);
  }
}
