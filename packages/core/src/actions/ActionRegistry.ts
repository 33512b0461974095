import { z } from 'zod';
import { ConfigurationError } from '../errors/AgentStudioError.js';
import type { ActionDefinition } from './ActionConfig.js';
import type { ActionDescriptor, ContextBinding } from './ActionDescriptor.js';
import { actionsOf } from './Action.js';
import { readFieldMeta } from './inputField.js';
import { formatLintProblems, lintAction } from './lintAction.js';
import { deepFreeze } from '../internal/deepFreeze.js';
import { ImmutableSet } from '../internal/ImmutableSet.js';

/**
 * Holds the actions of an application. Registration runs the SPEC §12 lint and refuses an
 * action that breaks a rule; it also builds the tool schema once, so no turn pays for it.
 *
 * @example
 * ```ts
 * const registry = new ActionRegistry();
 * registry.register(getWeather);
 * registry.registerInstance(new OrderActions(db));
 * ```
 * @category Actions
 */
export class ActionRegistry {
  readonly #byName = new Map<string, ActionDescriptor>();
  readonly #byLowerName = new Map<string, ActionDescriptor>();

  /**
   * Registers one action.
   * @param definition - the action
   * @returns its descriptor
   * @throws {@link ConfigurationError} `ACTION_LINT_FAILED` when it breaks a rule (every problem
   *   is in `details.problems`), `ACTION_DUPLICATE` when the name is taken
   */
  register(definition: ActionDefinition): ActionDescriptor {
    const problems = lintAction(definition);
    if (problems.length > 0) {
      throw new ConfigurationError(
        'ACTION_LINT_FAILED',
        `Action "${problems[0]?.action}" breaks ${problems.length} registration rule(s):\n${formatLintProblems(problems)}`,
        { details: { action: definition.name, problems } },
      );
    }
    const lower = definition.name.toLowerCase();
    const existing = this.#byLowerName.get(lower);
    if (existing) {
      throw new ConfigurationError(
        'ACTION_DUPLICATE',
        `Action "${definition.name}" is registered twice (the other is "${existing.name}"; names are compared case-insensitively). Rename one of them.`,
        { details: { action: definition.name, other: existing.name } },
      );
    }
    const descriptor = describe(definition);
    this.#byName.set(definition.name, descriptor);
    this.#byLowerName.set(lower, descriptor);
    return descriptor;
  }

  /**
   * Registers every `@Action` method of an object.
   * @param instance - an instance of a class with `@Action` methods
   * @returns the descriptors
   * @throws {@link ConfigurationError} as {@link ActionRegistry.register}, and `ACTION_SCHEMA_INVALID`
   *   when the object has no `@Action` method
   */
  registerInstance(instance: object): ActionDescriptor[] {
    const definitions = actionsOf(instance);
    if (definitions.length === 0) {
      throw new ConfigurationError(
        'ACTION_SCHEMA_INVALID',
        `${instance.constructor.name} has no @Action methods. Decorate at least one method with @Action({...}).`,
      );
    }
    return definitions.map((d) => this.register(d));
  }

  /**
   * Finds an action by exact name, then case-insensitively (R-LOOP-2).
   * @param name - the name the model used
   * @returns the descriptor, or undefined
   */
  get(name: string): ActionDescriptor | undefined {
    return this.#byName.get(name) ?? this.#byLowerName.get(name.toLowerCase());
  }

  /**
   * Every registered action, in registration order.
   * @returns the descriptors
   */
  list(): ActionDescriptor[] {
    return [...this.#byName.values()];
  }
}

function describe(definition: ActionDefinition): ActionDescriptor {
  const shape = definition.input.shape as Record<string, z.ZodType>;
  const userInputKeys = new Set<string>();
  const piiKeys = new Set<string>();
  const contextBindings: ContextBinding[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const meta = readFieldMeta(schema);
    if (meta.pii === true) piiKeys.add(key);
    if (meta.userInput ?? true) userInputKeys.add(key);
    else if (meta.contextVariable !== undefined) contextBindings.push({ key, variable: meta.contextVariable });
  }
  const mask = Object.fromEntries([...userInputKeys].map((k) => [k, true as const]));
  let parameters: Record<string, unknown>;
  try {
    const json = z.toJSONSchema(definition.input.pick(mask as never), { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
    delete json.$schema;
    parameters = json;
  } catch (cause) {
    throw new ConfigurationError(
      'ACTION_SCHEMA_INVALID',
      `Action "${definition.name}": its input schema cannot be expressed as JSON Schema (${(cause as Error).message}). Use JSON-compatible types for user inputs.`,
      { cause, details: { action: definition.name } },
    );
  }
  const description =
    definition.requiresConfirmation === true && !/confirm|approv/i.test(definition.description)
      ? `${definition.description} This action requires the user's explicit confirmation before it runs.`
      : definition.description;
  return Object.freeze({
    name: definition.name,
    definition: Object.freeze({ ...definition }),
    tool: deepFreeze({ type: 'function' as const, function: { name: definition.name, description, parameters } }),
    userInputKeys: new ImmutableSet(userInputKeys),
    contextBindings: deepFreeze(contextBindings),
    piiKeys: new ImmutableSet(piiKeys),
  });
}
