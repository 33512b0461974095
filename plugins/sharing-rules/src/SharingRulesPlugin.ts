import {
  $inject,
  $multiInject,
  type ActionContextExtensions,
  type ActionContextProvider,
  type ActionContextProviderInput,
  type AgentPlugin,
  ConfigurationError,
  PluginPriority,
  type PluginManifest,
} from '@agent-studio/core';
import { type DataBackend, type DataPolicy, type ModelIndex, SecureDataAccess } from '@agent-studio/data';
import { principalOf } from '@agent-studio/plugin-identity';
import { injectable, optional } from 'inversify';
import type { SharingRulesOptions } from './SharingRulesOptions.js';

/**
 * Gives every action call `ctx.data`: a SecureDataAccess for the run-as user, so that every query
 * and write of every action passes CRUD, FLS and record-level sharing (SPEC §2). Denials and uses
 * of system mode are recorded on the run's timeline. System mode is allowed to employee agents'
 * actions, and to service agents' actions only when the action declares `systemModeReason`.
 * @category Plugins
 */
@injectable()
export class SharingRulesPlugin implements AgentPlugin, ActionContextProvider {
  /** The manifest: priority 800, after identity, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'sharing-rules',
    version: '0.1.0',
    priority: PluginPriority.SharingRules,
    dependsOn: ['identity'],
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #model: ModelIndex;
  readonly #backend: DataBackend;
  readonly #options: SharingRulesOptions;
  readonly #policies: readonly DataPolicy[];

  /**
   * @param model - the security model
   * @param backend - the data backend
   * @param options - the id maker
   * @param policies - the app's own record rules (`data.Policy`)
   */
  constructor(
    @$inject('data.Model') model: ModelIndex,
    @$inject('data.Backend') backend: DataBackend,
    @$inject('sharingRules.Options') options: SharingRulesOptions,
    @$multiInject('data.Policy') @optional() policies: DataPolicy[],
  ) {
    this.#model = model;
    this.#backend = backend;
    this.#options = options;
    // inversify gives undefined for an optional multi-injection with no binding
    this.#policies = (policies as DataPolicy[] | undefined) ?? [];
  }

  /**
   * Prepares the backend for the model.
   */
  async setup(): Promise<void> {
    await this.#backend.open(this.#model);
  }

  /**
   * Builds `ctx.data` for one call, as the principal the identity plugin resolved.
   * @param input - the call
   * @returns the `data` field
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when no principal was resolved (fail closed)
   */
  provide(input: ActionContextProviderInput): Partial<ActionContextExtensions> {
    const principal = principalOf(input.bag);
    if (!principal) {
      throw new ConfigurationError('CONFIG_INVALID', 'No run-as principal: the identity plugin did not resolve one, so the action gets no data access.');
    }
    const def = input.action.definition;
    const systemModeAllowed = input.agent.audience === 'employee' || (typeof def.systemModeReason === 'string' && def.systemModeReason.trim().length >= 10);
    const data = new SecureDataAccess({
      index: this.#model,
      backend: this.#backend,
      userId: principal.runAs,
      systemModeAllowed,
      newId: this.#options.newId,
      policies: this.#policies,
      onDecision: (d) =>
        d.kind === 'denied'
          ? input.record('data-access-denied', `${d.code}: ${d.operation} on ${d.object} as ${d.userId}: ${d.reason}`)
          : input.record(d.kind, `${d.kind === 'system-mode' ? 'system mode used' : 'system mode refused'} by ${d.userId}${d.reason ? `: ${d.reason}` : ''}`),
    });
    return { data };
  }
}
