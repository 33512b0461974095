export { ClassifierDataError } from './ClassifierDataError.js';
export { type HashedFeatureConfig, HashedFeatureConfigSchema } from './HashedFeatureConfig.js';
export { HashedLogisticClassifier } from './HashedLogisticClassifier.js';
export type { InjectionClassifier } from './InjectionClassifier.js';
export {
  INJECTION_CLASSIFIER_FORMAT_VERSION,
  type InjectionClassifierModel,
  InjectionClassifierModelSchema,
  InjectionClassifierProvenanceSchema,
} from './InjectionClassifierModelSchema.js';
export { DEFAULT_CLASSIFIER_URL, loadClassifierFile, loadDefaultClassifier } from './loadDefaultClassifier.js';
export { type HashedFeatureSink, scanHashedFeatures } from './scanHashedFeatures.js';
export { windowFeatureSets } from './windowFeatureSets.js';
