import { z } from 'zod';
import { ConfigurationError } from '../errors/AgentStudioError.js';
import { parseWire } from '../schemas/parseWire.js';
import { deepFreeze } from '../internal/deepFreeze.js';

/**
 * How a person takes part in a capability's calls (SPEC §8, R-HITL-1).
 * @category Runtime
 */
export const HitlModeSchema = z.enum(['none', 'confirmation', 'approval', 'confirmationThenApproval', 'conditionalApproval']);
/** @category Runtime */
export type HitlMode = z.infer<typeof HitlModeSchema>;

/**
 * One action an agent may call, with its per-capability settings.
 * @category Runtime
 */
export const CapabilitySchema = z.strictObject({
  /** The registered action's name. */
  action: z.string().min(1),
  /** Human in the loop for this capability. */
  hitl: HitlModeSchema.default('none'),
  /** Whether the run fails on this tool's first failure (R-LOOP-9 tier 1). */
  failFast: z.boolean().default(false),
  /**
   * Whether the call runs outside the request (R-LOOP-7): the run suspends with the call pending as
   * `async`, and a worker resumes it with a token freshly minted for the user who asked (R-TOKEN-4);
   * the call then goes through every `beforeToolCall` hook and runs there. Not valid with a `hitl`
   * mode (R-HITL-3).
   */
  async: z.boolean().default(false),
});
/** @category Runtime */
export type Capability = z.infer<typeof CapabilitySchema>;

/**
 * Limits that contain a runaway agent (R-BLAST-1).
 * @category Runtime
 */
export const AgentLimitsSchema = z.strictObject({
  /** The most model turns per run (R-LOOP-12). */
  maxCycles: z.number().int().min(1).max(100).default(10),
  /** Successive failures of one tool before a function or workflow run fails (R-LOOP-9). */
  maxToolRetries: z.number().int().min(1).max(20).default(2),
  /** The most tool calls of one run in flight at once. */
  toolConcurrency: z.number().int().min(1).max(64).default(4),
  /** Whether the model may ask for several tool calls in one turn. */
  parallelToolCalls: z.boolean().default(true),
  /** How long one action may run, in milliseconds. */
  actionTimeoutMs: z.number().int().min(1).max(3_600_000).default(30_000),
});
/** @category Runtime */
export type AgentLimits = z.infer<typeof AgentLimitsSchema>;

/**
 * An agent: its type (SPEC §10), audience, model, instructions, capabilities, trust settings and
 * limits. Parse it with `AgentDefinitionSchema.parse` (or {@link defineAgent}).
 * @category Runtime
 */
export const AgentDefinitionSchema = z.strictObject({
  /** Kebab-case, unique. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'use kebab-case: lowercase letters, digits and "-"'),
  /** What the agent is for. */
  description: z.string().default(''),
  /** The agent type (R-AGT-*). */
  type: z.enum(['conversational', 'function', 'workflow', 'email']).default('conversational'),
  /** Employee-facing (runs as the user) or service (runs as the agent's identity) (R-ACT-ID-1). */
  audience: z.enum(['employee', 'service']),
  /** The model and its sampling settings. */
  model: z.strictObject({
    /** The model's name. */
    name: z.string().min(1),
    /** Sampling temperature. */
    temperature: z.number().min(0).max(2).optional(),
    /** The most tokens per reply. */
    maxTokens: z.number().int().positive().optional(),
  }),
  /** The system instructions. */
  instructions: z.string().min(1),
  /** The actions the agent may call. */
  capabilities: z.array(CapabilitySchema).default([]),
  /** Settings for trust-layer plugins, keyed by plugin name; each plugin validates its own. */
  trust: z.record(z.string(), z.unknown()).default({}),
  /** Limits. */
  limits: AgentLimitsSchema.default(AgentLimitsSchema.parse({})),
  /** Context variables a caller may set on a run request; all others come from actions or the access context. */
  requestVariables: z.array(z.string().min(1)).default([]),
  /** What a rejected approval does: feed it back to the model (REF) or cancel the run (R-HITL-15). */
  onRejection: z.enum(['feedback', 'cancel']).default('feedback'),
});

/** @category Runtime */
export type AgentDefinition = z.output<typeof AgentDefinitionSchema>;
/** @category Runtime */
export type AgentDefinitionInput = z.input<typeof AgentDefinitionSchema>;

/**
 * Validates an agent definition and fills its defaults.
 * @param input - the definition
 * @returns the parsed definition, frozen
 * @throws {@link ConfigurationError} `AGENT_DEFINITION_INVALID` naming the first path that failed
 * @example
 * ```ts
 * export const agent = defineAgent({ name: 'order-status', audience: 'service',
 *   model: { name: 'gpt-4o-mini' }, instructions: 'Help customers with their orders.',
 *   capabilities: [{ action: 'verify_customer' }, { action: 'get_order' }] });
 * ```
 * @category Runtime
 */
export function defineAgent(input: AgentDefinitionInput): AgentDefinition {
  const parsed = parseWire(AgentDefinitionSchema, input, 'agent definition', (message, details) =>
    new ConfigurationError('AGENT_DEFINITION_INVALID', message, { details }),
  );
  return deepFreeze(parsed);
}

