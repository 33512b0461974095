/**
 * The field-security plugin (SPEC §4): the model's arguments of record-writing actions are
 * coerced to the fields' types, with FLS: a field the user may not write is never written.
 *
 * @packageDocumentation
 */
export { fieldSecurityModule } from './fieldSecurityModule.js';
export { FieldSecurityPlugin } from './FieldSecurityPlugin.js';
