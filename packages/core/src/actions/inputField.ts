import { z } from 'zod';

/**
 * What an input field means, beyond its type. The registration lint (SPEC §12) reads it: a
 * record id, an object name or a field name must never be user input (R-ACT-IN-1).
 * @category Actions
 */
export type SemanticKind =
  | 'text'
  | 'number'
  | 'boolean'
  | 'date'
  | 'email'
  | 'phone'
  | 'recordId'
  | 'objectName'
  | 'fieldName'
  | 'verifiedCustomerId';

/**
 * The semantic kinds that must never come from the user or the model (R-ACT-IN-1).
 * @category Actions
 */
export const RESTRICTED_KINDS: ReadonlySet<SemanticKind> = new Set(['recordId', 'objectName', 'fieldName', 'verifiedCustomerId']);

/**
 * Metadata on one input field of an action.
 * @category Actions
 */
export interface InputFieldMeta {
  /**
   * Whether the model fills this field from the conversation (default true). A field that is not
   * user input is bound by the runtime from a context variable and left out of the tool schema.
   */
  readonly userInput?: boolean;
  /** Whether the value is personal data (maps to `lightning:isPII`). */
  readonly pii?: boolean;
  /** What the value means. */
  readonly kind?: SemanticKind;
  /** The context variable that supplies the value when the field is not user input. */
  readonly contextVariable?: string;
}

/**
 * The zod registry that holds {@link InputFieldMeta} for action input fields. It is separate
 * from zod's global registry, so the metadata never leaks into the JSON Schema sent to the model.
 * @category Actions
 */
export const actionFieldRegistry = z.registry<InputFieldMeta>();

/**
 * Attaches metadata to an input field of an action.
 *
 * @param schema - the field's zod schema (use a fresh schema per field)
 * @param meta - user input, PII and semantic kind
 * @returns the same schema, now carrying the metadata
 * @example
 * ```ts
 * input: z.object({
 *   orderNumber: field(z.string().regex(/^ORD-\d+$/), { kind: 'text' }),
 *   email: field(z.email(), { pii: true, kind: 'email' }),
 * })
 * ```
 * @category Actions
 */
export function field<TSchema extends z.ZodType>(schema: TSchema, meta: InputFieldMeta): TSchema {
  actionFieldRegistry.add(schema, meta);
  return schema;
}

/**
 * Declares an input field that the runtime binds from a context variable and that the model
 * never sees or sets (R-ACT-IN-2).
 *
 * @param variable - the context variable's name, such as `VerifiedCustomerId`
 * @param schema - the value's zod schema
 * @param meta - PII flag and semantic kind
 * @returns the schema, carrying `userInput: false` and the variable's name
 * @example
 * ```ts
 * input: z.object({ customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }) })
 * ```
 * @category Actions
 */
export function contextInput<TSchema extends z.ZodType>(
  variable: string,
  schema: TSchema,
  meta: Omit<InputFieldMeta, 'userInput' | 'contextVariable'> = {},
): TSchema {
  return field(schema, { ...meta, userInput: false, contextVariable: variable });
}

/**
 * Reads a field's metadata, looking through `optional`, `nullable` and `default` wrappers.
 * @param schema - the field's schema
 * @returns its metadata, or an empty object
 * @category Actions
 */
export function readFieldMeta(schema: z.ZodType): InputFieldMeta {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const meta = actionFieldRegistry.get(current);
    if (meta) return meta;
    const def: { innerType?: z.ZodType } = (current as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def;
    current = def.innerType;
  }
  return {};
}
