import type { PiiClassification } from '../PiiMaskingOptions.js';
import type { FieldClassificationIndex, PiiFieldPolicy } from './FieldClassificationIndex.js';

/**
 * Gives the token of one sensitive field value.
 * @param value - the raw value, as a string (numbers and booleans are stringified)
 * @param prefix - the token prefix, `FIELD_<FIELDAPINAME>`
 * @param classification - the classification that made the field sensitive
 * @returns the token
 * @category Plugins
 */
export type PiiFieldTokenizer = (value: string, prefix: string, classification: PiiClassification) => string;

/**
 * Masks sensitive field values in JSON data, such as records an action returned (R-PII-16..18).
 * Each object is a record: its type is `attributes.type` when present, else the key it sits under
 * when that key names an object (`{"Contact": {...}}`, `{"Account__r": {...}}`), else unknown (the
 * field name is then matched across all objects). A sensitive key's primitive values (and every
 * primitive inside an object or array under it) are replaced by tokens `[FIELD_<KEY>:NNN]`; `null`
 * stays `null`.
 * @example
 * ```ts
 * const masker = new SchemaMasker(index, { sensitiveClassifications: new Set(['Restricted']), nameFallback: true });
 * masker.mask({ attributes: { type: 'Contact' }, SSN__c: '123-45-6789' }, (v, p) => session.tokenFor(v, p));
 * // → { attributes: { type: 'Contact' }, SSN__c: '[FIELD_SSN__C:001]' }
 * ```
 * @category Plugins
 */
export class SchemaMasker {
  readonly #index: FieldClassificationIndex;
  readonly #policy: PiiFieldPolicy;

  /**
   * @param index - the field classifications
   * @param policy - the sensitive classifications and whether the name heuristic applies
   */
  constructor(index: FieldClassificationIndex, policy: PiiFieldPolicy) {
    this.#index = index;
    this.#policy = policy;
  }

  /**
   * The token prefix of a field: `FIELD_` and the API name upper-cased, any character other than
   * `A-Z`, `0-9` and `_` replaced by `_` (R-PII-18).
   * @param field - the field's API name
   * @returns the prefix, such as `FIELD_CONTACT_SSN__C`
   */
  static prefixFor(field: string): string {
    return `FIELD_${field.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  }

  /**
   * Masks the sensitive field values in a JSON value.
   * @param value - the JSON value (not changed)
   * @param tokenize - gives the token of a value
   * @param objectType - the object of the top-level record(s), when known
   * @returns the masked value; the same reference when nothing was sensitive
   */
  mask(value: unknown, tokenize: PiiFieldTokenizer, objectType?: string): unknown {
    return this.#walk(value, objectType, tokenize, 0);
  }

  /**
   * Masks one named value, such as a context variable: masked whole when the name is a sensitive
   * field, else walked as records whose type the name may give.
   * @param name - the field or variable name
   * @param value - its value
   * @param tokenize - gives the token of a value
   * @returns the masked value; the same reference when nothing was sensitive
   */
  maskNamed(name: string, value: unknown, tokenize: PiiFieldTokenizer): unknown {
    const verdict = this.#index.verdict(name, undefined, this.#policy);
    if (verdict.sensitive) return maskAll(value, SchemaMasker.prefixFor(name), verdict.classification ?? 'Restricted', tokenize, 0);
    return this.#walk(value, this.#index.objectName(name), tokenize, 0);
  }

  #walk(value: unknown, objectType: string | undefined, tokenize: PiiFieldTokenizer, depth: number): unknown {
    if (depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return mapArray(value, (v) => this.#walk(v, objectType, tokenize, depth + 1));
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    const declared = (record.attributes as { type?: unknown } | null | undefined)?.type;
    const type = typeof declared === 'string' ? (this.#index.objectName(declared) ?? declared) : objectType;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) {
      let r = v;
      if (key !== 'attributes' && v !== null && v !== undefined) {
        const verdict = this.#index.verdict(key, type, this.#policy);
        if (verdict.sensitive) r = maskAll(v, SchemaMasker.prefixFor(key), verdict.classification ?? 'Restricted', tokenize, depth + 1);
        else if (typeof v === 'object') r = this.#walk(v, this.#index.objectName(key), tokenize, depth + 1);
      }
      if (r !== v) changed = true;
      out[key] = r;
    }
    return changed ? out : value;
  }
}

/** Deeper JSON than this is left as it is (pattern masking still applies to its text). */
const MAX_DEPTH = 64;

function maskAll(value: unknown, prefix: string, classification: PiiClassification, tokenize: PiiFieldTokenizer, depth: number): unknown {
  if (typeof value === 'string') return value === '' ? value : tokenize(value, prefix, classification);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return tokenize(String(value), prefix, classification);
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return mapArray(value, (v) => maskAll(v, prefix, classification, tokenize, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const r = key === 'attributes' ? v : maskAll(v, prefix, classification, tokenize, depth + 1);
    if (r !== v) changed = true;
    out[key] = r;
  }
  return changed ? out : value;
}

function mapArray(values: readonly unknown[], f: (v: unknown) => unknown): unknown {
  let changed = false;
  const out = values.map((v) => {
    const r = f(v);
    if (r !== v) changed = true;
    return r;
  });
  return changed ? out : values;
}
