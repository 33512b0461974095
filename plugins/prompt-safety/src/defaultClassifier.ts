import { loadDefaultClassifier } from './classifier/index.js';
import type { InjectionClassifier } from './InjectionClassifier.js';

/**
 * The classifier `promptSafetyModule` uses when its options name none: the one shipped in
 * `data/injection-classifier.json`. A corrupt file throws `CLASSIFIER_DATA_INVALID` at startup
 * (fail closed: no silent fallback to rules only).
 * @returns the classifier
 * @internal
 */
export function defaultClassifier(): InjectionClassifier {
  return loadDefaultClassifier();
}
