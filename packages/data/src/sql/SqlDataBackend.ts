import { ConfigurationError } from '@agent-studio/core';
import { type Kysely, Migrator, type RawBuilder, sql } from 'kysely';
import type { DataBackend, FindRequest } from '../access/DataBackend.js';
import { DataAccessError } from '../errors/DataAccessError.js';
import type { ModelIndex } from '../model/ModelIndex.js';
import type { FieldDefinition, ObjectDefinition } from '../model/SecurityModelSchema.js';
import type { AccessLevel, DataRecord, RecordShare } from '../model/types.js';
import { combineConditions, conditionSql, conditionToSql } from './conditionSql.js';
import { coreMigrations } from './coreMigrations.js';
import { insertRows } from './insertRows.js';
import { rebuildDerivedTables } from './rebuildDerivedTables.js';
import { SharingRuleReach } from './SharingRuleReach.js';
import type { SqlDialectKind } from './SqlDialectKind.js';
import { SqlFieldStorage } from './SqlFieldStorage.js';
import { INTERNAL_TABLES, SqlNames } from './SqlNames.js';
import { syncObjectTables } from './syncObjectTables.js';
import { type BranchContext, VisibilitySql, type VisibilityThresholds } from './VisibilitySql.js';

/**
 * Options of a {@link SqlDataBackend}.
 * @typeParam TDatabase - the kysely database type of the instance (any; the backend only runs raw SQL)
 * @category Backends
 */
export interface SqlDataBackendOptions<TDatabase = unknown> {
  /** The kysely instance (SQLite or PostgreSQL dialect). */
  readonly db: Kysely<TDatabase>;
  /** Which database the instance talks to. */
  readonly dialect: SqlDialectKind;
  /** The PostgreSQL schema holding every table of the backend (default `agent_studio_data`); ignored on SQLite. */
  readonly schema?: string;
  /** Whether {@link SqlDataBackend.close} destroys the kysely instance (default true). */
  readonly destroyOnClose?: boolean;
  /**
   * Where PostgreSQL query shapes switch from per-owner and per-principal index reads to an
   * `Id`-ordered scan; for tests.
   * @internal
   */
  readonly thresholds?: VisibilityThresholds;
}

/**
 * The default PostgreSQL schema of a {@link SqlDataBackend}.
 * @category Backends
 */
export const DEFAULT_PG_SCHEMA = 'agent_studio_data';

const T = INTERNAL_TABLES;
const FILTER_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte']);
const NEEDS: ReadonlySet<string> = new Set(['read', 'edit', 'full']);
const LEVEL_BY_RANK: readonly AccessLevel[] = ['none', 'read', 'edit', 'full'];

/**
 * A {@link DataBackend} over SQLite or PostgreSQL through kysely. Record visibility is a SQL
 * predicate the database evaluates: ownership and the role hierarchy through the role-closure
 * table, owner-based rules as subqueries over the owner's membership, criteria-based rules as
 * conditions on the record's columns, manual shares through the share table joined to the user's
 * principal set, and objects controlled by their parent through their master row; rows are never
 * loaded into JavaScript to be filtered. It agrees with `referenceRecordAccess` on every user and
 * record (the differential suite checks it).
 *
 * `open()` runs the versioned migrations (kysely `Migrator`, tables `as_migration*`), creates or
 * widens one table per object (quoted identifiers, `Id` primary key, indexes on `OwnerId`, the
 * parent field and every field a criteria rule tests) and rebuilds the model-derived tables:
 * `as_user`, `as_role_closure`, `as_group_member`, and from them `as_membership` (every grantee
 * each user belongs to) and `as_role_reach` (every grantee with a member below each role).
 * Shares live in `as_share`.
 *
 * Only small per-user facts are computed in JavaScript before a query: whether the user is active,
 * their role, which sharing rules reach them, and a few counts that choose the query's shape on
 * PostgreSQL.
 *
 * Values keep their JavaScript kind on the way back: text as text (byte order, the `"C"`
 * collation on PostgreSQL), numbers as numbers, booleans as booleans; dates are ISO strings.
 * Sorting puts NULLs after every value ascending and before every value descending; ties are
 * broken by `Id` ascending.
 *
 * @remarks Every method but `open` and `close` throws a `ConfigurationError` `CONFIG_INVALID`
 * until `open(index)` has run. Driver errors (connection lost, constraint violated) pass through
 * unchanged.
 *
 * @typeParam TDatabase - the kysely database type of the instance given
 * @example
 * ```ts
 * const backend = await createSqliteBackend({ filename: ':memory:' });
 * await backend.open(ModelIndex.fromYaml(yamlText));
 * ```
 * @category Backends
 */
