import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';
import { type CoercedValue, type CoercionIssue, coerceValue } from './coerceValue.js';

/** Fields no coercion may write, whatever the permissions say: the record id and the owner. */
const NEVER_WRITABLE: ReadonlySet<string> = new Set(['Id', 'OwnerId']);

/**
 * Admin-configured default field values for a write (R-COERCE-6).
 * @category Coercion
 */
export interface CoercionDefaults {
  /** Default values by field name (matched case-insensitively, like the model's arguments). */
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * Fields the model can never set: a locked field takes its default value (or stays unset when
   * there is none), whatever the model supplied.
   */
  readonly locked?: readonly string[];
}

/**
 * What {@link coerceArguments} needs: who writes, where, how, and the model's arguments.
 * @category Coercion
 */
export interface CoerceArgumentsRequest {
  /** The run-as user whose field-level security applies. */
  readonly userId: string;
  /** The object (entity type) being written. */
  readonly object: string;
  /** Whether a record is created or updated; anything else is refused (R-COERCE-1). */
  readonly access: 'create' | 'update';
  /** The model's arguments, by field name; null or empty means nothing to write. */
  readonly args: Readonly<Record<string, unknown>> | null | undefined;
  /** Admin-configured defaults, merged under the model's values unless locked. */
  readonly defaults?: CoercionDefaults;
}

/**
 * Why a field was left out of the coerced values: `unknown` when the object has no such field,
 * `not-editable` when the user may not write it (FLS, or `Id`/`OwnerId`).
 * @category Coercion
 */
export type DropReason = 'unknown' | 'not-editable';

/**
 * A field left out of the coerced values, and why (R-COERCE-2).
 * @category Coercion
 */
export interface DroppedField {
  /** The canonical API name, or the name as supplied when the field is unknown. */
  readonly field: string;
  /** Why it was dropped. */
  readonly reason: DropReason;
  /** Whether the model's arguments or the admin defaults supplied it. */
  readonly source: 'args' | 'defaults';
}

/**
 * The outcome of {@link coerceArguments}.
 * @category Coercion
 */
export interface CoercionResult {
  /** The values to write, keyed by canonical API name, converted to the fields' types. */
  readonly values: Readonly<Record<string, CoercedValue>>;
  /** Fields left out because they are unknown or not writable by the user. */
  readonly dropped: readonly DroppedField[];
  /** Values that could not be converted, with guidance for the model (R-COERCE-5). */
  readonly issues: readonly CoercionIssue[];
  /** Locked fields for which the model's value was ignored in favour of the admin's (R-COERCE-6). */
  readonly lockedOverrides: readonly string[];
}

interface Collected {
  readonly candidates: Map<string, Candidate>;
  readonly duplicates: Map<string, string[]>;
}

interface Candidate {
  readonly field: string;
  readonly value: unknown;
  readonly source: 'args' | 'defaults';
}

/**
 * Converts the model's arguments for a record write to the object's field types and drops what
 * the user may not write (SPEC §4, R-COERCE-1, -2, -4, -5, -6).
 *
 * @remarks
 * In order:
 * 1. `access` must be `create` or `update`, and the object must exist.
 * 2. Names are matched case-insensitively to the object's fields (an exact match wins); output
 *    keys are canonical API names. Unknown names are dropped with reason `unknown`. A field named
 *    twice (say `status` and `Status`) is an issue. Keys whose value is `undefined` are ignored.
 * 3. Defaults are merged under the model's values; for a `locked` field the default always wins
 *    (or the field stays unset when it has no default), and a model value so ignored is listed in
 *    `lockedOverrides`.
 * 4. Fields the user may not edit (no `edit` field permission for `Object.Field`), and `Id` and
 *    `OwnerId` always, are dropped with reason `not-editable`, before their values are looked at.
 *    Defaults go through the same check: the write runs in user mode.
 * 5. Each remaining value is converted by {@link coerceValue}; `null` stays `null`; a value that
 *    cannot be converted is left out of `values` and reported in `issues`.
 *
 * Nothing is thrown for dropped fields or bad values: the caller reports `issues` as an
 * `INPUT_VALIDATION` failure with the guidance, and calls {@link assertSomethingToWrite} before
 * writing. Object permissions (CRUD) and sharing are not checked here; the data layer does that
 * on the write.
 *
 * @example
 * ```ts
 * const result = coerceArguments(index, { userId: 'u1', object: 'Case', access: 'update', args: { status: 'Closed', priority: 'High' } });
 * if (result.issues.length > 0) return fail('INPUT_VALIDATION', result.issues.map((i) => i.guidance));
 * assertSomethingToWrite(result, Object.keys(args));
 * ```
 * @param index - the security model
 * @param request - the user, object, access, arguments and defaults
 * @returns the coerced values, the dropped fields, the issues and the locked overrides
 * @throws {@link DataAccessError} `QUERY_INVALID` when `access` is not `create` or `update`, the
 * object is unknown, or the defaults name a field twice
 * @throws {@link DataAccessError} `INPUT_VALIDATION` when `args` (or the defaults' `values`) is not
 * an object of field names to values
 * @category Coercion
 */
