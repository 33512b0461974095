/**
 * The prompt-safety trust layer (SPEC §6): user messages, tool results and retrieved documents are
 * screened for prompt injection before the model sees them.
 *
 * @packageDocumentation
 */
export {
  type Assessment,
  type AssessmentSummary,
  actionFor,
  DEFAULT_THRESHOLD,
  type IndicatorType,
  type LayerScores,
  normalizeMode,
  normalizeThreshold,
  SAFE_MESSAGES,
  type SafetyAction,
  type SafetyFailureMode,
  type SafetyMode,
  type SanitizedSpan,
  type SanitizeResult,
  safeMessageFor,
  sanitizeText,
  summarizeAssessment,
  type ThreatIndicator,
  type ThreatLevel,
  threatLevelOf,
} from './Assessment.js';
export { DEFAULT_JAILBREAK_CATALOG } from './catalog/defaultCatalog.js';
export { type JailbreakPattern, PROMPT_SAFETY_CATEGORIES, type PromptSafetyCategory, type ScorerName } from './catalog/JailbreakPattern.js';
export { DetectionCache, type DetectionCacheOptions, type DetectionCacheStats } from './DetectionCache.js';
export {
  JailbreakPatternMatcher,
  MAX_PATTERN_EVALUATIONS,
  MAX_PATTERN_MATCHES,
  PARITY_MAX_TEXT_LENGTH,
  type PatternMatch,
  type PatternScan,
  type PatternScanOptions,
} from './engine/JailbreakPatternMatcher.js';
export { type CategoryStats, type EvaluationOptions, type EvaluationReport, type EvaluationRow, evaluatePromptSafety } from './evaluatePromptSafety.js';
export {
  ClassifierDataError,
  DEFAULT_CLASSIFIER_URL,
  type HashedFeatureConfig,
  HashedFeatureConfigSchema,
  type HashedFeatureSink,
  HashedLogisticClassifier,
  INJECTION_CLASSIFIER_FORMAT_VERSION,
  type InjectionClassifierModel,
  InjectionClassifierModelSchema,
  InjectionClassifierProvenanceSchema,
  loadClassifierFile,
  loadDefaultClassifier,
  scanHashedFeatures,
  windowFeatureSets,
} from './classifier/index.js';
export { calibrateClassifierScore, type InjectionClassifier } from './InjectionClassifier.js';
export { neutralizeDelimiters } from './neutralizeDelimiters.js';
export { type AssessOptions, PromptSafetyAnalyzer, type PromptSafetyAnalyzerOptions } from './PromptSafetyAnalyzer.js';
export {
  type AgentSafetySettings,
  AgentSafetySettingsSchema,
  type PromptSafetyOptions,
  type PromptSafetyOptionsInput,
  PromptSafetyOptionsSchema,
  type ResolvedSafetySettings,
  type SafetyAuditRecord,
  type TenantSafetySettings,
  TenantSafetySettingsSchema,
} from './PromptSafetyOptions.js';
export { type DocumentScreening, type DocumentScreeningContext, PromptSafetyPlugin, WITHHELD_TOOL_RESULT, WITHHELD_USER_MESSAGE } from './PromptSafetyPlugin.js';
export { promptSafetyModule } from './promptSafetyModule.js';
export { RuleSafetyProvider, type RuleSafetyProviderOptions } from './RuleSafetyProvider.js';
export type { Detection, DetectionRequest, SafetyProvider } from './SafetyProvider.js';
