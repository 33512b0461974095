/**
 * Cost accounting (SPEC §11): one ledger entry per model call, priced from a catalog, and budgets
 * per run, agent and tenant.
 *
 * @packageDocumentation
 */
export { type CostUnknownModelEvent, CostAccountingPlugin } from './CostAccountingPlugin.js';
export {
  type Budget,
  BudgetSchema,
  type CostAccountingOptions,
  type CostAccountingOptionsInput,
  CostAccountingOptionsSchema,
  ModelPriceSchema,
} from './CostAccountingOptions.js';
export { costAccountingModule } from './costAccountingModule.js';
export {
  computeCost,
  DEFAULT_PRICING,
  DEFAULT_PRICING_AS_OF,
  type ModelPrice,
  PricingCatalog,
  type TokenCounts,
  tokenCounts,
} from './PricingCatalog.js';