export function coerceArguments(index: ModelIndex, request: CoerceArgumentsRequest): CoercionResult {
  const { userId, object, access, args, defaults } = request;
  if ((access as string) !== 'create' && (access as string) !== 'update') {
    throw new DataAccessError('QUERY_INVALID', `Coercion supports only 'create' and 'update' access, not '${String(access)}'. Pass the write operation the arguments are for.`, {
      details: { object, access: String(access) },
    });
  }
  if (!index.object(object)) {
    throw new DataAccessError('QUERY_INVALID', `The object '${object}' is not in the security model, so its arguments cannot be coerced. Check the action's configured object.`, {
      details: { object },
    });
  }
  checkRecord(args, 'arguments', object);
  if (defaults !== undefined) checkRecord(defaults.values, 'default values', object);

  const resolve = fieldResolver(index.fieldNames(object));
  const dropped: DroppedField[] = [];
  const issues: CoercionIssue[] = [];
  const lockedOverrides: string[] = [];

  const collect = (input: Readonly<Record<string, unknown>> | null | undefined, source: 'args' | 'defaults'): Collected => {
    const candidates = new Map<string, Candidate>();
    const spellings = new Map<string, string[]>();
    for (const key of Object.keys(input ?? {})) {
      const value = input?.[key];
      if (value === undefined) continue;
      const field = resolve(key);
      if (field === undefined) {
        dropped.push({ field: key, reason: 'unknown', source });
        continue;
      }
      spellings.set(field, [...(spellings.get(field) ?? []), key]);
      candidates.set(field, { field, value, source });
    }
    const duplicates = new Map([...spellings].filter(([, keys]) => keys.length > 1));
    for (const field of duplicates.keys()) candidates.delete(field);
    return { candidates, duplicates };
  };

  const fromArgs = collect(args, 'args');
  const fromDefaults = collect(defaults?.values, 'defaults');
  const [twice] = fromDefaults.duplicates.keys();
  if (twice !== undefined) {
    throw new DataAccessError('QUERY_INVALID', `The default values for ${object} name the field ${twice} more than once (names match case-insensitively). Keep one entry.`, {
      details: { object, field: twice },
    });
  }
  const locked = new Set<string>();
  for (const name of defaults?.locked ?? []) {
    const field = resolve(name);
    if (field !== undefined) locked.add(field);
  }

  // R-COERCE-6: defaults under the model's values; locked fields only ever take the default.
  const merged = new Map<string, Candidate>(fromDefaults.candidates);
  const suppliedByModel = new Set([...fromArgs.candidates.keys(), ...fromArgs.duplicates.keys()]);
  for (const field of suppliedByModel) {
    if (locked.has(field)) {
      lockedOverrides.push(field);
      continue;
    }
    const candidate = fromArgs.candidates.get(field);
    if (candidate) merged.set(field, candidate);
    else merged.delete(field); // named twice: an issue below, and no default slips in
  }
  const editable = index.permissions(userId).editableFields;
  const canWrite = (field: string): boolean => !NEVER_WRITABLE.has(field) && editable.has(`${object}.${field}`);
  for (const [field, keys] of fromArgs.duplicates) {
    if (locked.has(field)) continue;
    if (!canWrite(field)) {
      dropped.push({ field, reason: 'not-editable', source: 'args' });
      continue;
    }
    issues.push({
      field,
      targetType: index.field(object, field)?.type ?? 'string',
      inputType: 'multiple',
      guidance: `${field} was given more than once (as ${keys.map((k) => `'${k}'`).join(' and ')}); give it once, as '${field}'.`,
    });
  }

  const values: Record<string, CoercedValue> = {};
  for (const { field, value, source } of merged.values()) {
    if (!canWrite(field)) {
      dropped.push({ field, reason: 'not-editable', source });
      continue;
    }
    const definition = index.field(object, field);
    if (!definition) continue; // unreachable: resolved from the object's own field names
    const result = coerceValue(definition, field, value);
    if (result.ok) values[field] = result.value;
    else issues.push(result.issue);
  }
  return { values, dropped, issues, lockedOverrides };
}

/**
 * Throws when a coercion left nothing to write although the model asked to write something
 * (R-COERCE-3), so that no empty write is made.
 *
 * @remarks
 * Call it after dealing with `result.issues`: when every requested value was refused for its
 * form, the model needs the `INPUT_VALIDATION` guidance rather than a permission error. Values
 * supplied by defaults count as something to write, as in REF.
 *
 * @example
 * ```ts
 * assertSomethingToWrite(result, Object.keys(args)); // throws when result.values is empty and args was not
 * ```
 * @param result - the outcome of {@link coerceArguments}
 * @param requestedFields - the field names the model supplied, as it spelled them
 * @throws {@link DataAccessError} `FIELD_ACCESS_DENIED` when `result.values` is empty and
 * `requestedFields` is not; its details list the requested fields and the dropped ones
 * @category Coercion
 */
export function assertSomethingToWrite(result: CoercionResult, requestedFields: readonly string[]): void {
  if (Object.keys(result.values).length > 0 || requestedFields.length === 0) return;
  throw new DataAccessError(
    'FIELD_ACCESS_DENIED',
    `None of the requested fields can be written (${requestedFields.join(', ')}): they are unknown, not editable by the user, or their values were refused. No write was made; ask only for fields the user may edit.`,
    { details: { fields: [...requestedFields], dropped: result.dropped.map((d) => ({ field: d.field, reason: d.reason })) } },
  );
}

/** Builds the name → canonical-name lookup: an exact match wins, else a unique case-insensitive one. */
function fieldResolver(names: readonly string[]): (name: string) => string | undefined {
  const exact = new Set(names);
  const folded = new Map<string, string | null>();
  for (const name of names) {
    const key = name.toLowerCase();
    folded.set(key, folded.has(key) ? null : name);
  }
  return (name) => (exact.has(name) ? name : (folded.get(name.toLowerCase()) ?? undefined));
}

function checkRecord(value: unknown, what: string, object: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DataAccessError('INPUT_VALIDATION', `The ${what} for ${object} must be an object of field names to values, not ${Array.isArray(value) ? 'an array' : typeof value}.`, {
      details: { object },
    });
  }
}
