// One definition of the classifier contract for the whole package: the plugin's scorer consumes
// it (src/InjectionClassifier.ts) and this folder implements it.
export type { InjectionClassifier } from '../InjectionClassifier.js';
