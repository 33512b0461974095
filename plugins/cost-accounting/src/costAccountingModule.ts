import { ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { ContainerModule } from 'inversify';
import { type CostAccountingOptions, type CostAccountingOptionsInput, CostAccountingOptionsSchema } from './CostAccountingOptions.js';
import { type CostLedger, MemoryCostLedger } from '@agent-studio/core';
import { CostAccountingPlugin } from './CostAccountingPlugin.js';
import { DEFAULT_PRICING, PricingCatalog } from './PricingCatalog.js';

declare module '@agent-studio/core' {
  interface ServiceMap {
    /** The cost-accounting plugin's options. */
    'cost.Options': CostAccountingOptions;
    /** The ledger of model-call costs (R-COST-1). */
    'cost.Ledger': CostLedger;
    /** The pricing catalog (R-COST-3). */
    'cost.Pricing': PricingCatalog;
  }
}

/**
 * Loads the cost-accounting plugin (SPEC §11): one ledger entry per model call, priced from the
 * catalog, and budgets checked before each model call.
 * @param options - see {@link CostAccountingOptionsSchema}
 * @returns the container module
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when the options are invalid
 * @example
 * ```ts
 * costAccountingModule({ pricing: { 'my-model': { input: 1, output: 4 } }, budgets: { run: { maxUsd: 0.5 }, tenant: { maxTokens: 5_000_000 } } })
 * ```
 * @category Plugins
 */
export function costAccountingModule(options: CostAccountingOptionsInput = {}): ContainerModule {
  const parsed = CostAccountingOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError('CONFIG_INVALID', `costAccountingModule: invalid option ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`);
  }
  const data = parsed.data;
  const catalog = new PricingCatalog({ ...(data.defaultPricing === false ? {} : DEFAULT_PRICING), ...(data.pricing ?? {}) });
  return new ContainerModule(({ bind }) => {
    bind('cost.Options').toConstantValue(data);
    // the ledger given here, else the container's durable one (createContainer({ costLedger })), else memory
    bind('cost.Ledger')
      .toDynamicValue((ctx) => data.ledger ?? ctx.get('core.CostLedger', { optional: true }) ?? new MemoryCostLedger())
      .inSingletonScope();
    bind('cost.Pricing').toConstantValue(catalog);
    bind('core.Plugin').to(CostAccountingPlugin).inSingletonScope();
  });
}
