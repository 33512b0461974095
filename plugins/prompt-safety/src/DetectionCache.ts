import type { Detection } from './SafetyProvider.js';

/**
 * Options of {@link DetectionCache}.
 * @category Plugins
 */
export interface DetectionCacheOptions {
  /** The most entries kept; the least recently used goes first. Default 1,000; 0 turns caching off. */
  readonly maxEntries?: number | undefined;
  /** How long an entry lives, in milliseconds. Default 5 minutes. */
  readonly ttlMs?: number | undefined;
  /** The clock (default `Date.now`). */
  readonly clock?: () => number;
}

/**
 * Hit and miss counts of a {@link DetectionCache}.
 * @category Plugins
 */
export interface DetectionCacheStats {
  /** Lookups that found a live entry. */
  readonly hits: number;
  /** Lookups that found nothing, or an expired entry. */
  readonly misses: number;
}

interface Entry {
  readonly detection: Detection;
  readonly expiresAt: number;
}

/**
 * A bounded LRU cache with a time to live for detections (R-SAFE-20). Keys are SHA-256 digests
 * built by the analyzer from the tenant, the execution, the scorer, the mode, the threshold, the
 * categories, the catalog and provider versions and the text, so the cache never holds the text;
 * its values hold indicators, which may quote short excerpts, in memory only.
 * @category Plugins
 */
export class DetectionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #ttl: number;
  readonly #clock: () => number;
  #hits = 0;
  #misses = 0;

  /**
   * @param options - size, lifetime and clock
   */
  constructor(options: DetectionCacheOptions = {}) {
    this.#max = Math.max(0, Math.floor(options.maxEntries ?? 1_000));
    this.#ttl = Math.max(0, options.ttlMs ?? 5 * 60_000);
    this.#clock = options.clock ?? Date.now;
  }

  /** The number of live and expired entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Hits and misses so far. */
  get stats(): DetectionCacheStats {
    return { hits: this.#hits, misses: this.#misses };
  }

  /**
   * Reads an entry, refreshing its recency; an expired entry is dropped.
   * @param key - the key
   * @returns the detection, or undefined
   */
  get(key: string): Detection | undefined {
    const entry = this.#entries.get(key);
    if (!entry) {
      this.#misses += 1;
      return undefined;
    }
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#clock()) {
      this.#misses += 1;
      return undefined;
    }
    this.#entries.set(key, entry);
    this.#hits += 1;
    return entry.detection;
  }

  /**
   * Stores an entry, evicting the least recently used ones beyond the bound.
   * @param key - the key
   * @param detection - the detection
   */
  set(key: string, detection: Detection): void {
    if (this.#max === 0 || this.#ttl === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { detection, expiresAt: this.#clock() + this.#ttl });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