export class SqlDataBackend<TDatabase = unknown> implements DataBackend {
  /** `sqlite` or `postgres`. */
  readonly kind: SqlDialectKind;
  /** The PostgreSQL schema (undefined on SQLite). */
  readonly schema: string | undefined;
  readonly #db: Kysely<unknown>;
  readonly #names: SqlNames;
  readonly #destroyOnClose: boolean;
  readonly #thresholds: VisibilityThresholds;
  #index: ModelIndex | undefined;
  #visibility: VisibilitySql | undefined;

  /**
   * @param options - the kysely instance, the dialect, and the PostgreSQL schema
   * @throws {@link DataAccessError} `QUERY_INVALID` when the schema is not a plain identifier;
   *   a `ConfigurationError` `CONFIG_INVALID` for an unknown dialect
   */
  constructor(options: SqlDataBackendOptions<TDatabase>) {
    if (options.dialect !== 'sqlite' && options.dialect !== 'postgres') {
      throw new ConfigurationError('CONFIG_INVALID', `Unknown SQL dialect "${String(options.dialect)}": use "sqlite" or "postgres".`);
    }
    this.kind = options.dialect;
    this.#db = options.db as unknown as Kysely<unknown>;
    this.#names = new SqlNames(options.dialect, options.dialect === 'postgres' ? (options.schema ?? DEFAULT_PG_SCHEMA) : undefined);
    this.schema = this.#names.schema;
    this.#destroyOnClose = options.destroyOnClose ?? true;
    this.#thresholds = options.thresholds ?? {};
  }

  /**
   * Migrates the backend's own tables, creates or widens the object tables for the model and
   * rebuilds the derived tables visibility is computed from. Call it again after the model
   * changes; it never drops a table or a column.
   * @param index - the model
   * @returns resolves when the storage matches the model
   * @throws {@link DataAccessError} `SECURITY_MODEL_INVALID` when an object or field name cannot
   *   be a SQL table or column (the reserved `as_` prefix, or names differing only by case)
   */
  async open(index: ModelIndex): Promise<void> {
    SqlNames.assertModelFits(index);
    const names = this.#names;
    const migrator = new Migrator({
      db: this.#db,
      provider: coreMigrations(names),
      migrationTableName: T.migration,
      migrationLockTableName: T.migrationLock,
      ...(names.schema === undefined ? {} : { migrationTableSchema: names.schema }),
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error(`Migrating the ${this.kind} backend failed: ${String(error)}`);
    await this.#db.transaction().execute(async (trx) => {
      if (names.schema !== undefined) await sql`SELECT pg_advisory_xact_lock(hashtext(${`agent-studio-data:${names.schema}`}))`.execute(trx);
      await syncObjectTables(trx, names, index);
      await rebuildDerivedTables(trx, names, index);
    });
    this.#visibility = new VisibilitySql(index, names, new SharingRuleReach(index), this.#thresholds);
    this.#index = index;
  }

