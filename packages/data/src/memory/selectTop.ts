/**
 * The first `k` items of `items` in the order of `compare`, sorted. When `k` is much smaller than
 * the number of items it keeps a bounded binary heap (O(n log k)) instead of sorting everything.
 * The input array is not changed.
 * @param items - the candidates
 * @param compare - a total order (negative when `a` comes first)
 * @param k - how many to keep (0 or more)
 * @returns at most `k` items, in order
 * @category Backends
 */
export function selectTop<T>(items: readonly T[], compare: (a: T, b: T) => number, k: number): T[] {
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  // A max-heap (by `compare`) of the k best seen so far: its root is the worst of them.
  const heap: T[] = [];
  const up = (start: number): void => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i] as T, heap[parent] as T) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent] as T, heap[i] as T];
      i = parent;
    }
  };
  const down = (start: number): void => {
    let i = start;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && compare(heap[l] as T, heap[worst] as T) > 0) worst = l;
      if (r < n && compare(heap[r] as T, heap[worst] as T) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst] as T, heap[i] as T];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
