import { hostMatches } from './internal/hostPattern.js';

/**
 * Hosts of third-party LLM APIs that actions may never call, whatever the allowlist says (SPEC
 * §12 R-ACT-3P-1: LLM access goes only through the SDK's model gateway, never from action code).
 * A leading `*.` matches one or more labels; a `*` inside matches exactly one label (a region).
 *
 * Source: the providers' public API reference pages (base URLs of OpenAI, Azure OpenAI and Azure
 * AI Foundry, Anthropic, Google Gemini and Vertex AI, Mistral, Cohere, Groq, Together, DeepSeek,
 * xAI, OpenRouter, AWS Bedrock runtime, Perplexity, Fireworks, Hugging Face inference, Replicate,
 * AI21, Cerebras, Alibaba DashScope, Moonshot, Zhipu, Voyage, GitHub Models), as of 2026. The
 * list is fixed: a new provider needs a release, which is the point (no configuration can
 * shrink it).
 * @category Egress
 */
export const LLM_API_HOSTS: readonly string[] = Object.freeze([
  'api.openai.com',
  '*.openai.azure.com',
  '*.services.ai.azure.com',
  'models.inference.ai.azure.com',
  'api.anthropic.com',
  'generativelanguage.googleapis.com',
  'aiplatform.googleapis.com',
  '*-aiplatform.googleapis.com',
  'api.mistral.ai',
  'api.cohere.ai',
  'api.cohere.com',
  'api.groq.com',
  'api.together.xyz',
  'api.together.ai',
  'api.deepseek.com',
  'api.x.ai',
  'openrouter.ai',
  'bedrock-runtime.*.amazonaws.com',
  'bedrock-runtime-fips.*.amazonaws.com',
  'api.perplexity.ai',
  'api.fireworks.ai',
  'api-inference.huggingface.co',
  'router.huggingface.co',
  'api.replicate.com',
  'api.ai21.com',
  'api.cerebras.ai',
  'dashscope.aliyuncs.com',
  'dashscope-intl.aliyuncs.com',
  'api.moonshot.ai',
  'api.moonshot.cn',
  'open.bigmodel.cn',
  'api.voyageai.com',
  'models.github.ai',
]);

/**
 * Whether a host name is a third-party LLM API (one of {@link LLM_API_HOSTS}).
 * @param hostname - a host name, any case, with or without a trailing dot
 * @returns true when actions may not call it
 * @example
 * ```ts
 * isLlmApiHost('my-resource.openai.azure.com'); // true
 * ```
 * @category Egress
 */
export function isLlmApiHost(hostname: string): boolean {
  return LLM_API_HOSTS.some((pattern) => hostMatches(pattern, hostname));
}
