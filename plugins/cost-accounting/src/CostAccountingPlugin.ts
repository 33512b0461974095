import {
  $inject,
  type AgentPlugin,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
  decide,
  type HookDecision,
  type Logger,
  type ModelCallContext,
  type ModelResultContext,
  type PluginManifest,
  PluginPriority,
  type PluginSetupApi,
  type RuntimeEventMap,
  type RuntimeEvents,
} from '@agent-studio/core';
import { injectable } from 'inversify';
import type { Budget, CostAccountingOptions } from './CostAccountingOptions.js';
import type { CostFilter, CostLedger, CostLedgerEntry } from '@agent-studio/core';
import { computeCost, type PricingCatalog, tokenCounts } from './PricingCatalog.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** A run, agent or tenant budget was reached; the next model call was not made. */
    BUDGET_EXCEEDED: true;
  }
  interface RuntimeEventMap {
    /** One model call was recorded in the cost ledger (R-COST-1). */
    'cost:recorded': CostLedgerEntry;
    /** A model call's model has no price; its cost was recorded as null (R-COST-2). */
    'cost:unknown-model': CostUnknownModelEvent;
  }
}

/**
 * The payload of `cost:unknown-model`.
 * @category Plugins
 */
export interface CostUnknownModelEvent {
  /** The run's id. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The agent's name. */
  readonly agent: string;
  /** The tenant. */
  readonly tenantId: string;
  /** The model identifier that matched no catalog entry. */
  readonly model: string;
}

/**
 * Records the cost of every model call and enforces budgets (SPEC §11).
 *
 * - `afterModelCall` (R-COST-1, R-COST-2): appends exactly one {@link CostLedgerEntry} per model
 *   call, however many tool calls the response holds, and emits `cost:recorded`; an unpriced model
 *   gets cost null and a `cost:unknown-model` event.
 * - `beforeModelCall`: when the run's, the agent's (within its tenant) or the tenant's ledger total
 *   has reached a configured budget, blocks the run with `BUDGET_EXCEEDED`; the model is not called.
 * @category Plugins
 */
@injectable()
export class CostAccountingPlugin implements AgentPlugin {
  /** The manifest: priority 300, fail-closed (a budget that cannot be checked stops the run). */
  readonly manifest: PluginManifest = {
    name: 'cost-accounting',
    version: '0.1.0',
    priority: PluginPriority.CostAccounting,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #options: CostAccountingOptions;
  readonly #ledger: CostLedger;
  readonly #catalog: PricingCatalog;
  #events: RuntimeEvents | undefined;
  #logger: Logger | undefined;

  /**
   * @param options - the parsed options
   * @param ledger - where entries go
   * @param catalog - the prices
   */
  constructor(
    @$inject('cost.Options') options: CostAccountingOptions,
    @$inject('cost.Ledger') ledger: CostLedger,
    @$inject('cost.Pricing') catalog: PricingCatalog,
  ) {
    this.#options = options;
    this.#ledger = ledger;
    this.#catalog = catalog;
  }

  /**
   * Keeps the events and the logger.
   * @param api - the setup API
   */
  setup(api: PluginSetupApi): void {
    this.#events = api.events;
    this.#logger = api.logger;
  }

  /**
   * Blocks the run when a budget has been reached.
   * @param ctx - the model call
   * @returns continue, or a block with `BUDGET_EXCEEDED`
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> | Promise<HookDecision<ChatCompletionRequest>> {
    const budgets = this.#options.budgets;
    // no budgets: decided synchronously (no promise for the runtime to race)
    if (!budgets) return decide.continue();
    return this.#checkBudgets(ctx, budgets);
  }

  async #checkBudgets(ctx: ModelCallContext, budgets: NonNullable<CostAccountingOptions['budgets']>): Promise<HookDecision<ChatCompletionRequest>> {
    const tenantId = ctx.access.tenantId;
    const scopes: [string, Budget | undefined, CostFilter][] = [
      ['run', budgets.run, { runId: ctx.runId }],
      ['agent', budgets.agent, { tenantId, agent: ctx.agent.name }],
      ['tenant', budgets.tenant, { tenantId }],
    ];
    for (const [scope, budget, filter] of scopes) {
      if (!budget) continue;
      const totals = await this.#ledger.totals(filter);
      const overUsd = budget.maxUsd !== undefined && totals.costUsd >= budget.maxUsd;
      const overTokens = budget.maxTokens !== undefined && totals.totalTokens >= budget.maxTokens;
      if (overUsd || overTokens) {
        const what = overUsd ? `USD ${totals.costUsd} of ${budget.maxUsd}` : `${totals.totalTokens} of ${budget.maxTokens} tokens`;
        return decide.block('BUDGET_EXCEEDED', `${scope} budget reached (${what})`);
      }
    }
    return decide.continue();
  }

  /**
   * Records the call, once (R-COST-1).
   * @param ctx - the model result
   * @returns continue
   */
  async afterModelCall(ctx: ModelResultContext): Promise<HookDecision<ChatCompletionResponse>> {
    const model = ctx.response.model || ctx.request.model;
    const counts = tokenCounts(ctx.usage);
    const costUsd = computeCost(counts, this.#catalog.price(model));
    const at = Date.now();
    const entry: CostLedgerEntry = {
      runId: ctx.runId,
      turn: ctx.turn,
      tenantId: ctx.access.tenantId,
      userId: ctx.access.userId,
      agent: ctx.agent.name,
      model,
      day: new Date(at).toISOString().slice(0, 10),
      at,
      ...counts,
      costUsd,
    };
    await this.#ledger.append(entry);
    if (costUsd === null) {
      const payload: RuntimeEventMap['cost:unknown-model'] = { runId: ctx.runId, turn: ctx.turn, agent: ctx.agent.name, tenantId: entry.tenantId, model };
      this.#emit('cost:unknown-model', (events) => events.emit('cost:unknown-model', payload));
    }
    this.#emit('cost:recorded', (events) => events.emit('cost:recorded', entry));
    return decide.continue();
  }

  #emit(name: 'cost:recorded' | 'cost:unknown-model', send: (events: RuntimeEvents) => void): void {
    const events = this.#events;
    if (!events || events.listenerCount(name) === 0) return;
    try {
      send(events);
    } catch (error) {
      this.#logger?.warn({ plugin: this.manifest.name, event: name, error: (error as Error)?.name }, 'an event listener threw; ignored');
    }
  }
}
