/**
 * The prompt-safety trust layer (SPEC §6): user messages, tool results and retrieved documents are
 * screened for prompt injection before the model sees them.
 *
 * @packageDocumentation
 */
export {};
