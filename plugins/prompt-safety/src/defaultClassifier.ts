import type { InjectionClassifier } from './InjectionClassifier.js';

/**
 * The classifier `promptSafetyModule` uses when its options name none: the shipped one, once
 * `./classifier/` provides it (until then, rules only).
 * @returns the classifier, or undefined
 * @internal
 */
export function defaultClassifier(): InjectionClassifier | undefined {
  return undefined;
}
