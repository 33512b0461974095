import { z } from 'zod';

/**
 * The type of a field (SPEC §4 conversions apply per type).
 * @category Model
 */
export const FieldTypeSchema = z.enum([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'integer',
  'number',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'time',
  'picklist',
  'multipicklist',
  'reference',
  'id',
]);
/** @category Model */
export type FieldType = z.infer<typeof FieldTypeSchema>;

/**
 * How sensitive a field's data is.
 * @category Model
 */
export const DataClassificationSchema = z.enum(['Public', 'Internal', 'Confidential', 'Restricted']);
/** @category Model */
export type DataClassification = z.infer<typeof DataClassificationSchema>;

/**
 * One field of an object.
 * @category Model
 */
export const FieldDefinitionSchema = z.strictObject({
  /** The field's type. */
  type: FieldTypeSchema,
  /** A label for people. */
  label: z.string().optional(),
  /** The most characters (string, email, phone, url). */
  length: z.number().int().positive().optional(),
  /** Active values of a picklist or multi-picklist. */
  values: z.array(z.string().min(1)).optional(),
  /** The object a reference points to. */
  reference: z.string().optional(),
  /** The data classification (default Internal). */
  classification: DataClassificationSchema.default('Internal'),
  /** Whether the field holds personal data. */
  pii: z.boolean().default(false),
  /** Whether a value is required on create. */
  required: z.boolean().default(false),
});
/** @category Model */
export type FieldDefinition = z.output<typeof FieldDefinitionSchema>;

/**
 * The baseline access to records a user does not own (R-SHR-1).
 * @category Model
 */
export const OrgWideDefaultSchema = z.enum(['Private', 'PublicRead', 'PublicReadWrite', 'ControlledByParent']);
/** @category Model */
export type OrgWideDefault = z.infer<typeof OrgWideDefaultSchema>;

/**
 * An object (entity type). Every object has an `Id`; every object not controlled by its parent
 * has an `OwnerId` (a user id). Both are implicit and must not be declared.
 * @category Model
 */
export const ObjectDefinitionSchema = z.strictObject({
  /** A label for people. */
  label: z.string().optional(),
  /** The org-wide default. */
  owd: OrgWideDefaultSchema,
  /** Whether users above a grantee in the role hierarchy get the grantee's access (R-SHR-4). */
  grantAccessUsingHierarchies: z.boolean().default(true),
  /** For `ControlledByParent`: the reference field that points to the master record (R-SHR-7). */
  parentField: z.string().optional(),
  /** The fields, by API name. */
  fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), FieldDefinitionSchema),
});
/** @category Model */
export type ObjectDefinition = z.output<typeof ObjectDefinitionSchema>;

/**
 * Object permissions (R-CRUD-1) and sharing bypasses (R-SHR-9).
 * @category Model
 */
export const ObjectPermissionSchema = z.strictObject({
  /** Read records. */
  read: z.boolean().default(false),
  /** Create records. */
  create: z.boolean().default(false),
  /** Edit records. */
  edit: z.boolean().default(false),
  /** Delete records. */
  delete: z.boolean().default(false),
  /** Read every record, whatever the sharing. */
  viewAll: z.boolean().default(false),
  /** Read, edit and delete every record, whatever the sharing. */
  modifyAll: z.boolean().default(false),
});
/** @category Model */
export type ObjectPermission = z.output<typeof ObjectPermissionSchema>;

/**
 * Field permissions (R-FLS-1).
 * @category Model
 */
export const FieldPermissionSchema = z.strictObject({
  /** Read the field. */
  read: z.boolean().default(false),
  /** Write the field on create and update. */
  edit: z.boolean().default(false),
});
/** @category Model */
export type FieldPermission = z.output<typeof FieldPermissionSchema>;

/**
 * A profile or a permission set: object and field permissions. A user's permissions are the union
 * of their profile's and their permission sets'.
 * @category Model
 */
export const PermissionGrantSchema = z.strictObject({
  /** Unique name. */
  name: z.string().min(1),
  /** Object permissions, by object name. */
  objects: z.record(z.string(), ObjectPermissionSchema).default({}),
  /** Field permissions, keyed `Object.Field`. */
  fields: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/), FieldPermissionSchema).default({}),
  /** Read every record of every object (R-SHR-9). */
  viewAllData: z.boolean().default(false),
  /** Read, edit and delete every record of every object (R-SHR-9). */
  modifyAllData: z.boolean().default(false),
});
/** @category Model */
export type PermissionGrant = z.output<typeof PermissionGrantSchema>;

/**
 * A role in the role tree.
 * @category Model
 */
