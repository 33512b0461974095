import { PII_CLASSIFICATIONS, type PiiClassification, type PiiFieldClassification, type PiiSchemaSource } from '../PiiMaskingOptions.js';

/**
 * Builds the field classification list of the schema-based masker from a security model (R-PII-16):
 * one entry per declared field, with its classification and `pii` flag. The implicit `Id` and
 * `OwnerId` are left out (record ids are not personal data and tools need them as they are). A
 * classification the plugin does not know is dropped (the field counts as unclassified).
 * @param source - a `ModelIndex` (as `dataModule` binds it) or a `SecurityModel` of `@agent-studio/data`
 * @returns the entries, in model order
 * @example
 * ```ts
 * const model = ModelIndex.fromYaml(yaml);
 * piiMaskingModule({ preset: 'standard', fields: fieldClassificationsFromModel(model) });
 * ```
 * @category Plugins
 */
export function fieldClassificationsFromModel(source: PiiSchemaSource): PiiFieldClassification[] {
  const objects = 'objects' in source ? source.objects : source.model.objects;
  const out: PiiFieldClassification[] = [];
  for (const [object, definition] of Object.entries(objects)) {
    for (const [field, def] of Object.entries(definition.fields ?? {})) {
      const classification = (PII_CLASSIFICATIONS as readonly string[]).includes(def.classification ?? '') ? (def.classification as PiiClassification) : undefined;
      out.push({
        object,
        field,
        ...(classification === undefined ? {} : { classification }),
        ...(def.pii === undefined ? {} : { pii: def.pii }),
      });
    }
  }
  return out;
}
