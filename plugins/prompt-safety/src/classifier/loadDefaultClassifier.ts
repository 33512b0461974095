import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClassifierDataError } from './ClassifierDataError.js';
import { HashedLogisticClassifier } from './HashedLogisticClassifier.js';
import type { InjectionClassifier } from './InjectionClassifier.js';

/**
 * The shipped weights, relative to this module once compiled (`dist/src/classifier/*.js` →
 * `data/injection-classifier.json` at the package root).
 * @category Prompt safety
 */
export const DEFAULT_CLASSIFIER_URL: URL = new URL('../../../data/injection-classifier.json', import.meta.url);

let cached: InjectionClassifier | undefined;

/**
 * Reads, validates and builds a classifier from a data file (not cached).
 * @param path - a file path or `file:` URL
 * @returns the classifier
 * @throws {@link ClassifierDataError} `CLASSIFIER_DATA_INVALID` when the file cannot be read, is
 *   not JSON, or does not match the data file layout
 * @category Prompt safety
 */
export function loadClassifierFile(path: string | URL): HashedLogisticClassifier {
  const name = typeof path === 'string' ? path : fileURLToPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ClassifierDataError('CLASSIFIER_DATA_INVALID', `Classifier data ${name} could not be read; check that the package's data folder was installed.`, {
      cause,
      details: { source: name },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ClassifierDataError('CLASSIFIER_DATA_INVALID', `Classifier data ${name} is not valid JSON; restore the shipped file or retrain it.`, {
      cause,
      details: { source: name },
    });
  }
  return HashedLogisticClassifier.fromJson(json, name);
}

/**
 * The classifier shipped with this package (`data/injection-classifier.json`), loaded and
 * validated on first use and cached for the life of the process.
 * @returns the shared classifier
 * @throws {@link ClassifierDataError} `CLASSIFIER_DATA_INVALID` when the shipped file is missing or corrupt
 * @example
 * ```ts
 * const classifier = loadDefaultClassifier();
 * const suspicious = classifier.score(toolResult) >= classifier.threshold;
 * ```
 * @category Prompt safety
 */
export function loadDefaultClassifier(): InjectionClassifier {
  cached ??= loadClassifierFile(DEFAULT_CLASSIFIER_URL);
  return cached;
}
