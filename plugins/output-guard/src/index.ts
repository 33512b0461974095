/**
 * Validation of model-generated content before other code uses it, and encoding for display (SPEC §12).
 *
 * @packageDocumentation
 */
export {};
