import type { Storyboard } from './Storyboard.js';

/**
 * The marker of the machine form of a storyboard; it changes when the form does.
 * @category Plugins
 */
export const STORYBOARD_SCHEMA = 'agent-studio.storyboard/v1';

/**
 * The machine form of a {@link Storyboard}: the storyboard as plain JSON data, marked with
 * {@link STORYBOARD_SCHEMA}.
 * @category Plugins
 */
export interface StoryboardJson extends Storyboard {
  /** Always {@link STORYBOARD_SCHEMA}. */
  readonly schema: typeof STORYBOARD_SCHEMA;
}

/**
 * Turns a {@link Storyboard} into its machine form: a JSON-safe copy (no `undefined`, no shared
 * references) with a `schema: 'agent-studio.storyboard/v1'` marker first.
 * @param story - the storyboard
 * @returns the plain object, ready for `JSON.stringify`
 * @example
 * ```ts
 * await writeFile('run.json', JSON.stringify(storyboardToJson(buildStoryboard(steps)), null, 2));
 * ```
 * @category Plugins
 */
export function storyboardToJson(story: Storyboard): StoryboardJson {
  const copy = JSON.parse(JSON.stringify(story)) as Storyboard;
  return { schema: STORYBOARD_SCHEMA, ...copy };
}
