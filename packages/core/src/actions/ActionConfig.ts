import type { z } from 'zod';
import type { AccessContext } from '../access/AccessContext.js';

/**
 * Who the action serves: employees (runs as the signed-in user) or customers through a service
 * agent (runs as the agent's own least-privilege identity). SPEC R-ACT-CLS-1, R-ACT-ID-1.
 * @category Actions
 */
export type ActionAudience = 'employee' | 'service';

/**
 * Public actions return only public data and change nothing; every other action is private
 * (R-ACT-CLS-2).
 * @category Actions
 */
export type ActionVisibility = 'public' | 'private';

/**
 * What the action does to the world.
 * @category Actions
 */
export type ActionEffect = 'read' | 'write' | 'delete' | 'external';

/**
 * Fields that packages add to {@link ActionContext} through {@link ActionContextProvider}s, by
 * declaration merging. `@agent-studio/data` adds `data` (SecureDataAccess for the run-as user).
 * @example
 * ```ts
 * declare module '@agent-studio/core' {
 *   interface ActionContextExtensions { readonly crm: CrmClient }
 * }
 * ```
 * @category Actions
 */
// biome-ignore lint/suspicious/noEmptyInterface: an extension point filled by declaration merging
export interface ActionContextExtensions {}

/**
 * The read-only context an action's code receives.
 * @category Actions
 */
export interface ActionContext extends ActionContextExtensions {
  /** The run's id. */
  readonly runId: string;
  /** The tool call's id. */
  readonly callId: string;
  /** The verified request context (tenant, user, agent, session). */
  readonly access: AccessContext;
  /** Context variables of the run, such as `VerifiedCustomerId`. */
  readonly variables: Readonly<Record<string, unknown>>;
  /**
   * Sets a context variable for later actions of the same run. Only variables the action
   * declares in `providesContext` may be set; any other name throws a ConfigurationError.
   */
  setVariable(name: string, value: unknown): void;
  /** Aborted when the run is cancelled or times out; pass it to any I/O. */
  readonly signal: AbortSignal;
}

/**
 * The record an action's user inputs write (see `ActionConfig.writesObject`).
 * @category Actions
 */
export interface WritesObject {
  /** The object whose fields the inputs are. */
  readonly object: string;
  /** Whether the action creates or updates a record. */
  readonly operation: 'create' | 'update';
}

/**
 * How an action is declared: its name, description, classification and schemas.
 * @category Actions
 */
export interface ActionConfig<TInput extends z.ZodObject = z.ZodObject, TOutput = unknown> {
  /** The name the model calls it by: letters, digits, `_` and `-`, at most 64. */
  readonly name: string;
  /** What it does and when to use it; the model reads this. */
  readonly description: string;
  /** Employee-facing or service (customer-facing). */
  readonly audience: ActionAudience;
  /** Public or private. */
  readonly visibility: ActionVisibility;
  /** What the action does to the world. */
  readonly effect: ActionEffect;
  /** Whether the user must confirm each call before it runs (R-ACT-CONF-1). */
  readonly requiresConfirmation?: boolean;
  /**
   * A written reason why a write, delete or external action needs no confirmation. Without it,
   * such an action must set `requiresConfirmation`.
   */
  readonly confirmationWaiver?: string;
  /** Whether it returns non-public data (defaults to true for private actions). */
  readonly returnsNonPublicData?: boolean;
  /** Whether the caller must be authenticated, beyond customer verification (R-ACT-VER-4). */
  readonly requiresAuthentication?: boolean;
  /** The input schema; field metadata comes from {@link field} and {@link contextInput}. */
  readonly input: TInput;
  /** The output schema; the result is checked against it. */
  readonly output?: z.ZodType<TOutput>;
  /** Context variables this action may set through `ctx.setVariable`. */
  readonly providesContext?: readonly string[];
  /** Actions that must have succeeded earlier in the run (read by the tool-dependencies plugin). */
  readonly requires?: readonly string[];
  /** How long the action may run, in milliseconds. */
  readonly timeoutMs?: number;
  /**
   * A written reason why this action may use system mode for data (bypassing CRUD, FLS and
   * sharing). Service agents' actions may never use system mode without it; every use is audited.
   */
  readonly systemModeReason?: string;
  /**
   * The object whose fields this action's user inputs are, and whether it creates or updates a
   * record: the field-security plugin then coerces the model's arguments to the field types and
   * drops the fields the user may not write (SPEC §4).
   */
  readonly writesObject?: WritesObject;
}

/**
 * An action's code.
 * @category Actions
 */
export type ActionHandler<TInput extends z.ZodObject = z.ZodObject, TOutput = unknown> = (
  input: z.output<TInput>,
  ctx: ActionContext,
) => TOutput | Promise<TOutput>;

/**
 * A complete action: its declaration plus its code.
 * @category Actions
 */
export interface ActionDefinition<TInput extends z.ZodObject = z.ZodObject, TOutput = unknown>
  extends ActionConfig<TInput, TOutput> {
  /** Runs the action with validated input. */
  readonly run: ActionHandler<TInput, TOutput>;
}
