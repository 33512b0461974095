/**
 * Agent Studio data security: the SecurityModel and SecureDataAccess, which puts every query and
 * write of an action through object permissions (CRUD), field-level security (FLS) and
 * record-level sharing, in user mode by default.
 *
 * @packageDocumentation
 */
export type { DataBackend, FindRequest, Visibility } from './access/DataBackend.js';
export type { DataDecision } from './access/DataDecision.js';
export type { DataPolicy, DataPolicyVerdict, DataPolicyWrite } from './access/DataPolicy.js';
export { type FieldAccessType, hasFieldPermission } from './access/hasFieldPermission.js';
export { type InsertResult, SecureDataAccess, type SecureDataAccessOptions, SystemDataAccess } from './access/SecureDataAccess.js';
export { type StripAccessType, type StripResult, stripInaccessible } from './access/stripInaccessible.js';
export {
  assertSomethingToWrite,
  type CoerceArgumentsRequest,
  coerceArguments,
  type CoercionDefaults,
  type CoercionResult,
  type DroppedField,
  type DropReason,
} from './coercion/coerceArguments.js';
export { type CoercedValue, type CoerceValueResult, type CoercionIssue, coerceValue } from './coercion/coerceValue.js';
export { isValidRecordId, toCaseSafeId } from './coercion/recordId.js';
export { dataModule, type DataModuleOptions } from './dataModule.js';
export { DataAccessError } from './errors/DataAccessError.js';
export { MemoryDataBackend } from './memory/MemoryDataBackend.js';
export { createPostgresBackend, type PostgresBackendOptions } from './sql/createPostgresBackend.js';
export { createSqliteBackend, type SqliteBackendOptions } from './sql/createSqliteBackend.js';
export { DEFAULT_PG_SCHEMA, SqlDataBackend, type SqlDataBackendOptions } from './sql/SqlDataBackend.js';
export type { SqlDialectKind } from './sql/SqlDialectKind.js';
export { type EffectivePermissions, ModelIndex } from './model/ModelIndex.js';
export { grantReaches, matchesCriterion, type ReferenceDataset, referenceCan, referenceRecordAccess } from './model/referenceAccess.js';
export {
  type Criterion,
  CriterionSchema,
  type DataClassification,
  DataClassificationSchema,
  type FieldDefinition,
  FieldDefinitionSchema,
  type FieldPermission,
  FieldPermissionSchema,
  type FieldType,
  FieldTypeSchema,
  type Grantee,
  GranteeSchema,
  type Group,
  GroupSchema,
  type ObjectDefinition,
  ObjectDefinitionSchema,
  type ObjectPermission,
  ObjectPermissionSchema,
  type OrgWideDefault,
  OrgWideDefaultSchema,
  type PermissionGrant,
  PermissionGrantSchema,
  type Role,
  RoleSchema,
  type SecurityModel,
  type SecurityModelInput,
  SecurityModelSchema,
  type SharingRule,
  SharingRuleSchema,
  type User,
  UserSchema,
} from './model/SecurityModelSchema.js';
export {
  ACCESS_RANK,
  type AccessLevel,
  type DataRecord,
  NEEDED_LEVEL,
  type QueryFilter,
  type QuerySpec,
  type RecordOperation,
  type RecordKey,
  type RecordShare,
  type SortSpec,
} from './model/types.js';
