import { z } from 'zod';
import type { ActionConfig } from './ActionConfig.js';
import { nestedFields, RESTRICTED_KINDS, readFieldMeta } from './inputField.js';

/**
 * One broken registration rule.
 * @category Actions
 */
export interface LintProblem {
  /** The action's name (or `(unnamed)`). */
  readonly action: string;
  /** The input field at fault, when there is one. */
  readonly field?: string;
  /** The rule, as a SPEC id or a short name. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const AUDIENCES = new Set(['employee', 'service']);
const VISIBILITIES = new Set(['public', 'private']);
const EFFECTS = new Set(['read', 'write', 'delete', 'external']);
/** The context variable that carries the verified customer's id (R-ACT-VER-1). */
const VERIFIED_CUSTOMER_VARIABLE = 'VerifiedCustomerId';
const MIN_WAIVER_LENGTH = 20;

/**
 * Checks one action against the registration rules of SPEC §12 and returns every problem found
 * (an empty list when it may be registered).
 *
 * @param config - the action's declaration
 * @returns the problems, one per broken rule and field
 * @example
 * ```ts
 * for (const p of lintAction(myAction)) console.log(`${p.action} ${p.field ?? ''} ${p.rule}: ${p.message}`);
 * ```
 * @category Actions
 */
export function lintAction(config: ActionConfig): LintProblem[] {
  const problems: LintProblem[] = [];
  const action = typeof config.name === 'string' && config.name !== '' ? config.name : '(unnamed)';
  const add = (rule: string, message: string, fix: string, field?: string): void => {
    problems.push(field === undefined ? { action, rule, message, fix } : { action, field, rule, message, fix });
  };

  if (typeof config.name !== 'string' || !NAME_PATTERN.test(config.name)) {
    add('ACTION-NAME', `name ${JSON.stringify(config.name)} is not a valid tool name`, 'use 1-64 letters, digits, "_" or "-"');
  }
  if (typeof config.description !== 'string' || config.description.trim() === '') {
    add('ACTION-DESCRIPTION', 'description is empty', 'say what the action does and when the model should use it');
  }
  if (!AUDIENCES.has(config.audience as string)) {
    add('R-ACT-CLS-1', `audience ${JSON.stringify(config.audience)} is missing or unknown`, "set audience: 'employee' or 'service'");
  }
  if (!VISIBILITIES.has(config.visibility as string)) {
    add('R-ACT-CLS-1', `visibility ${JSON.stringify(config.visibility)} is missing or unknown`, "set visibility: 'public' or 'private'");
  }
  if (!EFFECTS.has(config.effect as string)) {
    add('R-ACT-CLS-1', `effect ${JSON.stringify(config.effect)} is missing or unknown`, "set effect: 'read', 'write', 'delete' or 'external'");
  }
  const mutates = config.effect === 'write' || config.effect === 'delete' || config.effect === 'external';
  if ((config.effect === 'write' || config.effect === 'delete') && config.visibility === 'public') {
    add('R-ACT-CLS-2', `a ${config.effect} action changes records and cannot be public`, "set visibility: 'private'");
  }
  if (config.visibility === 'public' && config.returnsNonPublicData === true) {
    add('R-ACT-CLS-2', 'an action that returns non-public data cannot be public', "set visibility: 'private'");
  }
  if (mutates && config.requiresConfirmation !== true) {
    const waiver = config.confirmationWaiver?.trim() ?? '';
    if (waiver.length < MIN_WAIVER_LENGTH) {
      add(
        'R-ACT-CONF-1',
        `a ${config.effect} action must ask the user to confirm each call`,
        `set requiresConfirmation: true, or give confirmationWaiver: a written reason of at least ${MIN_WAIVER_LENGTH} characters`,
      );
    }
  }

  if (!(config.input instanceof z.ZodObject)) {
    add('ACTION-SCHEMA', 'input is not a z.object(...)', 'declare input as z.object({...}) (use z.object({}) for no input)');
    return problems;
  }

  let hasVerifiedCustomer = false;
  for (const [key, schema] of Object.entries(config.input.shape)) {
    const meta = readFieldMeta(schema as z.ZodType);
    const userInput = meta.userInput ?? true;
    if (userInput && meta.kind !== undefined && RESTRICTED_KINDS.has(meta.kind)) {
      add(
        'R-ACT-IN-1',
        `input "${key}" is a ${meta.kind} that the user controls`,
        `bind it from context: contextInput('<Variable>', schema, { kind: '${meta.kind}' })`,
        key,
      );
    }
    if (userInput && meta.contextVariable !== undefined) {
      add('R-ACT-IN-2', `input "${key}" names a context variable but is user input`, 'use contextInput(...) so the model cannot set it', key);
    }
    if (!userInput && (meta.contextVariable === undefined || meta.contextVariable === '')) {
      add('R-ACT-IN-2', `input "${key}" is not user input but names no context variable`, "use contextInput('<Variable>', schema)", key);
    }
    if (!userInput && meta.contextVariable === VERIFIED_CUSTOMER_VARIABLE) hasVerifiedCustomer = true;
    for (const nested of nestedFields(schema as z.ZodType, key)) {
      const inner = readFieldMeta(nested.schema);
      const restricted = inner.kind !== undefined && RESTRICTED_KINDS.has(inner.kind);
      if (inner.contextVariable !== undefined || inner.userInput === false || restricted) {
        add(
          'R-ACT-IN-1',
          `"${nested.path}" is a ${inner.kind ?? 'context-bound'} field nested inside input "${key}", where the model controls it`,
          'declare context-bound and record-id fields as top-level inputs with contextInput(...)',
          key,
        );
      }
    }
  }
  for (const v of config.providesContext ?? []) {
    if (['CurrentUserId', 'TenantId', 'SessionId'].includes(v)) {
      add('R-ACT-IN-2', `providesContext names "${v}", which only the verified access context sets`, 'remove it from providesContext');
    }
  }
  if (config.audience === 'service' && config.visibility === 'private' && !hasVerifiedCustomer) {
    add(
      'R-ACT-VER-1',
      'a private action for service agents takes no VerifiedCustomerId',
      "add an input contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }) and scope every record to it",
    );
  }
  return problems;
}

/**
 * Formats lint problems one per line: `action.field [rule] message (fix: …)`.
 * @param problems - the problems
 * @returns the lines joined with newlines
 * @category Actions
 */
export function formatLintProblems(problems: readonly LintProblem[]): string {
  return problems
    .map((p) => `${p.action}${p.field === undefined ? '' : `.${p.field}`} [${p.rule}] ${p.message} (fix: ${p.fix})`)
    .join('\n');
}
