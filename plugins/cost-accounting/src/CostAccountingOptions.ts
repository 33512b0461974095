import { z } from 'zod';
import type { CostLedger } from '@agent-studio/core';

/**
 * A model's price in the options, USD per 1M tokens.
 * @category Plugins
 */
export const ModelPriceSchema = z.strictObject({
  /** Prompt tokens not served from the cache. */
  input: z.number().finite().min(0),
  /** Cached prompt tokens (default: the input price). */
  cachedInput: z.number().finite().min(0).optional(),
  /** Completion tokens. */
  output: z.number().finite().min(0),
});

/**
 * A budget: a USD limit, a token limit, or both. Once the ledger's total reaches a limit, the next
 * model call is not made and the run ends blocked with `BUDGET_EXCEEDED`.
 * @category Plugins
 */
export const BudgetSchema = z
  .strictObject({
    /** The most USD the scope may spend (priced calls only). */
    maxUsd: z.number().finite().positive().optional(),
    /** The most tokens (prompt + completion) the scope may use. */
    maxTokens: z.number().int().positive().optional(),
  })
  .refine((b) => b.maxUsd !== undefined || b.maxTokens !== undefined, 'give maxUsd, maxTokens or both');

/**
 * A parsed budget.
 * @category Plugins
 */
export type Budget = z.output<typeof BudgetSchema>;

/**
 * The options of `costAccountingModule`.
 * @category Plugins
 */
export const CostAccountingOptionsSchema = z.strictObject({
  /** Prices by model identifier, laid over (or, with `defaultPricing: false`, instead of) the shipped defaults. */
  pricing: z.record(z.string().min(1), ModelPriceSchema).optional(),
  /** Whether the shipped {@link DEFAULT_PRICING} is used under `pricing` (default true). */
  defaultPricing: z.boolean().optional(),
  /** Budgets per run, per agent (within its tenant) and per tenant. */
  budgets: z
    .strictObject({
      /** Each run. */
      run: BudgetSchema.optional(),
      /** Each agent, per tenant, over the ledger's history. */
      agent: BudgetSchema.optional(),
      /** Each tenant, over the ledger's history. */
      tenant: BudgetSchema.optional(),
    })
    .optional(),
  /** The ledger (default: the container's `core.CostLedger` when `createContainer({ costLedger })` set one, else a new in-memory `MemoryCostLedger`; use `@agent-studio/store-sql` to keep it across restarts). */
  ledger: z
    .custom<CostLedger>(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as Partial<CostLedger>).append === 'function' &&
        typeof (v as Partial<CostLedger>).totals === 'function' &&
        typeof (v as Partial<CostLedger>).report === 'function',
      'expected a CostLedger (append, totals and report)',
    )
    .optional(),
});

/**
 * The parsed options.
 * @category Plugins
 */
export type CostAccountingOptions = z.output<typeof CostAccountingOptionsSchema>;

/**
 * The options as given.
 * @category Plugins
 */
export type CostAccountingOptionsInput = z.input<typeof CostAccountingOptionsSchema>;