export const RoleSchema = z.strictObject({
  /** Unique name. */
  name: z.string().min(1),
  /** The parent role; none for a root. */
  parent: z.string().min(1).optional(),
});
/** @category Model */
export type Role = z.output<typeof RoleSchema>;

/**
 * Who a share or a sharing rule grants access to, or whose records an owner-based rule shares.
 * @category Model
 */
export const GranteeSchema = z.union([
  z.strictObject({
    /** A user id. */
    user: z.string().min(1),
  }),
  z.strictObject({
    /** The users in this role. */
    role: z.string().min(1),
  }),
  z.strictObject({
    /** The users in this role and every role below it. */
    roleAndSubordinates: z.string().min(1),
  }),
  z.strictObject({
    /** The members of this public group. */
    group: z.string().min(1),
  }),
]);
/** @category Model */
export type Grantee = z.output<typeof GranteeSchema>;

/**
 * A public group; members may be users, roles, roles with subordinates and other groups.
 * @category Model
 */
export const GroupSchema = z.strictObject({
  /** Unique name. */
  name: z.string().min(1),
  /** The members. */
  members: z
    .strictObject({
      /** User ids. */
      users: z.array(z.string().min(1)).default([]),
      /** Roles. */
      roles: z.array(z.string().min(1)).default([]),
      /** Roles with their subordinates. */
      rolesAndSubordinates: z.array(z.string().min(1)).default([]),
      /** Nested groups. */
      groups: z.array(z.string().min(1)).default([]),
    })
    .default({ users: [], roles: [], rolesAndSubordinates: [], groups: [] }),
});
/** @category Model */
export type Group = z.output<typeof GroupSchema>;

/**
 * A user (or a service identity, which is a user with least privilege).
 * @category Model
 */
export const UserSchema = z.strictObject({
  /** Unique id; records' `OwnerId` refers to it. */
  id: z.string().min(1),
  /** Display name. */
  name: z.string().optional(),
  /** The profile's name. */
  profile: z.string().min(1),
  /** Permission set names. */
  permissionSets: z.array(z.string().min(1)).default([]),
  /** The role's name, if any. */
  role: z.string().min(1).optional(),
  /** Inactive users have no access at all. */
  active: z.boolean().default(true),
});
/** @category Model */
export type User = z.output<typeof UserSchema>;

/**
 * One condition of a criteria-based sharing rule. A condition on a missing or null value is false
 * for every operator (as in SQL).
 * @category Model
 */
export const CriterionSchema = z.strictObject({
  /** The field's API name. */
  field: z.string().min(1),
  /** The comparison. */
  op: z.enum(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte']),
  /** The value (an array for `in`). */
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
});
/** @category Model */
export type Criterion = z.output<typeof CriterionSchema>;

/**
 * A sharing rule (R-SHR-5): owner-based or criteria-based, granting Read or ReadWrite.
 * @category Model
 */
export const SharingRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Owner-based. */
    kind: z.literal('owner'),
    /** Unique name. */
    name: z.string().min(1),
    /** The object. */
    object: z.string().min(1),
    /** Records owned by these users are shared. */
    from: GranteeSchema,
    /** With these users. */
    to: GranteeSchema,
    /** At this level. */
    access: z.enum(['Read', 'ReadWrite']),
  }),
  z.strictObject({
    /** Criteria-based. */
    kind: z.literal('criteria'),
    /** Unique name. */
    name: z.string().min(1),
    /** The object. */
    object: z.string().min(1),
    /** Records matching these conditions are shared. */
    criteria: z.array(CriterionSchema).min(1),
    /** Whether all conditions must hold, or any. */
    logic: z.enum(['and', 'or']).default('and'),
    /** With these users. */
    to: GranteeSchema,
    /** At this level. */
    access: z.enum(['Read', 'ReadWrite']),
  }),
]);
/** @category Model */
export type SharingRule = z.output<typeof SharingRuleSchema>;

/**
 * The whole security model of a tenant (SPEC §2).
 * @category Model
 */
export const SecurityModelSchema = z.strictObject({
  /** Objects, by API name. */
  objects: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), ObjectDefinitionSchema),
  /** Profiles. */
  profiles: z.array(PermissionGrantSchema).min(1),
  /** Permission sets. */
  permissionSets: z.array(PermissionGrantSchema).default([]),
  /** The role tree. */
  roles: z.array(RoleSchema).default([]),
  /** Public groups. */
  groups: z.array(GroupSchema).default([]),
  /** Users. */
  users: z.array(UserSchema).default([]),
  /** Sharing rules. */
  sharingRules: z.array(SharingRuleSchema).default([]),
});
/** @category Model */
export type SecurityModel = z.output<typeof SecurityModelSchema>;
/** @category Model */
export type SecurityModelInput = z.input<typeof SecurityModelSchema>;
