import { type AgentDefinition, ConfigurationError, formatIssuePath, type TraceStore } from '@agent-studio/core';
import { z } from 'zod';

/**
 * The rationale settings of one agent (R-RAT-1..3). Every key is optional: an agent's settings are
 * laid over the tenant-level ones (see {@link resolveRationaleSettings}). The same shape is read
 * from an agent definition's `trust.rationale`.
 * @category Plugins
 */
export const RationaleAgentSettingsSchema = z.strictObject({
  /** Whether tool schemas gain `_rationale` and rationales are recorded (default false). */
  enabled: z.boolean().optional(),
  /** Whether a tool call without a (non-blank) rationale is blocked and the model asked for one (default false). */
  required: z.boolean().optional(),
  /** The longest rationale kept on the record, in characters; longer ones are truncated (default 4,000). */
  maxLength: z.number().int().min(1).max(100_000).optional(),
  /** The description of the `_rationale` parameter the model sees. */
  description: z.string().min(1).max(1_000).optional(),
});

/**
 * One agent's settings, parsed.
 * @category Plugins
 */
export type RationaleAgentSettings = z.output<typeof RationaleAgentSettingsSchema>;

/**
 * One agent's settings, as given.
 * @category Plugins
 */
export type RationaleAgentSettingsInput = z.input<typeof RationaleAgentSettingsSchema>;

/**
 * The options of `rationaleModule`: tenant-level settings, per-agent settings, the recorder's
 * memory bound and an optional trace store the records are persisted to.
 * @category Plugins
 */
export const RationaleOptionsSchema = RationaleAgentSettingsSchema.extend({
  /** Settings per agent name, laid over the tenant-level settings and the agent definition's `trust.rationale`. */
  agents: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'use the agent name (kebab-case)'), RationaleAgentSettingsSchema).optional(),
  /** How many runs the in-memory recorder keeps; the oldest run is dropped first (default 1,000). */
  maxRuns: z.number().int().min(1).optional(),
  /**
   * An access-controlled audit store that also receives every record, text included, as a
   * `rationale:recorded` trace step (R-RAT-3, R-AUDIT-4). The hook awaits the append; when it fails
   * the tool call is blocked (`PLUGIN_HOOK_FAILED`, the plugin is fail-closed).
   */
  trace: z
    .custom<TraceStore>(isTraceStore, { message: 'expected a TraceStore (an object with an append(step) method)' })
    .optional(),
});

/** Whether a value looks like a {@link TraceStore}: an object with an `append` method. */
function isTraceStore(value: unknown): value is TraceStore {
  return typeof value === 'object' && value !== null && typeof (value as { append?: unknown }).append === 'function';
}

/**
 * The parsed options.
 * @category Plugins
 */
export type RationaleOptions = z.output<typeof RationaleOptionsSchema>;

/**
 * The options as given.
 * @category Plugins
 */
export type RationaleOptionsInput = z.input<typeof RationaleOptionsSchema>;

/**
 * The settings one agent runs with, after all layers were applied.
 * @category Plugins
 */
export interface ResolvedRationaleSettings {
  /** Whether rationale capture is on. */
  readonly enabled: boolean;
  /** Whether a call without a rationale is blocked. */
  readonly required: boolean;
  /** The longest rationale kept on the record. */
  readonly maxLength: number;
  /** The description of the `_rationale` parameter. */
  readonly description: string;
}

/**
 * The default description of `_rationale` (R-RAT-1).
 * @category Plugins
 */
export const DEFAULT_RATIONALE_DESCRIPTION =
  'Explain step by step why this tool addresses the request. This is recorded for the audit trail and is not passed to the tool.';

/** The default `maxLength`. */
const DEFAULT_MAX_LENGTH = 4_000;

/** The key of the agent definition's `trust` record the plugin reads. */
const TRUST_KEY = 'rationale';

/**
 * Parses the `trust.rationale` section of an agent definition.
 * @param agent - the agent
 * @returns its settings, or undefined when it has none
 * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` when the section is invalid
 * @category Plugins
 */
export function agentRationaleSettings(agent: Pick<AgentDefinition, 'name' | 'trust'>): RationaleAgentSettings | undefined {
  const section = agent.trust?.[TRUST_KEY];
  if (section === undefined) return undefined;
  const parsed = RationaleAgentSettingsSchema.safeParse(section);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(
      'AGENT_DEFINITION_INVALID',
      `Agent "${agent.name}": invalid trust['${TRUST_KEY}'] at ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`,
      { details: { agent: agent.name } },
    );
  }
  return parsed.data;
}

/**
 * Resolves the settings of one agent. Layers, each over the one before: the defaults (off, not
 * required, 4,000 characters), the tenant-level options, the agent definition's `trust.rationale`,
 * and `options.agents[name]`.
 * @param options - the parsed module options
 * @param agent - the agent (its name and trust settings)
 * @returns the resolved settings
 * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` when the agent's trust section is invalid
 * @example
 * ```ts
 * resolveRationaleSettings(RationaleOptionsSchema.parse({ agents: { support: { enabled: true } } }), agent).enabled; // true for `support`
 * ```
 * @category Plugins
 */
export function resolveRationaleSettings(options: RationaleOptions, agent: Pick<AgentDefinition, 'name' | 'trust'>): ResolvedRationaleSettings {
  let enabled = false;
  let required = false;
  let maxLength = DEFAULT_MAX_LENGTH;
  let description = DEFAULT_RATIONALE_DESCRIPTION;
  for (const layer of [options, agentRationaleSettings(agent), options.agents?.[agent.name]]) {
    if (!layer) continue;
    if (layer.enabled !== undefined) enabled = layer.enabled;
    if (layer.required !== undefined) required = layer.required;
    if (layer.maxLength !== undefined) maxLength = layer.maxLength;
    if (layer.description !== undefined) description = layer.description;
  }
  return Object.freeze({ enabled, required, maxLength, description });
}
