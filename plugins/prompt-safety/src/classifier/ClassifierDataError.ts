import { ConfigurationError } from '@agent-studio/core';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The prompt-injection classifier's data file is missing, corrupt, or of an unknown format. */
    CLASSIFIER_DATA_INVALID: true;
  }
}

/**
 * The prompt-injection classifier's weights could not be loaded: the data file is missing, is not
 * JSON, does not match the expected layout, or its weights have the wrong length. Code
 * `CLASSIFIER_DATA_INVALID`; details name the file and the failing field, never its contents.
 * @category Errors
 */
export class ClassifierDataError extends ConfigurationError {}
