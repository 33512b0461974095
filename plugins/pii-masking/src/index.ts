/**
 * The PII masking trust layer (SPEC §5): personal data in the messages sent to the model is replaced
 * by session tokens such as `[SSN:001]`, and the model's answer is unmasked before tools or the user
 * see it.
 *
 * @packageDocumentation
 */
export { DEFAULT_PII_CATALOG } from './catalog/defaultCatalog.js';
export {
  isScoredPiiEntityType,
  PII_CATEGORIES,
  type PiiCategory,
  type PiiContext,
  type PiiEntityType,
  type PiiPattern,
  type PiiPrefilter,
  SCORED_PII_ENTITY_TYPES,
  type ScoredPiiEntityType,
} from './catalog/PiiPattern.js';
export { REF_HEAD_PII_CATALOG } from './catalog/refHeadCatalog.js';
export { isSensitiveFieldName, splitFieldName } from './fieldNameSensitivity.js';
export { MaskingSession, type MaskingSessionOptions, type MaskingStats } from './MaskingSession.js';
export { evaluatePii, type PiiEvalOptions, type PiiEvalResult, type PiiEvalRow, type PiiEvalSpan, type PiiExactScores, type PiiTypeScore, type PiiTypeScores } from './eval/evaluatePii.js';
export { PiiDetector, type PiiDetectorOptions, type PiiMatch } from './PiiDetector.js';
export {
  agentPiiSettings,
  isPiiSchemaSource,
  normalizePiiMode,
  PII_CLASSIFICATIONS,
  PII_MASKING_MODES,
  PII_PRESET_SETTINGS,
  PII_PRESETS,
  type PiiAgentSettings,
  type PiiAgentSettingsInput,
  PiiAgentSettingsSchema,
  type PiiClassification,
  type PiiFieldClassification,
  PiiFieldClassificationSchema,
  type PiiMaskingMode,
  type PiiMaskingOptions,
  type PiiMaskingOptionsInput,
  PiiMaskingOptionsSchema,
  type PiiModelField,
  type PiiModelIndex,
  type PiiModelObject,
  type PiiPreset,
  type PiiPresetSettings,
  type PiiSchemaSource,
  type PiiSecurityModel,
  type PiiSizeGuardInput,
  PiiSizeGuardSchema,
  type ResolvedPiiSettings,
  type ResolvedPiiSizeGuard,
  resolvePiiSettings,
  SERVICE_WITHHELD_CLASSIFICATIONS,
} from './PiiMaskingOptions.js';
export { type PiiMaskedEvent, PiiMaskingPlugin, type PiiUnmaskedEvent } from './PiiMaskingPlugin.js';
export { piiMaskingModule } from './piiMaskingModule.js';
export { FieldClassificationIndex, type PiiFieldPolicy, type PiiFieldReason, type PiiFieldVerdict } from './schema/FieldClassificationIndex.js';
export { fieldClassificationsFromModel } from './schema/fieldClassificationsFromModel.js';
export { type PiiFieldTokenizer, SchemaMasker } from './schema/SchemaMasker.js';
export {
  IBAN_LENGTHS,
  isPlausiblePhone,
  isValidAbaRouting,
  isValidIban,
  isValidIbanStrict,
  isValidIpv6,
  isValidLuhn,
  isValidPaymentCard,
  isValidSsn,
  type PiiValidatorType,
  runValidator,
} from './validators/validators.js';
