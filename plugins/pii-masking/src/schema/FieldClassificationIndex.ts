import { isSensitiveFieldName } from '../fieldNameSensitivity.js';
import type { PiiClassification, PiiFieldClassification } from '../PiiMaskingOptions.js';

/**
 * Why a field is (or is not) masked by the schema-based masker.
 * @category Plugins
 */
export type PiiFieldReason = 'classification' | 'name' | 'pii-flag' | 'none';

/**
 * The schema-based masker's verdict on one field (R-PII-16).
 * @category Plugins
 */
export interface PiiFieldVerdict {
  /** Whether the field's values are masked. */
  readonly sensitive: boolean;
  /**
   * The classification that counts for the reply policy: the field's own when it is in the sensitive
   * set; `Restricted` when the name heuristic decided; at least `Confidential` for a `pii` field.
   */
  readonly classification?: PiiClassification;
  /** What decided. */
  readonly reason: PiiFieldReason;
}

/**
 * How an index decides (R-PII-16).
 * @category Plugins
 */
export interface PiiFieldPolicy {
  /** The classifications whose fields are masked. */
  readonly sensitiveClassifications: ReadonlySet<PiiClassification>;
  /** Whether the field-name heuristic applies. */
  readonly nameFallback: boolean;
}

const NOT_SENSITIVE: PiiFieldVerdict = Object.freeze({ sensitive: false, reason: 'none' });

/**
 * Field classifications, looked up by object and field (R-PII-16). Names are matched
 * case-insensitively. When the record's object is unknown, or the object does not declare the field,
 * every entry of that field name counts (the field is sensitive if it is sensitive on any object):
 * fail-safe for tool results that do not say what they are.
 * @category Plugins
 */
export class FieldClassificationIndex {
  readonly #byObjectField = new Map<string, PiiFieldClassification>();
  readonly #byField = new Map<string, PiiFieldClassification[]>();
  readonly #objects = new Map<string, string>();

  /** @param fields - the entries; a later entry for the same object and field replaces an earlier one */
  constructor(fields: readonly PiiFieldClassification[]) {
    const byObjectField = new Map<string, PiiFieldClassification>();
    const generic = new Map<string, PiiFieldClassification>();
    for (const entry of fields) {
      const field = entry.field.toLowerCase();
      if (entry.object === undefined) generic.set(field, entry);
      else {
        this.#objects.set(entry.object.toLowerCase(), entry.object);
        byObjectField.set(`${entry.object.toLowerCase()}.${field}`, entry);
      }
    }
    for (const [key, entry] of byObjectField) this.#byObjectField.set(key, entry);
    for (const entry of [...generic.values(), ...byObjectField.values()]) {
      const field = entry.field.toLowerCase();
      const list = this.#byField.get(field) ?? [];
      list.push(entry);
      this.#byField.set(field, list);
    }
    for (const [field, entry] of generic) this.#byObjectField.set(`*.${field}`, entry);
  }

  /** How many entries the index holds. */
  get size(): number {
    let n = 0;
    for (const list of this.#byField.values()) n += list.length;
    return n;
  }

  /**
   * The object a record type or a JSON key names, if the index knows it: `Contact`, `contact`, or a
   * relationship name such as `Account__r` (for object `Account__c`).
   * @param name - the candidate
   * @returns the object's name as declared, or undefined
   */
  objectName(name: string): string | undefined {
    const key = name.toLowerCase();
    return this.#objects.get(key) ?? (key.endsWith('__r') ? this.#objects.get(`${key.slice(0, -3)}__c`) : undefined);
  }

  /**
   * The entries that describe a field: the object's own entry when the object is known and declares
   * the field, else the object-less entry, else every entry of that field name.
   * @param field - the field's API name
   * @param object - the record's object, when known
   * @returns the entries (empty for an unclassified field)
   */
  entriesFor(field: string, object?: string): readonly PiiFieldClassification[] {
    const f = field.toLowerCase();
    if (object !== undefined) {
      const own = this.#byObjectField.get(`${object.toLowerCase()}.${f}`) ?? this.#byObjectField.get(`*.${f}`);
      if (own) return [own];
    }
    return this.#byField.get(f) ?? [];
  }

  /**
   * Decides whether a field is sensitive (R-PII-16/17): its classification is in the sensitive set;
   * or the name heuristic matches (fields without a classification, and fields whose classification
   * is neither sensitive nor `Public`, since the data package classifies every field `Internal` by
   * default); or it is flagged `pii` and not `Public`.
   * @param field - the field's API name (or JSON key)
   * @param object - the record's object, when known
   * @param policy - the sensitive classifications and whether the name heuristic applies
   * @returns the verdict
   */
  verdict(field: string, object: string | undefined, policy: PiiFieldPolicy): PiiFieldVerdict {
    const entries = this.entriesFor(field, object);
    if (entries.length === 0) {
      return policy.nameFallback && isSensitiveFieldName(field) ? { sensitive: true, classification: 'Restricted', reason: 'name' } : NOT_SENSITIVE;
    }
    let best: PiiFieldVerdict = NOT_SENSITIVE;
    for (const entry of entries) {
      const v = verdictOf(entry, policy);
      if (rank(v) > rank(best)) best = v;
    }
    return best;
  }
}

function verdictOf(entry: PiiFieldClassification, policy: PiiFieldPolicy): PiiFieldVerdict {
  const c = entry.classification;
  if (c !== undefined && policy.sensitiveClassifications.has(c)) return { sensitive: true, classification: c, reason: 'classification' };
  if (c === 'Public') return NOT_SENSITIVE;
  if (policy.nameFallback && isSensitiveFieldName(entry.field)) return { sensitive: true, classification: 'Restricted', reason: 'name' };
  if (entry.pii === true) return { sensitive: true, classification: c === 'Restricted' || c === 'MissionCritical' ? c : 'Confidential', reason: 'pii-flag' };
  return NOT_SENSITIVE;
}

/** Orders verdicts so that the most restrictive one of several entries wins. */
function rank(v: PiiFieldVerdict): number {
  if (!v.sensitive) return 0;
  switch (v.classification) {
    case 'MissionCritical':
      return 5;
    case 'Restricted':
      return 4;
    case 'Confidential':
      return 3;
    case 'Internal':
      return 2;
    default:
      return 1;
  }
}
