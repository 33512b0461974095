/**
 * The PII masking trust layer (SPEC §5): personal data in the messages sent to the model is replaced
 * by session tokens such as `[SSN:001]`, and the model's answer is unmasked before tools or the user
 * see it.
 *
 * @packageDocumentation
 */
export { DEFAULT_PII_CATALOG } from './catalog/defaultCatalog.js';
export { PII_CATEGORIES, type PiiCategory, type PiiPattern } from './catalog/PiiPattern.js';
export { isSensitiveFieldName, splitFieldName } from './fieldNameSensitivity.js';
export { MaskingSession, type MaskingSessionOptions, type MaskingStats, type PiiMatch } from './MaskingSession.js';
export { PII_CLASSIFICATIONS, type PiiMaskingOptions, type PiiMaskingOptionsInput, PiiMaskingOptionsSchema } from './PiiMaskingOptions.js';
export { PiiMaskingPlugin } from './PiiMaskingPlugin.js';
export { piiMaskingModule } from './piiMaskingModule.js';
export { isValidAbaRouting, isValidIban, isValidLuhn, isValidSsn, type PiiValidatorType, runValidator } from './validators/validators.js';
