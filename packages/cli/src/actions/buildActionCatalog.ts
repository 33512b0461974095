import { type ActionDefinition, type AgentApp, actionsOf, readFieldMeta } from '@agent-studio/core';
import type { z } from 'zod';

/**
 * One input of an action, classified the way a security review asks (SPEC §12).
 * @category CLI
 */
export interface CatalogInput {
  /** The input's key. */
  readonly name: string;
  /** Its JSON type (`string`, `number`, `object`…), or `unknown`. */
  readonly type: string;
  /** Whether it is required. */
  readonly required: boolean;
  /** Whether the model fills it from the conversation (user input), or the runtime binds it from a context variable. */
  readonly userInput: boolean;
  /** The context variable that supplies it, when it is not user input. */
  readonly contextVariable?: string;
  /** Whether it carries personal data. */
  readonly pii: boolean;
  /** Its semantic kind (record id, object name…), when declared. */
  readonly kind?: string;
}

/**
 * One action of an app, classified the way a security review asks (SPEC §12).
 * @category CLI
 */
export interface CatalogEntry {
  /** The action's name. */
  readonly name: string;
  /** What it does. */
  readonly description: string;
  /** Employee-facing or service (customer-facing). */
  readonly audience: string;
  /** Public or private. */
  readonly visibility: string;
  /** Whether it returns non-public data (private actions do unless they say otherwise). */
  readonly returnsNonPublicData: boolean;
  /** What it does to the world: read, write, delete or external. */
  readonly effect: string;
  /** How a call is confirmed: by the user, by an approver, both, or not (with the written waiver). */
  readonly confirmation: string;
  /** Whether the caller must be authenticated beyond customer verification. */
  readonly requiresAuthentication: boolean;
  /** The written reason it may use system mode, when it may. */
  readonly systemModeReason?: string;
  /** Actions that must have succeeded earlier in the run. */
  readonly requires: readonly string[];
  /** Context variables it may set. */
  readonly providesContext: readonly string[];
  /** The agents that offer it, with their human-in-the-loop mode and whether it is async. */
  readonly agents: readonly { readonly agent: string; readonly hitl: string; readonly async: boolean }[];
  /** Its inputs. */
  readonly inputs: readonly CatalogInput[];
}

/**
 * The classification catalog of an app's actions: everything `defineAction` and `@Action` declare
 * that a security review asks for, per action and per input, sorted by name.
 * @param app - the agent app
 * @returns the entries
 * @category CLI
 */
export function buildActionCatalog(app: AgentApp): CatalogEntry[] {
  const definitions: ActionDefinition[] = [...(app.actions ?? []), ...(app.actionProviders ?? []).flatMap((p) => actionsOf(p))];
  return definitions
    .map((d) => {
      const capabilities = app.agent.capabilities.filter((c) => c.action.toLowerCase() === d.name.toLowerCase());
      return {
        name: d.name,
        description: d.description,
        audience: d.audience,
        visibility: d.visibility,
        returnsNonPublicData: d.returnsNonPublicData ?? d.visibility === 'private',
        effect: d.effect,
        confirmation: confirmationOf(d, capabilities.map((c) => c.hitl)),
        requiresAuthentication: d.requiresAuthentication === true,
        ...(d.systemModeReason ? { systemModeReason: d.systemModeReason } : {}),
        requires: [...(d.requires ?? [])],
        providesContext: [...(d.providesContext ?? [])],
        agents: capabilities.map((c) => ({ agent: app.agent.name, hitl: c.hitl, async: c.async === true })),
        inputs: inputsOf(d.input),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function confirmationOf(d: ActionDefinition, modes: readonly string[]): string {
  const parts: string[] = [];
  if (d.requiresConfirmation === true) parts.push('user confirms every call');
  for (const mode of new Set(modes)) if (mode !== 'none') parts.push(`agent hitl: ${mode}`);
  if (parts.length > 0) return parts.join('; ');
  if (d.effect === 'read') return 'none (read)';
  return d.confirmationWaiver ? `none (waiver: ${d.confirmationWaiver})` : 'none';
}

function inputsOf(schema: z.ZodObject): CatalogInput[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const meta = readFieldMeta(field);
    const optional = field.safeParse(undefined).success;
    return {
      name,
      type: typeOf(field),
      required: !optional,
      userInput: meta.userInput ?? true,
      ...(meta.contextVariable ? { contextVariable: meta.contextVariable } : {}),
      pii: meta.pii === true,
      ...(meta.kind ? { kind: meta.kind } : {}),
    };
  });
}

function typeOf(field: z.ZodType): string {
  let def = (field as { _zod?: { def?: { type?: string; innerType?: z.ZodType } } })._zod?.def;
  while (def && (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) {
    def = (def.innerType as { _zod?: { def?: { type?: string; innerType?: z.ZodType } } })._zod?.def;
  }
  return def?.type ?? 'unknown';
}
