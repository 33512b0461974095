/**
 * `@agent-studio/openai`: a `ModelClient` (from `@agent-studio/core`) for OpenAI and any OpenAI-compatible
 * chat-completions endpoint, over Node's global `fetch`, with timeouts, retries and typed errors.
 *
 * @packageDocumentation
 */

export { OPENAI_DEFAULT_BASE_URL, OpenAIModelClient } from './OpenAIModelClient.js';
export type { OpenAIModelClientOptions, SleepFunction } from './OpenAIModelClientOptions.js';
