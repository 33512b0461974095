import { type RawBuilder, sql } from 'kysely';
import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';
import type { SqlDialectKind } from './SqlDialectKind.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PG_MAX_IDENTIFIER_BYTES = 63;

/** The prefix of every table the backend keeps for itself; object names may not start with it. */
const INTERNAL_PREFIX = 'as_';

/**
 * Names of the tables the backend keeps next to the object tables.
 * @internal
 */
export const INTERNAL_TABLES = Object.freeze({
  share: 'as_share',
  user: 'as_user',
  roleClosure: 'as_role_closure',
  groupMember: 'as_group_member',
  membership: 'as_membership',
  roleReach: 'as_role_reach',
  state: 'as_state',
  migration: 'as_migration',
  migrationLock: 'as_migration_lock',
});

/**
 * Quoted, schema-qualified SQL identifiers for one backend. Every identifier that reaches SQL
 * passes through here: it is checked against `[A-Za-z_][A-Za-z0-9_]*` and quoted with kysely's
 * `sql.id`, so no name is ever spliced into SQL text.
 * @category Backends
 * @internal
 */
export class SqlNames {
  /** The dialect. */
  readonly dialect: SqlDialectKind;
  /** The PostgreSQL schema, or undefined for SQLite. */
  readonly schema: string | undefined;

  /**
   * @param dialect - sqlite or postgres
   * @param schema - the PostgreSQL schema (ignored for SQLite)
   * @throws {@link DataAccessError} `QUERY_INVALID` when the schema name is not a plain identifier
   */
  constructor(dialect: SqlDialectKind, schema: string | undefined) {
    this.dialect = dialect;
    if (dialect === 'postgres') {
      if (schema === undefined) throw new DataAccessError('QUERY_INVALID', 'A PostgreSQL backend needs a schema name.');
      SqlNames.assertIdentifier(schema, 'schema');
      this.schema = schema;
    } else {
      this.schema = undefined;
    }
  }

  /**
   * Checks that a name is a plain SQL identifier (and short enough for PostgreSQL).
   * @param name - the name
   * @param what - what the name is, for the message
   * @throws {@link DataAccessError} `QUERY_INVALID` when it is not
   */
  static assertIdentifier(name: string, what: string): void {
    if (typeof name !== 'string' || !IDENTIFIER.test(name) || Buffer.byteLength(name) > PG_MAX_IDENTIFIER_BYTES) {
      throw new DataAccessError('QUERY_INVALID', `The ${what} name "${String(name)}" is not a plain SQL identifier of at most ${PG_MAX_IDENTIFIER_BYTES} characters.`, {
        details: { what },
      });
    }
  }

  /**
   * Checks that a model maps onto SQL tables: names are identifiers, no object starts with the
   * reserved `as_` prefix, and no two objects (or two fields of one object) differ only by case,
   * since SQLite compares identifiers without case.
   * @param index - the model
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` naming the first clash
   */
  static assertModelFits(index: ModelIndex): void {
    const objects = new Map<string, string>();
    for (const name of Object.keys(index.model.objects)) {
      const fail = (reason: string): never => {
        throw new DataAccessError('SECURITY_MODEL_INVALID', `Invalid security model for a SQL backend: ${reason}.`, { details: { object: name } });
      };
      if (!IDENTIFIER.test(name) || Buffer.byteLength(name) > PG_MAX_IDENTIFIER_BYTES) fail(`object "${name}" is not a SQL identifier of at most 63 characters`);
      if (name.toLowerCase().startsWith(INTERNAL_PREFIX)) fail(`object "${name}" starts with the reserved prefix "${INTERNAL_PREFIX}"`);
      const lower = name.toLowerCase();
      const other = objects.get(lower);
      if (other !== undefined) fail(`objects "${other}" and "${name}" differ only by case`);
      objects.set(lower, name);
      const fields = new Map<string, string>();
      for (const field of index.fieldNames(name)) {
        if (!IDENTIFIER.test(field) || Buffer.byteLength(field) > PG_MAX_IDENTIFIER_BYTES) fail(`field "${name}.${field}" is not a SQL identifier of at most 63 characters`);
        const prev = fields.get(field.toLowerCase());
        if (prev !== undefined) fail(`fields "${name}.${prev}" and "${name}.${field}" differ only by case`);
        fields.set(field.toLowerCase(), field);
      }
    }
  }

  /**
   * A table, qualified by the schema on PostgreSQL.
   * @param name - the table name
   * @returns the quoted identifier
   */
  table(name: string): RawBuilder<unknown> {
    return this.schema === undefined ? sql.id(name) : sql.id(this.schema, name);
  }

  /**
   * A column of a table alias.
   * @param alias - the alias
   * @param column - the column
   * @returns the quoted `"alias"."column"`
   */
  col(alias: string, column: string): RawBuilder<unknown> {
    return sql.id(alias, column);
  }

  /**
   * A stable index name for a table and its columns, within PostgreSQL's 63-byte limit.
   * @param table - the table
   * @param columns - the indexed columns
   * @returns the index name
   */
  indexName(table: string, columns: readonly string[]): string {
    const full = `${table}__${columns.join('__')}`;
    let h = 0x811c9dc5;
    for (let i = 0; i < full.length; i++) h = Math.imul(h ^ full.charCodeAt(i), 0x01000193) >>> 0;
    return `ix_${h.toString(16).padStart(8, '0')}_${full}`.slice(0, PG_MAX_IDENTIFIER_BYTES);
  }
}
