import type { ActionDefinition } from './ActionConfig.js';
import type { ToolDefinition } from '../schemas/request.js';

/**
 * An input field bound from a context variable.
 * @category Actions
 */
export interface ContextBinding {
  /** The input field's key. */
  readonly key: string;
  /** The context variable that supplies it. */
  readonly variable: string;
}

/**
 * A registered action, with everything the runtime needs computed once at registration.
 * @category Actions
 */
export interface ActionDescriptor {
  /** The action's name. */
  readonly name: string;
  /** The declaration and code. */
  readonly definition: ActionDefinition;
  /** The tool definition sent to the model (context-bound fields left out), built once. */
  readonly tool: ToolDefinition;
  /** Input keys the model may fill. */
  readonly userInputKeys: ReadonlySet<string>;
  /** Input keys bound from context variables. */
  readonly contextBindings: readonly ContextBinding[];
  /** Input keys that carry personal data. */
  readonly piiKeys: ReadonlySet<string>;
}
