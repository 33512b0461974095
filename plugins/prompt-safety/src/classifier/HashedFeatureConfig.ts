import { z } from 'zod';

/**
 * How {@link scanHashedFeatures} turns text into hashed feature buckets, stored with the weights so
 * that training and inference read text the same way.
 * @category Prompt safety
 */
export const HashedFeatureConfigSchema = z
  .object({
    /** log2 of the number of hash buckets (the weight vector has `2 ** bucketBits` entries). */
    bucketBits: z.number().int().min(10).max(24),
    /** Shortest character n-gram, in UTF-16 code units of the normalised text. */
    charNgramMin: z.number().int().min(1).max(5),
    /** Longest character n-gram (at most 5). */
    charNgramMax: z.number().int().min(1).max(5),
    /** Longest word n-gram (1 = unigrams only, 2 = unigrams and bigrams). */
    wordNgramMax: z.number().int().min(0).max(2),
    /** Chunk length in code units of the lower-cased input; windows are whole chunks. */
    chunkChars: z.number().int().min(64).max(1 << 16),
    /** Chunks per scoring window; the window advances one chunk at a time. */
    windowChunks: z.number().int().min(1).max(16),
    /** Hash seed, so that a different seed gives a different (independent) bucket layout. */
    seed: z.number().int().min(0).max(0xffffffff),
  })
  .strict()
  .refine((c) => c.charNgramMin <= c.charNgramMax, { message: 'charNgramMin must not exceed charNgramMax' })
  .refine((c) => c.chunkChars * c.windowChunks * (c.charNgramMax - c.charNgramMin + 3) < 0xffff, {
    message: 'a window may hold fewer than 65,535 feature occurrences',
  });

/**
 * The feature configuration (see {@link HashedFeatureConfigSchema}).
 * @category Prompt safety
 */
export type HashedFeatureConfig = z.output<typeof HashedFeatureConfigSchema>;
