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

type SchemaDef = {
  readonly type?: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
};

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/**
 * The schemas a wrapper stands for: the inner type of optional, nullable, default, readonly,
 * catch and non-optional; both ends of a pipe (a `.transform`); the target of a lazy schema.
 */
function unwrapped(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  const out: z.ZodType[] = [];
  if (def.innerType) out.push(def.innerType);
  if (def.in) out.push(def.in);
  if (def.out) out.push(def.out);
  if (def.type === 'lazy' && typeof def.getter === 'function') out.push(def.getter());
  return out;
}

/**
 * Reads a field's metadata, looking through wrappers: optional, nullable, default, readonly,
 * catch, pipes (`.transform`) and lazy schemas. When two layers carry metadata, the outermost wins.
 * @param schema - the field's schema
 * @returns its metadata, or an empty object
 * @category Actions
 */
export function readFieldMeta(schema: z.ZodType): InputFieldMeta {
  const queue: z.ZodType[] = [schema];
  const seen = new Set<z.ZodType>();
  while (queue.length > 0 && seen.size < 32) {
    const current = queue.shift() as z.ZodType;
    if (seen.has(current)) continue;
    seen.add(current);
    const meta = actionFieldRegistry.get(current);
    if (meta) return meta;
    queue.push(...unwrapped(current));
  }
  return {};
}

/**
 * A field nested inside another field's schema.
 * @category Actions
 */
export interface NestedField {
  /** Its path, such as `filter.owner` or `ids[]`. */
  readonly path: string;
  /** Its schema. */
  readonly schema: z.ZodType;
}

/**
 * Every field nested inside a field's schema (object properties, array elements, union options,
 * record values, tuple items…), with its path; the field itself is not included.
 * @param schema - the field's schema
 * @param path - the field's path
 * @returns the nested fields' schemas and paths
 * @category Actions
 */
export function nestedFields(schema: z.ZodType, path: string): NestedField[] {
  const out: { path: string; schema: z.ZodType }[] = [];
  const seen = new Set<z.ZodType>();
  const visit = (s: z.ZodType, p: string, top: boolean): void => {
    if (seen.has(s) || seen.size > 512) return;
    seen.add(s);
    if (!top) out.push({ path: p, schema: s });
    for (const inner of unwrapped(s)) visit(inner, p, top);
    const def = defOf(s);
    if (def.shape) for (const [k, v] of Object.entries(def.shape)) visit(v, `${p}.${k}`, false);
    if (def.element) visit(def.element, `${p}[]`, false);
    for (const o of def.options ?? []) visit(o, p, false);
    if (def.left) visit(def.left, p, false);
    if (def.right) visit(def.right, p, false);
    if (def.valueType) visit(def.valueType, `${p}{}`, false);
    for (const [i, item] of (def.items ?? []).entries()) visit(item, `${p}[${i}]`, false);
    if (def.rest) visit(def.rest, `${p}[]`, false);
  };
  visit(schema, path, true);
  return out;
}
