import type { HashedFeatureConfig } from './HashedFeatureConfig.js';
import { scanHashedFeatures } from './scanHashedFeatures.js';

/**
 * The distinct buckets of every scoring window of a text, exactly the windows the runtime
 * classifier scores: windows of `windowChunks` consecutive chunks advancing one chunk at a time
 * (a text shorter than one window is one window). Used by the training script; allocates, so it
 * is not for the hot path.
 * @param text - the text
 * @param config - the feature configuration
 * @returns one ascending array of distinct bucket indices per window
 * @category Prompt safety
 */
export function windowFeatureSets(text: string, config: HashedFeatureConfig): Int32Array[] {
  const chunks: Int32Array[] = [];
  scanHashedFeatures(text, config, { chunk: (buckets, count) => chunks.push(buckets.slice(0, count)) });
  const k = config.windowChunks;
  const windows: Int32Array[] = [];
  const last = Math.max(chunks.length - k, 0);
  for (let start = 0; start <= last; start++) {
    const set = new Set<number>();
    for (let c = start; c < Math.min(start + k, chunks.length); c++) for (const b of chunks[c] as Int32Array) set.add(b);
    windows.push(Int32Array.from(set).sort());
  }
  return windows;
}
