import type { Usage } from '@agent-studio/core';

/**
 * The price of one model, in USD per 1M tokens (R-COST-2).
 * @category Plugins
 */
export interface ModelPrice {
  /** Prompt (input) tokens not served from the cache. */
  readonly input: number;
  /** Prompt tokens served from the provider's cache; when absent they are charged at `input`. */
  readonly cachedInput?: number | undefined;
  /** Completion (output) tokens, reasoning tokens included. */
  readonly output: number;
}

/**
 * When the shipped default prices were recorded. They are defaults only: providers change prices,
 * so production deployments should pass their own `pricing`.
 * @category Plugins
 */
export const DEFAULT_PRICING_AS_OF = '2026-11-21';

/**
 * The shipped DEFAULT pricing catalog (R-COST-3, SPEC §11), USD per 1M tokens, recorded on
 * {@link DEFAULT_PRICING_AS_OF} from the SPEC's catalog. Cached-input prices are not in that
 * catalog, so cached tokens are charged at the input price unless you override an entry.
 * Override or extend it with the `pricing` option of `costAccountingModule`.
 * @category Plugins
 */
export const DEFAULT_PRICING: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-5-mini': { input: 0.25, output: 2.0 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'claude-sonnet-4-20250514': { input: 3.0, output: 15.0 },
  'gemini-2.5-flash': { input: 0.15, output: 0.6 },
  'gemini-3-flash': { input: 0.5, output: 3.0 },
});

/**
 * Looks model prices up by identifier, matched exactly but case-insensitively (R-COST-2).
 * @example
 * ```ts
 * const catalog = new PricingCatalog({ ...DEFAULT_PRICING, 'my-model': { input: 1, output: 2 } });
 * catalog.price('GPT-4o-mini'); // { input: 0.15, output: 0.6 }
 * ```
 * @category Plugins
 */
export class PricingCatalog {
  readonly #prices = new Map<string, ModelPrice>();

  /**
   * @param prices - prices by model identifier (later keys win when two differ only in case)
   */
  constructor(prices: Readonly<Record<string, ModelPrice>>) {
    for (const [model, price] of Object.entries(prices)) this.#prices.set(model.toLowerCase(), Object.freeze({ ...price }));
  }

  /**
   * The price of a model.
   * @param model - the model identifier
   * @returns its price, or undefined when the model is unknown
   */
  price(model: string): ModelPrice | undefined {
    return this.#prices.get(model.toLowerCase());
  }
}

/**
 * The token counts of one model call, as the ledger keeps them.
 * @category Plugins
 */
export interface TokenCounts {
  /** Prompt tokens (cached ones included). */
  readonly promptTokens: number;
  /** Completion tokens (reasoning ones included). */
  readonly completionTokens: number;
  /** Prompt tokens served from the cache. */
  readonly cachedTokens: number;
  /** Completion tokens spent on hidden reasoning. */
  readonly reasoningTokens: number;
  /** Prompt plus completion tokens. */
  readonly totalTokens: number;
}

/**
 * Reads the token counts of a provider usage record.
 * @param usage - the usage
 * @returns the counts (cached tokens capped at the prompt tokens)
 * @category Plugins
 */
export function tokenCounts(usage: Usage): TokenCounts {
  const promptTokens = usage.prompt_tokens;
  const completionTokens = usage.completion_tokens;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, promptTokens),
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: promptTokens + completionTokens,
  };
}

/**
 * Computes the cost of one call (R-COST-2): uncached prompt tokens × input price + cached tokens ×
 * cached-input price + completion tokens × output price, per 1M tokens, rounded to 6 decimals.
 * @param counts - the call's token counts
 * @param price - the model's price, or undefined when unknown
 * @returns the cost in USD, or null when the price is unknown (never 0 for an unknown model)
 * @example
 * ```ts
 * computeCost(tokenCounts(usage), catalog.price('gpt-4o-mini'));
 * ```
 * @category Plugins
 */
export function computeCost(counts: TokenCounts, price: ModelPrice | undefined): number | null {
  if (!price) return null;
  const uncached = counts.promptTokens - counts.cachedTokens;
  const usd = (uncached * price.input + counts.cachedTokens * (price.cachedInput ?? price.input) + counts.completionTokens * price.output) / 1e6;
  return Math.round(usd * 1e6) / 1e6;
}
