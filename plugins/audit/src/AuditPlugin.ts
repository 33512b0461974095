import { $inject, type AgentPlugin, type PluginManifest, PluginPriority, type PluginSetupApi } from '@agent-studio/core';
import { injectable } from 'inversify';
import type { AuditOptions } from './AuditOptions.js';
import type { AuditTrail } from './AuditTrail.js';

/**
 * The audit plugin (SPEC §11): an observer with no hooks. At setup it attaches its
 * {@link AuditTrail} to the runtime's events and warns about every agent whose trail keeps full
 * content; at dispose it detaches and waits for the queued steps.
 * @category Plugins
 */
@injectable()
export class AuditPlugin implements AgentPlugin {
  /** The manifest: no hooks, so it never decides; fail-open (an audit failure never stops a run). */
  readonly manifest: PluginManifest = {
    name: 'audit',
    version: '0.1.0',
    priority: PluginPriority.Default,
    failureMode: 'open',
    coreRange: '^0.1.0',
  };
  readonly #trail: AuditTrail;
  readonly #options: AuditOptions;

  /**
   * @param trail - the recorder
   * @param options - the parsed options
   */
  constructor(@$inject('audit.Trail') trail: AuditTrail, @$inject('audit.Options') options: AuditOptions) {
    this.#trail = trail;
    this.#options = options;
  }

  /**
   * Attaches the trail and warns about `full` content (R-AUDIT-4).
   * @param api - the setup API
   */
  setup(api: PluginSetupApi): void {
    this.#trail.attach(api.events, api.logger);
    if (this.#options.persistContent === 'full') {
      api.logger.warn({ plugin: 'audit', persistContent: 'full' }, 'audit keeps FULL content for every agent not listed: prompts, replies, tool data and personal data in clear in the trace store');
    }
    for (const [agent, policy] of Object.entries(this.#options.agents)) {
      if (policy === 'full') api.logger.warn({ plugin: 'audit', agent, persistContent: 'full' }, 'audit keeps FULL content for this agent: personal data in clear in the trace store');
    }
  }

  /** Detaches the trail and waits for its queued steps. */
  async dispose(): Promise<void> {
    this.#trail.detach();
    await this.#trail.flush();
  }
}
