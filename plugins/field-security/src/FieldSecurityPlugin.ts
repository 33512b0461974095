import {
  $inject,
  type AgentPlugin,
  decide,
  type HookDecision,
  PluginPriority,
  type PluginManifest,
  type ToolCall,
  type ToolCallContext,
} from '@agent-studio/core';
import { coerceArguments, type ModelIndex } from '@agent-studio/data';
import { principalOf } from '@agent-studio/plugin-identity';
import { injectable } from 'inversify';

/**
 * Coerces the model's arguments of record-writing actions to the fields' real types and drops
 * the fields the run-as user may not write (SPEC §4). It acts on actions that declare
 * `writesObject`. A value that cannot be converted blocks the call with `INPUT_VALIDATION` and
 * guidance the model can act on; a dropped field is recorded; when nothing writable is left the
 * call is blocked with `FIELD_ACCESS_DENIED` (R-COERCE-3). The write itself still goes through
 * `ctx.data`, which refuses any field the user may not edit.
 * @category Plugins
 */
@injectable()
export class FieldSecurityPlugin implements AgentPlugin {
  /** The manifest: priority 700, after identity, fail-closed. */
  readonly manifest: PluginManifest = {
    name: 'field-security',
    version: '0.1.0',
    priority: PluginPriority.FieldSecurity,
    dependsOn: ['identity'],
    failureMode: 'closed',
    coreRange: '^0.1.0',
  };
  readonly #model: ModelIndex;

  /** @param model - the security model */
  constructor(@$inject('data.Model') model: ModelIndex) {
    this.#model = model;
  }

  /**
   * Coerces and filters the arguments of a record-writing call.
   * @param ctx - the tool call
   * @returns continue, a replace with the coerced arguments, or a block
   */
  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> {
    const target = ctx.action.definition.writesObject;
    if (!target) return decide.continue();
    const principal = principalOf(ctx.bag);
    if (!principal) return decide.block('IDENTITY_UNRESOLVED', 'no run-as principal for field-level security');
    // the model's own arguments, before the runtime matched them to input names exactly: field names
    // are matched case-insensitively here (R-COERCE-2); internal and context-bound keys are left out
    let raw: unknown;
    try {
      raw = JSON.parse(ctx.call.function.arguments || '{}');
    } catch {
      return decide.block('INPUT_VALIDATION', 'the arguments are not JSON', 'Send the arguments as a JSON object.');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return decide.block('INPUT_VALIDATION', 'the arguments are not a JSON object', 'Send the arguments as a JSON object.');
    const bound = new Set(ctx.action.contextBindings.map((b) => b.key.toLowerCase()));
    const userArgs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) if (!key.startsWith('_') && !bound.has(key.toLowerCase())) userArgs[key] = value;
    const result = coerceArguments(this.#model, { userId: principal.runAs, object: target.object, access: target.operation, args: userArgs });
    if (result.issues.length > 0) {
      const lines = result.issues.map((i) => `${i.field}: ${i.guidance}`);
      return decide.block('INPUT_VALIDATION', `arguments of ${ctx.action.name} do not fit ${target.object}'s field types`, `Fix these arguments and call again: ${lines.join(' | ')}`);
    }
    if (Object.keys(result.values).length === 0 && Object.keys(userArgs).length > 0) {
      return decide.block('FIELD_ACCESS_DENIED', `no requested field of ${target.object} is writable by ${principal.runAs}`, `You may not change any of: ${Object.keys(userArgs).join(', ')}.`);
    }
    if (result.dropped.length === 0 && sameValues(userArgs, result.values)) return decide.continue();
    const dropped = result.dropped.map((d) => `${d.field} (${d.reason})`).join(', ');
    const replaced: ToolCall = { ...ctx.call, function: { ...ctx.call.function, arguments: JSON.stringify(result.values) } };
    return decide.replace(replaced, dropped === '' ? `coerced to ${target.object} field types` : `dropped ${dropped}; coerced the rest`);
  }
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.is(a[k], b[k]));
}
