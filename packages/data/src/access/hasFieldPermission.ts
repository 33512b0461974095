import type { ModelIndex } from '../model/ModelIndex.js';

/**
 * The field access a check asks for (R-FLS-2).
 * @category Data
 */
export type FieldAccessType = 'CREATABLE' | 'UPDATABLE' | 'READABLE';

/**
 * Whether a user has a field permission (R-FLS-2): CREATABLE and UPDATABLE need edit, READABLE
 * needs read; any other access type is false. `Id` is readable and never writable; `OwnerId` is
 * never writable through field permissions.
 * @param index - the model
 * @param userId - the user
 * @param object - the object
 * @param field - the field's API name (exact)
 * @param access - the access type
 * @returns true when the user has it; false for unknown users, objects, fields or access types
 * @category Data
 */
export function hasFieldPermission(index: ModelIndex, userId: string, object: string, field: string, access: FieldAccessType | string): boolean {
  const user = index.user(userId);
  if (!user?.active || !index.field(object, field)) return false;
  const perms = index.permissions(userId);
  const key = `${object}.${field}`;
  switch (access) {
    case 'READABLE':
      return field === 'Id' || perms.readableFields.has(key);
    case 'CREATABLE':
    case 'UPDATABLE':
      return field !== 'Id' && field !== 'OwnerId' && perms.editableFields.has(key);
    default:
      return false;
  }
}
