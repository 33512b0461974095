import { ConfigurationError, type ResponseFormat } from '@agent-studio/core';
import { z } from 'zod';
import { type SanitizeMarkdownLinksOptions, SanitizeMarkdownLinksOptionsSchema } from './encoding/sanitizeMarkdownLinks.js';
import { parseOptions } from './internal/parseOptions.js';

/**
 * Output rules for one agent (or, under `defaults`, for every agent). Every key is optional; an
 * agent's keys override the defaults one by one.
 * @category Plugins
 */
export const OutputPolicySchema = z.strictObject({
  /** The zod schema the final reply must match (plain JSON or one ```json block); none by default. */
  output: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'must be a zod schema').optional(),
  /** Ask the model for JSON that matches `output` through `response_format` (json_schema); default true. */
  requestStructuredOutput: z.boolean().optional(),
  /** Replace a structured reply with the JSON of the validated value (unknown keys dropped, defaults filled); default true. */
  rewriteReply: z.boolean().optional(),
  /** The most characters the final reply may have; default 32 000. */
  maxReplyChars: z.number().int().min(1).max(10_000_000).optional(),
  /** The deepest nesting of a structured reply; default 64. */
  maxJsonDepth: z.number().int().min(1).max(1000).optional(),
  /** Remove control characters and invisible format characters from the final reply; default true. */
  stripControlChars: z.boolean().optional(),
  /** Remove links and images to hosts not listed from a free-text reply (see `sanitizeMarkdownLinks`); off by default. */
  links: SanitizeMarkdownLinksOptionsSchema.optional(),
});

/**
 * Output rules for one agent, as given.
 * @category Plugins
 */
export type OutputPolicy = z.input<typeof OutputPolicySchema>;

/**
 * The options of `outputGuardModule`: defaults for every agent, and rules per agent name.
 * @category Plugins
 */
export const OutputGuardOptionsSchema = z.strictObject({
  /** Rules for every agent. */
  defaults: OutputPolicySchema.default({}),
  /** Rules per agent, by agent name; each key overrides the default of the same name. */
  agents: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'an agent name is kebab-case'), OutputPolicySchema).default({}),
});

/**
 * The options of `outputGuardModule`, as given.
 * @category Plugins
 */
export type OutputGuardOptions = z.input<typeof OutputGuardOptionsSchema>;

/**
 * One agent's rules with every default filled in and the `response_format` computed.
 * @category Plugins
 */
export interface ResolvedOutputPolicy {
  /** The schema the final reply must match, if any. */
  readonly output: z.ZodType | undefined;
  /** What `beforeModelCall` adds to the request, if anything. */
  readonly responseFormat: ResponseFormat | undefined;
  /** Replace a structured reply with the JSON of the validated value. */
  readonly rewriteReply: boolean;
  /** The most characters of the final reply. */
  readonly maxReplyChars: number;
  /** The deepest nesting of a structured reply. */
  readonly maxJsonDepth: number;
  /** Remove control and invisible characters from the final reply. */
  readonly stripControlChars: boolean;
  /** The link policy for free-text replies, if any. */
  readonly links: SanitizeMarkdownLinksOptions | undefined;
}

/**
 * The plugin's settings: the default rules and the rules of each named agent.
 * @category Plugins
 */
export interface OutputGuardSettings {
  /** The rules of agents without their own entry. */
  readonly defaults: ResolvedOutputPolicy;
  /** The rules of each named agent (defaults merged in). */
  readonly agents: ReadonlyMap<string, ResolvedOutputPolicy>;
}

/**
 * Validates `outputGuardModule` options and resolves every agent's rules: defaults filled in,
 * agent keys over default keys, and the JSON Schema for `response_format` computed once.
 * @param options - the options as given
 * @returns the settings
 * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` for an invalid option or
 *   an `output` schema that cannot be turned into JSON Schema while `requestStructuredOutput` is on
 * @example
 * ```ts
 * const plugin = new OutputGuardPlugin(resolveOutputGuardOptions({ agents: { 'case-triage': { output: Triage } } }));
 * ```
 * @category Plugins
 */
export function resolveOutputGuardOptions(options: OutputGuardOptions = {}): OutputGuardSettings {
  const parsed = parseOptions(OutputGuardOptionsSchema, options, 'outputGuardModule');
  const defaults = resolve(parsed.defaults, 'reply');
  const agents = new Map<string, ResolvedOutputPolicy>();
  for (const [name, policy] of Object.entries(parsed.agents)) agents.set(name, resolve({ ...parsed.defaults, ...policy }, name));
  return Object.freeze({ defaults, agents });
}

/** Fills in defaults and computes the response format. */
function resolve(policy: z.output<typeof OutputPolicySchema>, name: string): ResolvedOutputPolicy {
  const output = policy.output;
  const requested = policy.requestStructuredOutput ?? true;
  return Object.freeze({
    output,
    responseFormat: output && requested ? responseFormatOf(output, name) : undefined,
    rewriteReply: policy.rewriteReply ?? true,
    maxReplyChars: policy.maxReplyChars ?? 32_000,
    maxJsonDepth: policy.maxJsonDepth ?? 64,
    stripControlChars: policy.stripControlChars ?? true,
    links: policy.links,
  });
}

/** Builds the `json_schema` response format of an output schema. */
function responseFormatOf(schema: z.ZodType, name: string): ResponseFormat {
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigurationError(
      'CONFIG_INVALID',
      `outputGuardModule: the output schema of "${name}" cannot be expressed as JSON Schema. Simplify it, or set requestStructuredOutput: false.`,
      { cause: error, details: { agent: name } },
    );
  }
  return { type: 'json_schema', json_schema: { name: `${name.replace(/[^A-Za-z0-9_-]/g, '_')}_output`.slice(0, 64), schema: jsonSchema } };
}
