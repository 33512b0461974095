/**
 * What `createLogger` writes for an `err` or `error` field.
 * @category Observability
 */
export interface SerializedError {
  /** The error's name (`TypeError`, `ProviderError`, …). */
  readonly type: string;
  /** Its code, when it has one. */
  readonly code?: string | number;
}

/** A name-like string (an error name or a code), which cannot quote a sentence of content. */
const NAME_LIKE = /^[A-Za-z_][\w.:-]{0,63}$/;

/**
 * The pino serializer of `err` and `error` fields: keeps the error's name and code only, never its
 * message or stack, which may quote prompts, replies or provider bodies (R-ACT-LOG-1). A short
 * name-like string (`{ error: err.name }`) is kept; any other value is censored.
 * @param value - the logged value
 * @returns `{ type, code }`, the name-like string, or `'[REDACTED]'`
 * @example
 * ```ts
 * serializeError(new ProviderError('MODEL_TIMEOUT', 'took too long')); // { type: 'ProviderError', code: 'MODEL_TIMEOUT' }
 * ```
 * @category Observability
 */
export function serializeError(value: unknown): SerializedError | string {
  if (typeof value === 'string') return NAME_LIKE.test(value) ? value : '[REDACTED]';
  if (typeof value !== 'object' || value === null) return '[REDACTED]';
  const { name, code } = value as { name?: unknown; code?: unknown };
  const type = typeof name === 'string' && NAME_LIKE.test(name) ? name : value instanceof Error ? 'Error' : 'Object';
  const safeCode = (typeof code === 'string' && NAME_LIKE.test(code)) || typeof code === 'number' ? code : undefined;
  return safeCode === undefined ? { type } : { type, code: safeCode };
}
