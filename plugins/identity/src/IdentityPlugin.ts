import {
  $inject,
  type AgentPlugin,
  type ChatCompletionRequest,
  ConfigurationError,
  decide,
  type HookDecision,
  type ModelCallContext,
  type PluginSetupApi,
  PluginPriority,
  type PluginManifest,
  type RunContext,
  type RuntimeEvents,
  type ToolCall,
  type ToolCallContext,
} from '@agent-studio/core';
import type { ModelIndex } from '@agent-studio/data';
import { injectable } from 'inversify';
import { CustomerVerification } from './CustomerVerification.js';
import type { IdentityOptions } from './IdentityOptions.js';
import { PRINCIPAL, type Principal } from './Principal.js';
import { VERIFIED_CUSTOMER_ID, verificationActions } from './verificationActions.js';

declare module '@agent-studio/core' {
  interface ErrorCodes {
    /** The run's identity could not be resolved from the access context and the model. */
    IDENTITY_UNRESOLVED: true;
    /** A private service action ran before the customer was verified (R-ACT-VER-2). */
    VERIFICATION_REQUIRED: true;
  }
  interface RuntimeEventMap {
    /** The identity plugin resolved who a run acts as (ids only). */
    'identity:resolved': IdentityResolvedEvent;
  }
}

/**
 * The payload of `identity:resolved`, emitted once per run invocation when the principal is first
 * resolved: who asked and who the actions run as (R-AUDIT-2 "original user and execution user").
 * @category Plugins
 */
export interface IdentityResolvedEvent {
  /** The run's id. */
  readonly runId: string;
  /** The authenticated user who asked. */
  readonly originalUserId: string;
  /** The user the run's data access runs as. */
  readonly runAs: string;
  /** `user` for an employee agent (runs as the caller), `service` for a service agent's own identity. */
  readonly kind: 'user' | 'service';
}

/**
 * Decides who an agent runs as (SPEC §3): an employee agent runs as the authenticated user; a
 * service agent runs as its own least-privilege identity, and its private actions need a verified
 * customer. Identity comes only from the verified AccessContext, never from the model or a
 * request body.
 * @category Plugins
 */
@injectable()
export class IdentityPlugin implements AgentPlugin {
  /** The manifest: priority 1000 (first), fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'identity',
    version: '0.1.0',
    priority: PluginPriority.Identity,
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #model: ModelIndex;
  readonly #options: IdentityOptions;
  #events: RuntimeEvents | undefined;

  /**
   * @param model - the security model
   * @param options - service users and verification
   */
  constructor(@$inject('data.Model') model: ModelIndex, @$inject('identity.Options') options: IdentityOptions) {
    this.#model = model;
    this.#options = options;
  }

  /**
   * Checks that every service user exists, is active and is least-privilege (R-CTX-2), and
   * registers the verification actions.
   * @param api - the setup API
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for a missing or privileged service user
   */
  setup(api: PluginSetupApi): void {
    this.#events = api.events;
    for (const [agent, userId] of Object.entries(this.#options.serviceUsers)) {
      const user = this.#model.user(userId);
      if (!user?.active) throw new ConfigurationError('CONFIG_INVALID', `Service user "${userId}" of agent "${agent}" is not an active user of the security model.`);
      const perms = this.#model.permissions(userId);
      const bypass = perms.viewAllData || perms.modifyAllData || [...perms.objects.values()].some((p) => p.viewAll || p.modifyAll);
      if (bypass) {
        throw new ConfigurationError(
          'CONFIG_INVALID',
          `Service user "${userId}" of agent "${agent}" holds View All or Modify All; a service identity must be least-privilege (R-CTX-2, R-SHR-9). Remove those permissions.`,
        );
      }
    }
    if (this.#options.verification) {
      for (const action of verificationActions(new CustomerVerification(this.#options.verification))) api.registerAction(action);
    }
  }

  /**
   * Resolves the principal before the first model call.
   * @param ctx - the model call
   * @returns continue, or a block when the identity cannot be resolved
   */
  beforeModelCall(ctx: ModelCallContext): HookDecision<ChatCompletionRequest> {
    const resolved = this.#resolve(ctx);
    return typeof resolved === 'string' ? decide.block('IDENTITY_UNRESOLVED', resolved) : decide.continue();
  }

  /**
   * Resolves the principal (a resumed run starts here) and refuses private service actions until
   * the customer is verified.
   * @param ctx - the tool call
   * @returns continue, or a block
   */
  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> {
    const resolved = this.#resolve(ctx);
    if (typeof resolved === 'string') return decide.block('IDENTITY_UNRESOLVED', resolved);
    const def = ctx.action.definition;
    if (ctx.agent.audience === 'service' && def.visibility === 'private') {
      const verified = ctx.variables[VERIFIED_CUSTOMER_ID];
      if (typeof verified !== 'string' || verified.trim() === '') {
        return decide.block('VERIFICATION_REQUIRED', `"${def.name}" is private and the customer is not verified`, 'Verify the customer first (send_verification_code, then verify_customer_code).');
      }
    }
    return decide.continue();
  }

  #resolve(ctx: RunContext): Principal | string {
    const existing = ctx.bag.get(PRINCIPAL);
    if (existing) return existing;
    const { access, agent } = ctx;
    let principal: Principal;
    if (agent.audience === 'employee') {
      const user = this.#model.user(access.userId);
      if (!user?.active) return `user "${access.userId}" is not an active user of the security model`;
      principal = { runAs: access.userId, originalUserId: access.userId, tenantId: access.tenantId, kind: 'user' };
    } else {
      const serviceUser = this.#options.serviceUsers[agent.name];
      if (serviceUser === undefined) return `service agent "${agent.name}" has no service user configured`;
      principal = { runAs: serviceUser, originalUserId: access.userId, tenantId: access.tenantId, kind: 'service' };
    }
    ctx.bag.set(PRINCIPAL, Object.freeze(principal));
    const events = this.#events;
    if (events && events.listenerCount('identity:resolved') > 0) {
      try {
        events.emit('identity:resolved', { runId: ctx.runId, originalUserId: principal.originalUserId, runAs: principal.runAs, kind: principal.kind });
      } catch {
        // a listener's failure never changes a run
      }
    }
    return principal;
  }
}
