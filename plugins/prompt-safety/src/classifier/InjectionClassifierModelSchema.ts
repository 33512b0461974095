import { z } from 'zod';
import { HashedFeatureConfigSchema } from './HashedFeatureConfig.js';

/**
 * The format version of the classifier data file that this code reads.
 * @category Prompt safety
 */
export const INJECTION_CLASSIFIER_FORMAT_VERSION = 1;

/**
 * Where the weights came from: the training file and the settings that reproduce them.
 * @category Prompt safety
 */
export const InjectionClassifierProvenanceSchema = z
  .object({
    /** SHA-256 (hex) of the training data file. */
    dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** Rows in the training file. */
    rows: z.number().int().nonnegative(),
    /** Positive (injection) rows. */
    positives: z.number().int().nonnegative(),
    /** Negative (benign) rows. */
    negatives: z.number().int().nonnegative(),
    /** The training settings (optimiser, regularisation, seeds), as the script recorded them. */
    settings: z.record(z.string(), z.unknown()),
  })
  .strict();

/**
 * The layout of the classifier data file (`data/injection-classifier.json`): a logistic
 * regression over hashed n-gram features, weights quantised to int8.
 * @category Prompt safety
 */
export const InjectionClassifierModelSchema = z
  .object({
    /** The file format version; must equal {@link INJECTION_CLASSIFIER_FORMAT_VERSION}. */
    formatVersion: z.literal(INJECTION_CLASSIFIER_FORMAT_VERSION),
    /** The model version string reported by the classifier. */
    version: z.string().min(1),
    /** How text becomes features. */
    features: HashedFeatureConfigSchema,
    /** The logit's intercept. */
    bias: z.number().finite(),
    /** The factor that turns an int8 weight into a real weight. */
    weightScale: z.number().finite().positive(),
    /** The int8 weights, one per bucket, base64-encoded. */
    weights: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
    /** The operating threshold on the score, chosen from out-of-fold scores. */
    threshold: z.number().gt(0).lt(1),
    /** Training provenance. */
    training: InjectionClassifierProvenanceSchema,
    /** The cross-validation report the threshold was chosen from (informational). */
    crossValidation: z.record(z.string(), z.unknown()),
  })
  .strict();

/**
 * A parsed classifier data file.
 * @category Prompt safety
 */
export type InjectionClassifierModel = z.output<typeof InjectionClassifierModelSchema>;
