import type { z } from 'zod';
import type { ActionDefinition } from './ActionConfig.js';

/**
 * Declares an action without decorators (the twin of {@link Action}); it works in plain
 * JavaScript and under any transpiler.
 *
 * @param definition - the declaration and the `run` function
 * @returns the same definition, typed
 * @example
 * ```ts
 * export const getWeather = defineAction({
 *   name: 'get_weather', description: 'Current weather for a city.',
 *   audience: 'employee', visibility: 'public', effect: 'read',
 *   input: z.object({ city: z.string() }),
 *   run: ({ city }) => ({ city, celsius: 21 }),
 * });
 * ```
 * @category Actions
 */
export function defineAction<TInput extends z.ZodObject, TOutput>(
  definition: ActionDefinition<TInput, TOutput>,
): ActionDefinition<TInput, TOutput> {
  return definition;
}
