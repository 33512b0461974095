import { type AgentDefinition, ConfigurationError, formatIssuePath } from '@agent-studio/core';
import { z } from 'zod';
import { PII_CATEGORIES, type PiiCategory } from './catalog/PiiPattern.js';

/**
 * The data classifications (R-PII-2). `Public` is never masked by default.
 * @category Plugins
 */
export const PII_CLASSIFICATIONS = ['Public', 'Internal', 'Confidential', 'Restricted', 'MissionCritical'] as const;

/**
 * A data classification of a field (R-PII-2).
 * @category Plugins
 */
export type PiiClassification = (typeof PII_CLASSIFICATIONS)[number];

/**
 * The masking modes (R-PII-1): `hybrid` runs both maskers, `schema` only the schema-based masker,
 * `pattern` only the pattern-based masker.
 * @category Plugins
 */
export const PII_MASKING_MODES = ['hybrid', 'schema', 'pattern'] as const;

/**
 * Which maskers run (R-PII-1).
 * @category Plugins
 */
export type PiiMaskingMode = (typeof PII_MASKING_MODES)[number];

/**
 * The presets (R-PII-1, REF-HEAD): shorthands for a mode, categories and classifications.
 * @category Plugins
 */
export const PII_PRESETS = ['off', 'standard', 'strict'] as const;

/**
 * A preset: `off` disables masking; `standard` and `strict` are described by {@link PII_PRESET_SETTINGS}.
 * @category Plugins
 */
export type PiiPreset = (typeof PII_PRESETS)[number];

/**
 * What the `standard` and `strict` presets stand for.
 * @category Plugins
 */
export interface PiiPresetSettings {
  /** Always `hybrid`. */
  readonly mode: PiiMaskingMode;
  /** The pattern categories; empty means all. */
  readonly categories: readonly PiiCategory[];
  /** The classifications whose fields are masked. */
  readonly sensitiveClassifications: readonly PiiClassification[];
}

/**
 * The presets' settings (R-PII-1, REF-HEAD): `standard` = Financial, Identity and Contact patterns,
 * Confidential and Restricted fields; `strict` = every category, Confidential, Restricted,
 * MissionCritical and Internal fields. Both are hybrid.
 * @category Plugins
 */
export const PII_PRESET_SETTINGS: Readonly<Record<Exclude<PiiPreset, 'off'>, PiiPresetSettings>> = Object.freeze({
  standard: Object.freeze({
    mode: 'hybrid',
    categories: Object.freeze(['Financial', 'Identity', 'Contact'] as const),
    sensitiveClassifications: Object.freeze(['Confidential', 'Restricted'] as const),
  }),
  strict: Object.freeze({
    mode: 'hybrid',
    categories: Object.freeze([] as PiiCategory[]),
    sensitiveClassifications: Object.freeze(['Confidential', 'Restricted', 'MissionCritical', 'Internal'] as const),
  }),
});

/** The classifications masked when none are given (R-PII-1). */
const DEFAULT_SENSITIVE: readonly PiiClassification[] = Object.freeze(['Confidential', 'Restricted']);

/**
 * The classifications whose `FIELD_` tokens stay masked in the reply of a `service` agent (an
 * external audience) unless `withholdInReply` says otherwise.
 * @category Plugins
 */
export const SERVICE_WITHHELD_CLASSIFICATIONS: readonly PiiClassification[] = Object.freeze(['Internal', 'Restricted', 'MissionCritical']);

/**
 * Normalises a mode string the way REF does (R-PII-1): case is ignored and hyphens and spaces count
 * as underscores; a string containing both SCHEMA and ONLY means `schema`, PATTERN and ONLY means
 * `pattern`; `schema`, `pattern` and anything containing HYBRID stand for themselves.
 * @param input - the mode as configured, such as `SchemaOnly`, `pattern-only` or `Hybrid`
 * @returns the mode, or undefined when the string names none (REF would fall back to hybrid; we
 *   refuse it, so that a typo is a startup error rather than a silent default)
 * @example
 * ```ts
 * normalizePiiMode('Schema Only'); // 'schema'
 * ```
 * @category Plugins
 */
export function normalizePiiMode(input: string): PiiMaskingMode | undefined {
  const s = input.trim().toUpperCase().replace(/[-\s]+/g, '_');
  if (s.includes('SCHEMA') && s.includes('ONLY')) return 'schema';
  if (s.includes('PATTERN') && s.includes('ONLY')) return 'pattern';
  if (s === 'SCHEMA') return 'schema';
  if (s === 'PATTERN') return 'pattern';
  if (s.includes('HYBRID')) return 'hybrid';
  return undefined;
}