  /**
   * Returns the matching rows the request's user may access at the requested level (all rows
   * without a visibility). Visibility is pushed down as SQL: with several sources of access, each
   * selective source is its own ordered, limited subquery (so every one can use its index), the
   * dense ones share one `Id`-ordered scan that stops after `limit` rows, and the union
   * of their ids is sorted and limited again.
   * @param request - the query (object, fields, filters, order, limit, visibility)
   * @returns the rows, with the requested fields (`null` for NULL)
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object, field or operator, a
   *   malformed filter value, a bad direction, limit or visibility level
   */
  async find(request: FindRequest): Promise<DataRecord[]> {
    const { index, visibility } = this.#opened();
    const object = request.object;
    this.#object(index, object, 'find');
    const fields = ['Id', ...new Set((request.fields ?? []).filter((f) => f !== 'Id'))];
    const kinds = fields.map((f) => SqlFieldStorage.kind(this.#field(index, object, f, 'find').type));
    for (const w of request.where ?? []) this.#checkFilter(index, object, w);
    for (const o of request.orderBy ?? []) {
      this.#field(index, object, o.field, 'find');
      if (o.direction !== 'asc' && o.direction !== 'desc') throw this.#invalid('find', object, 'orderBy direction must be asc or desc');
    }
    const limit = request.limit;
    if (!Number.isSafeInteger(limit) || limit < 1) throw this.#invalid('find', object, 'limit must be a positive integer');
    const n = this.#names;
    const filters = (alias: string) =>
      combineConditions(
        (request.where ?? []).map((w) => conditionSql(n, alias, w.field, this.#field(index, object, w.field, 'find'), w)),
        'and',
      );
    if (filters('r').kind === 'false') return [];
    const orderBy = (alias: string) =>
      sql.join([
        ...(request.orderBy ?? []).map((o) => sql`${n.col(alias, o.field)} ${sql.raw(o.direction === 'desc' ? 'DESC NULLS FIRST' : 'ASC NULLS LAST')}`),
        sql`${n.col(alias, 'Id')} ASC`,
      ]);
    const columns = sql.join(fields.map((f) => n.col('r', f)));
    const table = n.table(object);
    let query: RawBuilder<Record<string, unknown>>;
    const arms = request.visibility === undefined ? undefined : this.#arms(visibility, object, request.visibility.userId, request.visibility.need);
    if (arms === undefined || arms.unrestricted) {
      query = sql`SELECT ${columns} FROM ${table} AS "r" WHERE ${conditionToSql(filters('r'))} ORDER BY ${orderBy('r')} LIMIT ${limit}`;
    } else if (arms.arms.length === 0) {
      return [];
    } else {
      const context: BranchContext = {
        table,
        filters: (alias) => conditionToSql(filters(alias)),
        orderBy,
        orderColumns: ['Id', ...new Set((request.orderBy ?? []).map((o) => o.field).filter((f) => f !== 'Id'))],
        byIdOnly: (request.orderBy ?? []).every((o) => o.field === 'Id' && o.direction === 'asc'),
        hasFilters: (request.where ?? []).length > 0,
        limit,
      };
      const scans: RawBuilder<unknown>[] = [];
      const queries: RawBuilder<unknown>[] = [];
      for (const arm of arms.arms) {
        const shape = arm.shape?.(context);
        if (shape?.kind === 'branch') queries.push(shape.query);
        else if (shape?.kind === 'scan') scans.push(shape.predicate('v'));
        else queries.push(sql`SELECT ${n.col('v', 'Id')} FROM ${table} AS "v" WHERE ${arm.predicate('v')} AND ${context.filters('v')} ORDER BY ${orderBy('v')} LIMIT ${limit}`);
      }
      if (scans.length > 0) {
        queries.push(sql`SELECT ${n.col('v', 'Id')} FROM ${table} AS "v" WHERE (${sql.join(scans, sql` OR `)}) AND ${context.filters('v')} ORDER BY ${orderBy('v')} LIMIT ${limit}`);
      }
      const branches = queries.map((q, i) => sql`SELECT ${n.col(`b${i}`, 'Id')} FROM (${q}) AS ${sql.id(`b${i}`)}`);
      query = sql`SELECT ${columns} FROM ${table} AS "r" WHERE ${n.col('r', 'Id')} IN (${sql.join(branches, sql` UNION ALL `)}) ORDER BY ${orderBy('r')} LIMIT ${limit}`;
    }
    const result = await query.execute(this.#db);
    return result.rows.map((row) => {
      const out: Record<string, unknown> = {};
      fields.forEach((f, i) => {
        out[f] = SqlFieldStorage.decode(kinds[i] ?? 'string', row[f]);
      });
      return out as DataRecord;
    });
  }

  /**
   * The record-level access of a user to a record, computed by the database as the greatest level
   * over the same sources `find` uses (each source's `CASE`, the shares' `max`).
   * @param object - the object
   * @param recordId - the record
   * @param userId - the user
   * @returns none, read, edit or full; undefined when the record does not exist
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object
   */
  async recordAccess(object: string, recordId: string, userId: string): Promise<AccessLevel | undefined> {
    const { index, visibility } = this.#opened();
    this.#object(index, object, 'recordAccess');
    if (typeof recordId !== 'string') return undefined;
    const n = this.#names;
    const result = await sql<{ level: number | string }>`SELECT ${visibility.level(object, 'r', String(userId))} AS "level" FROM ${n.table(object)} AS "r" WHERE ${n.col('r', 'Id')} = ${recordId}`.execute(this.#db);
    const row = result.rows[0];
    return row === undefined ? undefined : (LEVEL_BY_RANK[Number(row.level)] ?? 'none');
  }

  /**
   * Inserts records in one transaction, in multi-row statements.
   * @param object - the object
   * @param records - the records, with `Id` (and `OwnerId` for owned objects) set
   * @returns resolves when every record is written
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object or field or a missing
   *   `Id`, `INPUT_VALIDATION` for a value that does not fit its field's type
   */
  async insert(object: string, records: readonly DataRecord[]): Promise<void> {
    const { index } = this.#opened();
    this.#object(index, object, 'insert');
    const columns = index.fieldNames(object);
    const known = new Set(columns);
    const rows = records.map((record) => {
      if (typeof record !== 'object' || record === null) throw this.#invalid('insert', object, 'each record must be an object');
      const unknown = Object.keys(record).filter((k) => !known.has(k));
      if (unknown.length > 0) throw this.#invalid('insert', object, `unknown field(s): ${unknown.join(', ')}`, { fields: unknown });
      if (typeof record.Id !== 'string' || record.Id === '') throw this.#invalid('insert', object, 'every record needs a non-empty string Id');
      return columns.map((c) => this.#encode(index, object, c, record[c]));
    });
    if (rows.length === 0) return;
    const n = this.#names;
    await this.#db.transaction().execute(async (trx) => {
      await insertRows(trx, n, object, columns, rows);
      // Shares added before their record come alive with it.
      const ids = rows.map((row) => row[0]);
      for (let i = 0; i < ids.length; i += 10_000) {
        const batch = ids.slice(i, i + 10_000);
        await sql`UPDATE ${n.table(T.share)} SET "live" = ${this.kind === 'postgres' ? true : 1} WHERE "object" = ${object} AND "record_id" IN (${sql.join(batch)}) AND NOT "live"`.execute(trx);
      }
    });
  }

  /**
   * Updates one record's fields (`Id` cannot change; `OwnerId` can, which transfers the record).
   * @param object - the object
   * @param recordId - the record
   * @param values - the new values
   * @returns whether the record existed
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object or field or for `Id`,
   *   `INPUT_VALIDATION` for a value that does not fit its field's type
   */
  async update(object: string, recordId: string, values: Readonly<Record<string, unknown>>): Promise<boolean> {
    const { index } = this.#opened();
    this.#object(index, object, 'update');
    if (typeof values !== 'object' || values === null) throw this.#invalid('update', object, 'values must be an object');
    const keys = Object.keys(values);
    const bad = keys.filter((k) => k === 'Id' || !index.field(object, k));
    if (bad.length > 0) throw this.#invalid('update', object, `unknown or read-only field(s): ${bad.join(', ')}`, { fields: bad });
    const n = this.#names;
    const where = sql`${sql.id('Id')} = ${String(recordId)}`;
    if (keys.length === 0) {
      const r = await sql`SELECT 1 AS "one" FROM ${n.table(object)} WHERE ${where}`.execute(this.#db);
      return r.rows.length > 0;
    }
    const sets = keys.map((k) => sql`${sql.id(k)} = ${this.#encode(index, object, k, values[k])}`);
    const r = await sql`UPDATE ${n.table(object)} SET ${sql.join(sets)} WHERE ${where} RETURNING ${sql.id('Id')}`.execute(this.#db);
    return r.rows.length > 0;
  }

  /**
   * Deletes one record and its shares, in one transaction.
   * @param object - the object
   * @param recordId - the record
   * @returns whether the record existed
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object
   */
  async delete(object: string, recordId: string): Promise<boolean> {
    const { index } = this.#opened();
    this.#object(index, object, 'delete');
    const n = this.#names;
    return this.#db.transaction().execute(async (trx) => {
      const r = await sql`DELETE FROM ${n.table(object)} WHERE ${sql.id('Id')} = ${String(recordId)} RETURNING ${sql.id('Id')}`.execute(trx);
      await sql`DELETE FROM ${n.table(T.share)} WHERE "object" = ${object} AND "record_id" = ${String(recordId)}`.execute(trx);
      return r.rows.length > 0;
    });
  }

  /**
   * Adds a manual or programmatic share. Adding the same grantee, record and cause again keeps
   * the higher of the two levels. A share of a record not inserted yet takes effect when the
   * record is inserted (as in the reference evaluator); deleting a record deletes its shares.
   * @param share - the share
   * @returns resolves when the share is stored
   * @throws {@link DataAccessError} `QUERY_INVALID` for an unknown object, an object controlled by
   *   its parent (R-SHR-7), a malformed grantee, a level other than Read or ReadWrite, or an empty cause
   */
  async addShare(share: RecordShare): Promise<void> {
    const { index } = this.#opened();
    const def = this.#object(index, share?.object, 'addShare');
    const object = share.object;
    if (def.owd === 'ControlledByParent') throw this.#invalid('addShare', object, 'records controlled by their parent cannot be shared (R-SHR-7)');
    if (share.access !== 'Read' && share.access !== 'ReadWrite') throw this.#invalid('addShare', object, 'access must be Read or ReadWrite');
    if (typeof share.recordId !== 'string' || share.recordId === '') throw this.#invalid('addShare', object, 'recordId must be a non-empty string');
    if (typeof share.cause !== 'string' || share.cause === '') throw this.#invalid('addShare', object, 'cause must be a non-empty string');
    const g = share.grantee as Record<string, unknown>;
    const keys = typeof g === 'object' && g !== null ? Object.keys(g) : [];
    const kind = keys[0];
    const id = kind === undefined ? undefined : g[kind];
    if (keys.length !== 1 || !['user', 'role', 'roleAndSubordinates', 'group'].includes(kind as string) || typeof id !== 'string' || id === '') {
      throw this.#invalid('addShare', object, 'grantee must be one of {user}, {role}, {roleAndSubordinates} or {group}');
    }
    const n = this.#names;
    await sql`INSERT INTO ${n.table(T.share)} AS "t" ("object", "record_id", "grantee_kind", "grantee_id", "level", "cause", "live")
      SELECT ${object}, ${share.recordId}, ${kind}, ${id}, ${share.access}, ${share.cause}, EXISTS (SELECT 1 FROM ${n.table(object)} AS "r" WHERE ${n.col('r', 'Id')} = ${share.recordId})
      WHERE TRUE
      ON CONFLICT ("object", "record_id", "grantee_kind", "grantee_id", "cause")
      DO UPDATE SET "level" = CASE WHEN "t"."level" = ${'ReadWrite'} OR "excluded"."level" = ${'ReadWrite'} THEN ${'ReadWrite'} ELSE ${'Read'} END, "live" = "excluded"."live"`.execute(this.#db);
  }

  /**
   * Releases the connections (destroys the kysely instance unless `destroyOnClose` was false).
   * @returns resolves when closed
   */
  async close(): Promise<void> {
    this.#index = undefined;
    this.#visibility = undefined;
    if (this.#destroyOnClose) await this.#db.destroy();
  }

  #opened(): { index: ModelIndex; visibility: VisibilitySql } {
    if (this.#index === undefined || this.#visibility === undefined) {
      throw new ConfigurationError('CONFIG_INVALID', `The ${this.kind} backend is not open: call open(index) before using it.`);
    }
    return { index: this.#index, visibility: this.#visibility };
  }

  #arms(visibility: VisibilitySql, object: string, userId: unknown, need: unknown) {
    if (typeof need !== 'string' || !NEEDS.has(need)) throw this.#invalid('find', object, 'visibility.need must be read, edit or full');
    return visibility.arms(object, String(userId), need as 'read' | 'edit' | 'full');
  }

  #object(index: ModelIndex, object: unknown, operation: string): ObjectDefinition {
    const def = typeof object === 'string' ? index.object(object) : undefined;
    if (!def) throw this.#invalid(operation, String(object), 'no such object');
    return def;
  }

  #field(index: ModelIndex, object: string, field: unknown, operation: string): FieldDefinition {
    const fd = typeof field === 'string' ? index.field(object, field) : undefined;
    if (!fd) throw this.#invalid(operation, object, `unknown field "${String(field)}"`, { fields: [String(field)] });
    return fd;
  }

  #checkFilter(index: ModelIndex, object: string, w: unknown): void {
    const f = w as { field?: unknown; op?: unknown; value?: unknown } | null;
    if (typeof f !== 'object' || f === null) throw this.#invalid('find', object, 'each filter must be an object');
    this.#field(index, object, f.field, 'find');
    if (typeof f.op !== 'string' || !FILTER_OPS.has(f.op)) throw this.#invalid('find', object, `unknown operator "${String(f.op)}"`);
    const ok = f.op === 'in' ? Array.isArray(f.value) : ['string', 'number', 'boolean'].includes(typeof f.value);
    if (!ok) throw this.#invalid('find', object, `filter on ${String(f.field)}: value must be ${f.op === 'in' ? 'an array' : 'a string, number or boolean'}`);
  }

  #encode(index: ModelIndex, object: string, field: string, value: unknown): unknown {
    const fd = index.field(object, field);
    return SqlFieldStorage.encode(this.kind, fd?.type ?? 'string', value, `${object}.${field}`);
  }

  #invalid(operation: string, object: string, reason: string, extra: Record<string, unknown> = {}): DataAccessError {
    return new DataAccessError('QUERY_INVALID', `Invalid ${operation} on ${object} (${this.kind} backend): ${reason}.`, { details: { object, operation, ...extra } });
  }
}
