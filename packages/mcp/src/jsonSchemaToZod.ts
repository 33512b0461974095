import { ConfigurationError } from '@agent-studio/core';
import { z } from 'zod';

/**
 * Converts an MCP tool's input JSON Schema to a zod object schema, with zod's own
 * `z.fromJSONSchema`, and checks that the result is an object schema that converts back to JSON
 * Schema for the model. What it cannot convert (conditionals, `not`, external `$ref`s, a root that
 * is not an object…) is refused.
 * @param schema - the tool's `inputSchema`
 * @param tool - the tool's name, for the error message
 * @returns the zod object schema
 * @throws {@link @agent-studio/core!index.ConfigurationError} `ACTION_SCHEMA_INVALID` naming the tool and what could not be converted
 * @example
 * ```ts
 * const input = jsonSchemaToZod({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, 'weather');
 * ```
 * @category MCP
 */
export function jsonSchemaToZod(schema: unknown, tool: string): z.ZodObject {
  const refuse = (why: string, cause?: unknown): ConfigurationError =>
    new ConfigurationError(
      'ACTION_SCHEMA_INVALID',
      `MCP tool "${tool}": its input schema cannot be used as an action input (${why}). Leave the tool out with { only: [...] }, or wrap it in an action of your own.`,
      { details: { tool }, ...(cause === undefined ? {} : { cause }) },
    );
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw refuse('it is not a JSON Schema object');
  const root = schema as Record<string, unknown>;
  if (root.type !== 'object') throw refuse('its root is not of type "object"');
  let converted: z.ZodType;
  try {
    converted = z.fromJSONSchema(root as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (cause) {
    throw refuse((cause as Error)?.message ?? 'unsupported', cause);
  }
  if (!(converted instanceof z.ZodObject)) throw refuse('it does not convert to a plain object schema (minProperties, maxProperties, propertyNames and composition at the root are not supported)');
  try {
    z.toJSONSchema(converted, { io: 'input', unrepresentable: 'throw' });
  } catch (cause) {
    throw refuse(`it does not convert back to JSON Schema: ${(cause as Error)?.message ?? 'unrepresentable'}`, cause);
  }
  return converted;
}