const ModeSchema = z.string().transform((value, ctx): PiiMaskingMode => {
  const mode = normalizePiiMode(value);
  if (mode === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown mode "${value}"; use hybrid, schema (SchemaOnly) or pattern (PatternOnly)` });
    return z.NEVER;
  }
  return mode;
});

const PresetSchema = z.string().transform((value, ctx): PiiPreset => {
  const preset = value.trim().toLowerCase();
  if (!(PII_PRESETS as readonly string[]).includes(preset)) {
    ctx.addIssue({ code: 'custom', message: `unknown preset "${value}"; use off, standard or strict` });
    return z.NEVER;
  }
  return preset as PiiPreset;
});

const ClassificationSchema = z.enum(PII_CLASSIFICATIONS);

/**
 * The size guard (R-PII-7). The pattern detector runs in linear time, so the default masks every
 * text whatever its length; SPEC's `chunk` mode is not needed (the whole text is one chunk).
 * @category Plugins
 */
export const PiiSizeGuardSchema = z.strictObject({
  /** The longest text (in UTF-16 code units) treated normally; 0 disables the guard. Default 50,000. */
  maxChars: z.number().int().min(0).optional(),
  /**
   * What happens to a longer text: `mask` (default) masks it all the same; `passThrough` (REF parity)
   * sends it without pattern masking and logs a warning (sizes only); `reject` blocks the model call
   * with `PII_INPUT_TOO_LARGE`.
   */
  onExceed: z.enum(['mask', 'passThrough', 'reject']).optional(),
});

/**
 * The size guard as given.
 * @category Plugins
 */
export type PiiSizeGuardInput = z.input<typeof PiiSizeGuardSchema>;

/**
 * The masking settings of one agent (R-PII-1). Every key is optional: an agent's settings are laid
 * over the tenant-level ones (see {@link resolvePiiSettings}). The same shape is read from an agent
 * definition's `trust['pii-masking']`.
 * @category Plugins
 */
export const PiiAgentSettingsSchema = z.strictObject({
  /** A shorthand for mode, categories and classifications; `off` disables masking for the agent. Case is ignored. */
  preset: PresetSchema.optional(),
  /** Which maskers run: `hybrid`, `schema` or `pattern`; REF spellings such as `SchemaOnly` are accepted. */
  mode: ModeSchema.optional(),
  /** The pattern categories to mask; empty means all. */
  categories: z.array(z.enum(PII_CATEGORIES as [PiiCategory, ...PiiCategory[]])).optional(),
  /** The classifications whose fields are masked; empty means Confidential and Restricted. */
  sensitiveClassifications: z.array(ClassificationSchema).optional(),
  /** The size guard (R-PII-7). */
  sizeGuard: PiiSizeGuardSchema.optional(),
  /** Whether the assistant's text is unmasked before the user sees it (default true); tool arguments are always unmasked. */
  unmaskReply: z.boolean().optional(),
  /**
   * The classifications whose `FIELD_` tokens stay masked in the assistant's text even when
   * `unmaskReply` is on. Default: none for employee agents; Internal, Restricted and MissionCritical
   * for service agents.
   */
  withholdInReply: z.array(ClassificationSchema).optional(),
  /** Whether field names such as `Contact_SSN__c` mark a field sensitive when its classification does not (R-PII-16, default true). */
  nameFallback: z.boolean().optional(),
});

/**
 * One agent's settings, parsed.
 * @category Plugins
 */
export type PiiAgentSettings = z.output<typeof PiiAgentSettingsSchema>;

/**
 * One agent's settings, as given.
 * @category Plugins
 */
export type PiiAgentSettingsInput = z.input<typeof PiiAgentSettingsSchema>;

/**
 * The classification of one field, for the schema-based masker (R-PII-16). Build the list by hand,
 * or from a security model with {@link fieldClassificationsFromModel}.
 * @category Plugins
 */
export const PiiFieldClassificationSchema = z.strictObject({
  /** The object (entity type) the field belongs to; omit for a field of that name on any object. */
  object: z.string().min(1).optional(),
  /** The field's API name, such as `SSN__c`; matched case-insensitively. */
  field: z.string().min(1),
  /** Its classification; omit for an unclassified field (the name heuristic then decides). */
  classification: ClassificationSchema.optional(),
  /** Whether the field holds personal data: such a field is masked unless it is `Public`. */
  pii: z.boolean().optional(),
});

/**
 * The classification of one field.
 * @category Plugins
 */
export type PiiFieldClassification = z.output<typeof PiiFieldClassificationSchema>;

/**
 * One field as a security model describes it (the shape of `FieldDefinition` of `@agent-studio/data`).
 * @category Plugins
 */
export interface PiiModelField {
  /** The data classification. */
  readonly classification?: string;
  /** Whether the field holds personal data. */
  readonly pii?: boolean;
}

/**
 * One object as a security model describes it.
 * @category Plugins
 */
export interface PiiModelObject {
  /** The fields, by API name. */
  readonly fields: Readonly<Record<string, PiiModelField>>;
}

/**
 * A security model, structurally: a `SecurityModel` of `@agent-studio/data`, or anything with the
 * same `objects`. The plugin does not depend on the data package.
 * @category Plugins
 */
export interface PiiSecurityModel {
  /** The objects, by name. */
  readonly objects: Readonly<Record<string, PiiModelObject>>;
}

/**
 * A `ModelIndex` of `@agent-studio/data`, structurally (what `dataModule` binds as `data.Model`).
 * @category Plugins
 */
export interface PiiModelIndex {
  /** The parsed security model. */
  readonly model: PiiSecurityModel;
}

/**
 * Where field classifications may come from: a `ModelIndex` or a `SecurityModel`.
 * @category Plugins
 */
export type PiiSchemaSource = PiiModelIndex | PiiSecurityModel;

/**
 * Tells whether a value is a {@link PiiSchemaSource}.
 * @param value - anything
 * @returns whether it has `objects` (or `model.objects`) as a record
 * @category Plugins
 */
export function isPiiSchemaSource(value: unknown): value is PiiSchemaSource {
  const v = value as { objects?: unknown; model?: { objects?: unknown } } | null;
  if (typeof v !== 'object' || v === null) return false;
  const objects = 'objects' in v ? v.objects : v.model?.objects;
  return typeof objects === 'object' && objects !== null;
}

/**
 * The options of `piiMaskingModule` (R-PII-1): the tenant-level settings (the keys of
 * {@link PiiAgentSettingsSchema}), per-agent overrides, and where field classifications come from.
 * Loading the module is the tenant switch (`EnablePIIMasking`); with no options every agent gets
 * hybrid masking of all categories and of Confidential and Restricted fields.
 * @category Plugins
 */
export const PiiMaskingOptionsSchema = PiiAgentSettingsSchema.extend({
  /** Settings per agent name, laid over the tenant-level settings and the agent definition's `trust['pii-masking']`. */
  agents: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'use the agent name (kebab-case)'), PiiAgentSettingsSchema).optional(),
  /** Field classifications given by hand; they win over the security model's for the same object and field. */
  fields: z.array(PiiFieldClassificationSchema).optional(),
  /** A security model (`ModelIndex` or `SecurityModel`) to read classifications from. */
  model: z.custom<PiiSchemaSource>(isPiiSchemaSource, 'a ModelIndex or SecurityModel (with objects)').optional(),
  /** Whether to read classifications from the `data.Model` binding of `dataModule` when `model` is not given (default true). */
  useDataModel: z.boolean().optional(),
});

/**
 * The parsed options.
 * @category Plugins
 */
export type PiiMaskingOptions = z.output<typeof PiiMaskingOptionsSchema>;

/**
 * The options as given.
 * @category Plugins
 */
export type PiiMaskingOptionsInput = z.input<typeof PiiMaskingOptionsSchema>;

/**
 * The size guard, resolved.
 * @category Plugins
 */
export interface ResolvedPiiSizeGuard {
  /** The longest text treated normally; 0 means no limit. */
  readonly maxChars: number;
  /** What happens to a longer text. */
  readonly onExceed: 'mask' | 'passThrough' | 'reject';
}

/**
 * The settings one agent runs with, after presets, tenant defaults, the agent definition and the
 * per-agent options were laid over each other.
 * @category Plugins
 */
export interface ResolvedPiiSettings {
  /** Whether masking runs for the agent (false after a preset `off`). */
  readonly enabled: boolean;
  /** Which maskers run. */
  readonly mode: PiiMaskingMode;
  /** The pattern categories; empty means all. */
  readonly categories: readonly PiiCategory[];
  /** The classifications whose fields are masked (never empty). */
  readonly sensitiveClassifications: readonly PiiClassification[];
  /** The size guard. */
  readonly sizeGuard: ResolvedPiiSizeGuard;
  /** Whether the assistant's text is unmasked. */
  readonly unmaskReply: boolean;
  /** The classifications whose `FIELD_` tokens stay masked in the assistant's text. */
  readonly withholdInReply: readonly PiiClassification[];
  /** Whether the field-name heuristic applies. */
  readonly nameFallback: boolean;
}

/** The key of the agent definition's `trust` record the plugin reads. */
const TRUST_KEY = 'pii-masking';

/** The default size limit (R-PII-7). */
const DEFAULT_MAX_CHARS = 50_000;

/**
 * Parses the `trust['pii-masking']` section of an agent definition.
 * @param agent - the agent
 * @returns its settings, or undefined when it has none
 * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` when the section is invalid
 * @category Plugins
 */
export function agentPiiSettings(agent: Pick<AgentDefinition, 'name' | 'trust'>): PiiAgentSettings | undefined {
  const section = agent.trust?.[TRUST_KEY];
  if (section === undefined) return undefined;
  const parsed = PiiAgentSettingsSchema.safeParse(section);
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
 * Resolves the settings of one agent (R-PII-1). Layers, each over the one before: the defaults
 * (hybrid, all categories, Confidential + Restricted, size guard 50,000 / `mask`, reply unmasked),
 * the tenant-level options, the agent definition's `trust['pii-masking']`, and `options.agents[name]`.
 * Within a layer a `preset` is applied first and the layer's explicit keys override it; `off`
 * disables masking until a later layer names another preset.
 * @param options - the parsed module options
 * @param agent - the agent (its name, audience and trust settings)
 * @returns the resolved settings
 * @throws {@link @agent-studio/core!index.ConfigurationError} `AGENT_DEFINITION_INVALID` when the agent's trust section is invalid
 * @example
 * ```ts
 * resolvePiiSettings(PiiMaskingOptionsSchema.parse({ preset: 'standard' }), agent).categories; // ['Financial', 'Identity', 'Contact']
 * ```
 * @category Plugins
 */
export function resolvePiiSettings(options: PiiMaskingOptions, agent: Pick<AgentDefinition, 'name' | 'audience' | 'trust'>): ResolvedPiiSettings {
  let enabled = true;
  let mode: PiiMaskingMode = 'hybrid';
  let categories: readonly PiiCategory[] = [];
  let sensitive: readonly PiiClassification[] = DEFAULT_SENSITIVE;
  let maxChars = DEFAULT_MAX_CHARS;
  let onExceed: ResolvedPiiSizeGuard['onExceed'] = 'mask';
  let unmaskReply = true;
  let withhold: readonly PiiClassification[] = agent.audience === 'service' ? SERVICE_WITHHELD_CLASSIFICATIONS : [];
  let nameFallback = true;
  const layers = [options, agentPiiSettings(agent), options.agents?.[agent.name]];
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.preset !== undefined) {
      enabled = layer.preset !== 'off';
      if (layer.preset !== 'off') {
        const preset = PII_PRESET_SETTINGS[layer.preset];
        mode = preset.mode;
        categories = preset.categories;
        sensitive = preset.sensitiveClassifications;
      }
    }
    if (layer.mode !== undefined) mode = layer.mode;
    if (layer.categories !== undefined) categories = layer.categories;
    if (layer.sensitiveClassifications !== undefined) sensitive = layer.sensitiveClassifications.length > 0 ? layer.sensitiveClassifications : DEFAULT_SENSITIVE;
    if (layer.sizeGuard?.maxChars !== undefined) maxChars = layer.sizeGuard.maxChars;
    if (layer.sizeGuard?.onExceed !== undefined) onExceed = layer.sizeGuard.onExceed;
    if (layer.unmaskReply !== undefined) unmaskReply = layer.unmaskReply;
    if (layer.withholdInReply !== undefined) withhold = layer.withholdInReply;
    if (layer.nameFallback !== undefined) nameFallback = layer.nameFallback;
  }
  return Object.freeze({
    enabled,
    mode,
    categories: Object.freeze([...categories]),
    sensitiveClassifications: Object.freeze([...new Set(sensitive)]),
    sizeGuard: Object.freeze({ maxChars, onExceed }),
    unmaskReply,
    withholdInReply: Object.freeze([...new Set(withhold)]),
    nameFallback,
  });
}
