import type { z } from 'zod';
import type { ActionConfig, ActionContext, ActionDefinition } from './ActionConfig.js';

interface DecoratedAction {
  readonly propertyKey: string | symbol;
  readonly config: ActionConfig;
}

const decorated = new WeakMap<object, DecoratedAction[]>();

/**
 * Declares a method of an `@injectable()` class as an action. The method receives the validated
 * input and the {@link ActionContext}. Register the class's instances with
 * `ActionRegistry.registerInstance`, or bind the class to `'core.ActionProvider'`.
 *
 * @param config - name, description, classification and schemas
 * @returns a method decorator
 * @example
 * ```ts
 * @injectable()
 * class OrderActions {
 *   @Action({ name: 'get_order', description: 'Fetch one order.', audience: 'service',
 *     visibility: 'private', effect: 'read',
 *     input: z.object({ orderNumber: z.string(),
 *       customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }) }) })
 *   getOrder(input: { orderNumber: string; customerId: string }) { ... }
 * }
 * ```
 * @category Actions
 */
export function Action<TInput extends z.ZodObject, TOutput = unknown>(
  config: ActionConfig<TInput, TOutput>,
): MethodDecorator {
  return (target, propertyKey) => {
    const list = decorated.get(target.constructor) ?? [];
    list.push({ propertyKey, config: config as unknown as ActionConfig });
    decorated.set(target.constructor, list);
  };
}

/**
 * The actions declared with {@link Action} on an object's class, bound to that object.
 * @param instance - an instance of a class with `@Action` methods
 * @returns one definition per decorated method, in declaration order
 * @category Actions
 */
export function actionsOf(instance: object): ActionDefinition[] {
  const out: ActionDefinition[] = [];
  for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const entry of decorated.get(proto.constructor) ?? []) {
      const method = (instance as Record<string | symbol, unknown>)[entry.propertyKey];
      if (typeof method !== 'function') continue;
      out.push({
        ...entry.config,
        run: (input: unknown, ctx: ActionContext) => (method as (i: unknown, c: ActionContext) => unknown).call(instance, input, ctx),
      } as ActionDefinition);
    }
  }
  return out;
}
