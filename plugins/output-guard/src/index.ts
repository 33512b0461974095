/**
 * Validation of model-generated content before other code uses it, and encoding for display
 * (SPEC §12, R-ACT-OUT-1..3): zod schema builders for model-generated values (record ids with key
 * prefix and checksum, strings with a character set, numbers, enums, e-mail addresses, URLs),
 * structured-reply parsing with typed errors, HTML and Markdown encoders, a Markdown link
 * sanitiser, and the `output-guard` plugin that checks every agent's final reply.
 *
 * @packageDocumentation
 */
export { encodeHtml, encodeHtmlAttribute } from './encoding/encodeHtml.js';
export { encodeMarkdown } from './encoding/encodeMarkdown.js';
export { type SanitizeMarkdownLinksOptions, SanitizeMarkdownLinksOptionsSchema, sanitizeMarkdownLinks } from './encoding/sanitizeMarkdownLinks.js';
export { type StripControlCharactersOptions, stripControlCharacters } from './encoding/stripControlCharacters.js';
export { type OutputErrorCode, OutputValidationError, type OutputValidationFacts } from './errors/OutputValidationError.js';
export {
  type OutputGuardOptions,
  OutputGuardOptionsSchema,
  type OutputGuardSettings,
  type OutputPolicy,
  OutputPolicySchema,
  type ResolvedOutputPolicy,
  resolveOutputGuardOptions,
} from './OutputGuardOptions.js';
export { OUTPUT_GUARD_PRIORITY, OutputGuardPlugin } from './OutputGuardPlugin.js';
export { outputGuardModule } from './outputGuardModule.js';
export { type ParseStructuredOutputOptions, parseStructuredOutput } from './structured/parseStructuredOutput.js';
export { assertLinearPattern } from './validators/assertLinearPattern.js';
export {
  type Charset,
  type EmailGuardOptions,
  guard,
  type NumberGuardOptions,
  type RecordIdGuardOptions,
  type StringGuardOptions,
  type UrlGuardOptions,
} from './validators/guard.js';
export { STANDARD_KEY_PREFIXES } from './validators/standardKeyPrefixes.js';
export { validateOutput } from './validators/validateOutput.js';
