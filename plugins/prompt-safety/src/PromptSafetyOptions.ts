import { z } from 'zod';
import type { AssessmentSummary, SafetyFailureMode, SafetyMode } from './Assessment.js';
import { PROMPT_SAFETY_CATEGORIES, type JailbreakPattern, type PromptSafetyCategory, type ScorerName } from './catalog/JailbreakPattern.js';
import type { InjectionClassifier } from './InjectionClassifier.js';
import type { SafetyProvider } from './SafetyProvider.js';

/**
 * Per-agent prompt-safety settings. They come from the module options (defaults), from the
 * agent definition's `trust['prompt-safety']`, and from the module's `agents[name]`, in that order,
 * the later winning. Mode and threshold are normalized rather than rejected (R-SAFE-1).
 * @category Plugins
 */
export const AgentSafetySettingsSchema = z
  .object({
    /** Whether the agent's input is screened at all. */
    enabled: z.boolean().optional(),
    /** `Block` (default; blank or unknown values too), `Sanitize`, `Flag` (or any value with "Review"), `LogOnly` (or "Log Only"). */
    mode: z.string().optional(),
    /** The score at which the mode acts, in [0, 1]; out of range or blank means 0.6. */
    threshold: z.union([z.number(), z.string(), z.null()]).optional(),
    /** The enabled pattern categories; empty means all. */
    categories: z.array(z.enum(PROMPT_SAFETY_CATEGORIES)).optional(),
    /** `default` (the stricter scorer) or `parity` (the reference's weighted mean). */
    scorer: z.enum(['default', 'parity']).optional(),
    /** What a provider failure does; default `FailClosed` for Block and Sanitize, `FailOpen` otherwise (R-SAFE-29). */
    failureMode: z.enum(['FailOpen', 'FailClosed']).optional(),
    /** Whether the last 3 earlier user messages plus the current one are also screened together (R-SAFE-23); default true. */
    multiTurn: z.boolean().optional(),
    /** Whether tool results are screened before the model sees them (indirect injection); default true. */
    screenToolResults: z.boolean().optional(),
    /** Whether delimiter markers in tool results are neutralized (R-SAFE-28); default true. */
    neutralizeToolResults: z.boolean().optional(),
    /** What Sanitize does when nothing can be removed (only heuristic or structural findings): `block` (default) or `continue`. */
    unsanitizable: z.enum(['block', 'continue']).optional(),
  })
  .strict();

/**
 * Per-agent settings as written.
 * @category Plugins
 */
export type AgentSafetySettings = z.infer<typeof AgentSafetySettingsSchema>;

/**
 * Per-tenant switches (R-SAFE-1, R-SAFE-27).
 * @category Plugins
 */
export const TenantSafetySettingsSchema = z
  .object({
    /** The tenant switch `EnablePromptSafety`; default true once the module is loaded. */
    enabled: z.boolean().optional(),
    /** The tenant switch `PromptSafetyAuditLogging`: an audit record for every assessment, not only flagged ones. */
    auditLogging: z.boolean().optional(),
  })
  .strict();

/**
 * Per-tenant switches as written.
 * @category Plugins
 */
export type TenantSafetySettings = z.infer<typeof TenantSafetySettingsSchema>;

/**
 * One audit record (R-SAFE-26, R-SAFE-27): ids, scope and a content-free summary. It never holds
 * the text, a matched excerpt or an indicator.
 * @category Plugins
 */
export interface SafetyAuditRecord {
  /** The run. */
  readonly runId: string;
  /** The model turn. */
  readonly turn: number;
  /** The agent. */
  readonly agent: string;
  /** The tenant. */
  readonly tenantId: string;
  /** What was screened: the current user message, the multi-turn window, an earlier user message, a tool result or a document. */
  readonly scope: 'current' | 'context' | 'history' | 'tool' | 'document';
  /** The tool call, for tool results. */
  readonly callId?: string;
  /** The message's index in the request, for messages. */
  readonly messageIndex?: number;
  /** The summary. */
  readonly summary: AssessmentSummary;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The options of `promptSafetyModule`: default per-agent settings, per-agent and per-tenant
 * overrides, and the engine's parts.
 * @category Plugins
 */
export const PromptSafetyOptionsSchema = AgentSafetySettingsSchema.extend({
  /** Per-agent overrides by agent name; they win over the agent definition's `trust['prompt-safety']`. */
  agents: z.record(z.string(), AgentSafetySettingsSchema).default({}),
  /** Per-tenant switches by tenant id. */
  tenants: z.record(z.string(), TenantSafetySettingsSchema).default({}),
  /** Audit every assessment, for every tenant that does not say otherwise (R-SAFE-27); flagged ones are always audited (R-SAFE-26). */
  auditLogging: z.boolean().default(false),
  /** An injection classifier for the default scorer, or `false` for rules only; default: the shipped classifier, when there is one. */
  classifier: z
    .union([z.literal(false), z.custom<InjectionClassifier>((v) => isObject(v) && typeof v.score === 'function' && typeof v.threshold === 'number' && typeof v.version === 'string')])
    .optional(),
  /** A provider that replaces the built-in engine (R-SAFE-29). */
  provider: z.custom<SafetyProvider>((v) => isObject(v) && typeof v.detect === 'function' && typeof v.name === 'string' && typeof v.version === 'string').optional(),
  /** A pattern catalog that replaces the shipped one. */
  catalog: z.array(z.custom<JailbreakPattern>((v) => isObject(v) && typeof v.name === 'string' && typeof v.regex === 'string' && typeof v.category === 'string')).optional(),
  /** The detection cache (R-SAFE-20): size and lifetime, or `false`. */
  cache: z
    .union([
      z.literal(false),
      z
        .object({
          /** The most entries; default 1,000. */
          maxEntries: z.number().int().min(0).optional(),
          /** Their lifetime in milliseconds; default 5 minutes. */
          ttlMs: z.number().int().min(0).optional(),
        })
        .strict(),
    ])
    .optional(),
  /** Receives every audit record (in addition to the runtime's `decision:recorded` event). */
  onAudit: z.custom<(record: SafetyAuditRecord) => void>((v) => typeof v === 'function').optional(),
}).strict();

/**
 * The parsed options.
 * @category Plugins
 */
export type PromptSafetyOptions = z.output<typeof PromptSafetyOptionsSchema>;

/**
 * The options as given.
 * @category Plugins
 */
export type PromptSafetyOptionsInput = z.input<typeof PromptSafetyOptionsSchema>;

/**
 * The settings that apply to one agent of one tenant, with every default filled in.
 * @category Plugins
 */
export interface ResolvedSafetySettings {
  /** Whether screening runs. */
  readonly enabled: boolean;
  /** The normalized mode. */
  readonly mode: SafetyMode;
  /** The normalized threshold. */
  readonly threshold: number;
  /** The enabled categories; empty means all. */
  readonly categories: readonly PromptSafetyCategory[];
  /** The scorer. */
  readonly scorer: ScorerName;
  /** The failure mode. */
  readonly failureMode: SafetyFailureMode;
  /** Whether the multi-turn window is screened. */
  readonly multiTurn: boolean;
  /** Whether tool results are screened. */
  readonly screenToolResults: boolean;
  /** Whether tool results are neutralized. */
  readonly neutralizeToolResults: boolean;
  /** What Sanitize does when nothing can be removed. */
  readonly unsanitizable: 'block' | 'continue';
  /** Whether every assessment is audited. */
  readonly auditLogging: boolean;
}
