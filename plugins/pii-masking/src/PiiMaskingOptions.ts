import { z } from 'zod';
import { PII_CATEGORIES } from './catalog/PiiPattern.js';

/**
 * The data classifications (R-PII-2).
 * @category Plugins
 */
export const PII_CLASSIFICATIONS = ['Public', 'Internal', 'Confidential', 'Restricted', 'MissionCritical'] as const;

/**
 * The options of `piiMaskingModule` (R-PII-1): the mode (`hybrid` by default; `schema` skips pattern
 * masking, `pattern` skips schema masking), the pattern categories (empty = all) and the sensitive
 * classifications (empty = `Confidential`, `Restricted`).
 * @category Plugins
 */
export const PiiMaskingOptionsSchema = z
  .object({
    /** Which maskers run. */
    mode: z.enum(['hybrid', 'schema', 'pattern']).default('hybrid'),
    /** The pattern categories to mask; empty means all. */
    categories: z.array(z.enum(PII_CATEGORIES as [string, ...string[]])).default([]),
    /** The classifications whose fields are masked; empty means Confidential and Restricted. */
    sensitiveClassifications: z
      .array(z.enum(PII_CLASSIFICATIONS))
      .default([])
      .transform((c) => (c.length === 0 ? ['Confidential', 'Restricted'] : c)),
  })
  .strict();

/**
 * The parsed options.
 * @category Plugins
 */
export type PiiMaskingOptions = z.output<typeof PiiMaskingOptionsSchema>;

/**
 * The options as given.
 * @category Plugins
 */
export type PiiMaskingOptionsInput = z.input<typeof PiiMaskingOptionsSchema>;
