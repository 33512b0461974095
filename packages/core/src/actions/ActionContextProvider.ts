import type { AccessContext } from '../access/AccessContext.js';
import type { ContextBag } from '../plugin/ContextBag.js';
import type { AgentDefinition } from '../runtime/AgentDefinition.js';
import type { ActionContextExtensions } from './ActionConfig.js';
import type { ActionDescriptor } from './ActionDescriptor.js';

/**
 * What an {@link ActionContextProvider} knows about the call it provides for.
 * @category Actions
 */
export interface ActionContextProviderInput {
  /** The run's id. */
  readonly runId: string;
  /** The tool call's id. */
  readonly callId: string;
  /** The verified request context. */
  readonly access: AccessContext;
  /** The agent. */
  readonly agent: AgentDefinition;
  /** The action about to run. */
  readonly action: ActionDescriptor;
  /** The run's plugin scratch space (for example the identity plugin's principal). */
  readonly bag: ContextBag;
  /**
   * Records a decision on the run's timeline (`decision:recorded`).
   * @param kind - the kind, such as `data-access-denied`
   * @param reason - why, without values
   */
  record(kind: string, reason: string): void;
}

/**
 * Adds fields to the context of every action call, such as `ctx.data`. Bind providers as a
 * multi-binding on `'core.ActionContextProvider'`. A provider that throws fails the call closed
 * (the action does not run).
 * @example
 * ```ts
 * bind('core.ActionContextProvider').toConstantValue({ provide: (i) => ({ crm: crmFor(i.access.userId) }) });
 * ```
 * @category Actions
 */
export interface ActionContextProvider {
  /**
   * Builds the extra fields for one call.
   * @param input - the call
   * @returns the fields to add
   */
  provide(input: ActionContextProviderInput): Partial<ActionContextExtensions> | Promise<Partial<ActionContextExtensions>>;
}
