// Decodes one keyspace's VSchema JSON (vschema.proto Keyspace, as `vtctldclient GetVSchema`
// prints it) into plain records that remember the JSON path of every field. Owns the JSON
// shape only: types, spellings, unknown fields. What the values mean (vindex types, table
// references) is checked by buildKeyspace.ts and buildVSchema.ts.

import { jsonPath, type Problem } from '../errors/problems.js';
import type { ColumnSpec, ForeignKeyMode, MultiTenantSpec } from './model.js';
import {
  readBool,
  readEnum,
  readInt32,
  readMap,
  readMessage,
  readRepeated,
  readString,
  readStringList,
  readStringMap,
  type MessageFields,
  type UnknownFieldPolicy,
} from './protoJson.js';
import { QUERY_TYPES } from './queryType.js';

/** A decoded vschema.proto Vindex. `clean` is false when decoding it found a problem. */
export interface ParsedVindex {
  readonly name: string;
  readonly path: string;
  readonly type: string;
  readonly params: readonly (readonly [string, string])[];
  readonly owner: string;
  readonly clean: boolean;
  /** JSON path of a field (as written, or where it would be written when absent). */
  at(field: 'type' | 'params' | 'owner'): string;
}

/** A decoded vschema.proto ColumnVindex. */
export interface ParsedColumnVindex {
  readonly path: string;
  readonly name: string;
  readonly column: string;
  readonly columns: readonly string[];
  at(field: 'name' | 'column' | 'columns'): string;
}

/** A decoded vschema.proto AutoIncrement. */
export interface ParsedAutoIncrement {
  readonly path: string;
  readonly column: string;
  readonly sequence: string;
  at(field: 'column' | 'sequence'): string;
}

/** A decoded vschema.proto Column with its path. */
export interface ParsedColumn {
  readonly path: string;
  readonly spec: ColumnSpec;
}

/** A decoded vschema.proto Table. `clean` is false when decoding anything in it found a problem. */
export interface ParsedTable {
  readonly name: string;
  readonly path: string;
  readonly type: string;
  readonly columnVindexes: readonly ParsedColumnVindex[];
  readonly autoIncrement?: ParsedAutoIncrement;
  readonly columns: readonly ParsedColumn[];
  readonly pinned: string;
  readonly columnListAuthoritative: boolean;
  readonly source: string;
  readonly clean: boolean;
  at(field: 'type' | 'column_vindexes' | 'pinned' | 'source'): string;
}

/** A decoded vschema.proto Keyspace. */
export interface ParsedKeyspace {
  readonly name: string;
  readonly path: string;
  readonly sharded: boolean;
  readonly requireExplicitRouting: boolean;
  readonly foreignKeyMode: ForeignKeyMode;
  readonly multiTenantSpec?: MultiTenantSpec;
  readonly vindexes: readonly ParsedVindex[];
  readonly tables: readonly ParsedTable[];
}

/** Keyspace.ForeignKeyMode name → number. Mirrors vitess proto/vschema.proto. */
const FOREIGN_KEY_MODES: ReadonlyMap<ForeignKeyMode, number> = new Map([
  ['unspecified', 0],
  ['disallow', 1],
  ['unmanaged', 2],
  ['managed', 3],
]);

const KEYSPACE_FIELDS = ['sharded', 'vindexes', 'tables', 'require_explicit_routing', 'foreign_key_mode', 'multi_tenant_spec'];
const VINDEX_FIELDS = ['type', 'params', 'owner'];
const TABLE_FIELDS = ['type', 'column_vindexes', 'auto_increment', 'columns', 'pinned', 'column_list_authoritative', 'source'];
const COLUMN_VINDEX_FIELDS = ['column', 'name', 'columns'];
const AUTO_INCREMENT_FIELDS = ['column', 'sequence'];
const COLUMN_FIELDS = ['name', 'type', 'invisible', 'default', 'collation_name', 'size', 'scale', 'nullable', 'values'];
const MULTI_TENANT_FIELDS = ['tenant_id_column_name', 'tenant_id_column_type'];

/** Returns a function giving a field's path as written, or `base.<proto name>` when absent. */
function fieldPaths(fields: MessageFields, base: string): (field: string) => string {
  return (field) => fields.get(field)?.path ?? jsonPath(base, field);
}

/**
 * Decodes a keyspace VSchema object found at `path`.
 * Mirrors protojson decoding of vitess vschemapb.Keyspace (json2.UnmarshalPB).
 * Contract: appends every shape problem to `problems` and reports unknown fields as
 * `unknown` says (a vindex or table is still clean when only its unknown fields are
 * warnings); returns undefined only when `raw` is not an object. Vindexes and tables keep
 * JSON order; `foreign_key_mode` unspecified becomes `unmanaged` (Vitess
 * replaceUnspecifiedForeignKeyMode).
 */
export function parseKeyspace(raw: unknown, name: string, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedKeyspace | undefined {
  const fields = readMessage(raw, path, `keyspace ${name}`, KEYSPACE_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  // Fields are read in vschema.proto order, so problems come in that order.
  const sharded = readBool(fields.get('sharded'), 'sharded', problems);
  const vindexes = readMap(fields.get('vindexes'), 'vindexes', problems, (key, value, p) => parseVindex(key, value, p, problems, unknown));
  const tables = readMap(fields.get('tables'), 'tables', problems, (key, value, p) => parseTable(key, value, p, problems, unknown));
  const requireExplicitRouting = readBool(fields.get('require_explicit_routing'), 'require_explicit_routing', problems);
  const mode = readEnum(fields.get('foreign_key_mode'), 'foreign_key_mode', FOREIGN_KEY_MODES, problems) as ForeignKeyMode | undefined;
  const multiTenantSpec = parseMultiTenantSpec(fields, problems, unknown);
  return {
    name,
    path,
    sharded,
    requireExplicitRouting,
    foreignKeyMode: mode === undefined || mode === 'unspecified' ? 'unmanaged' : mode,
    ...(multiTenantSpec === undefined ? {} : { multiTenantSpec }),
    vindexes: vindexes.filter(isDefined),
    tables: tables.filter(isDefined),
  };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function parseMultiTenantSpec(keyspace: MessageFields, problems: Problem[], unknown: UnknownFieldPolicy): MultiTenantSpec | undefined {
  const field = keyspace.get('multi_tenant_spec');
  if (field === undefined) return undefined;
  const fields = readMessage(field.value, field.path, 'multi_tenant_spec', MULTI_TENANT_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  const type = readEnum(fields.get('tenant_id_column_type'), 'tenant_id_column_type', QUERY_TYPES, problems);
  return {
    tenantIdColumnName: readString(fields.get('tenant_id_column_name'), 'tenant_id_column_name', problems),
    ...(type === undefined || type === 'NULL_TYPE' ? {} : { tenantIdColumnType: type }),
  };
}

function parseVindex(name: string, raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedVindex | undefined {
  const before = problems.length;
  const fields = readMessage(raw, path, `vindex ${name}`, VINDEX_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  return {
    name,
    path,
    type: readString(fields.get('type'), 'type', problems),
    params: readStringMap(fields.get('params'), 'params', problems),
    owner: readString(fields.get('owner'), 'owner', problems),
    clean: problems.length === before,
    at: fieldPaths(fields, path),
  };
}

function parseTable(name: string, raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedTable | undefined {
  const before = problems.length;
  const fields = readMessage(raw, path, `table ${name}`, TABLE_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  const type = readString(fields.get('type'), 'type', problems);
  const columnVindexes = readRepeated(fields.get('column_vindexes'), 'column_vindexes', problems, (value, p) =>
    parseColumnVindex(value, p, problems, unknown),
  ).filter(isDefined);
  const autoIncrementField = fields.get('auto_increment');
  const autoIncrement = autoIncrementField && parseAutoIncrement(autoIncrementField.value, autoIncrementField.path, problems, unknown);
  const columns = readRepeated(fields.get('columns'), 'columns', problems, (value, p) => parseColumn(value, p, problems, unknown)).filter(isDefined);
  return {
    name,
    path,
    type,
    columnVindexes,
    ...(autoIncrement === undefined ? {} : { autoIncrement }),
    columns,
    pinned: readString(fields.get('pinned'), 'pinned', problems),
    columnListAuthoritative: readBool(fields.get('column_list_authoritative'), 'column_list_authoritative', problems),
    source: readString(fields.get('source'), 'source', problems),
    clean: problems.length === before,
    at: fieldPaths(fields, path),
  };
}

function parseColumnVindex(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedColumnVindex | undefined {
  const fields = readMessage(raw, path, 'column vindex', COLUMN_VINDEX_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  return {
    path,
    column: readString(fields.get('column'), 'column', problems),
    name: readString(fields.get('name'), 'name', problems),
    columns: readStringList(fields.get('columns'), 'columns', problems),
    at: fieldPaths(fields, path),
  };
}

function parseAutoIncrement(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedAutoIncrement | undefined {
  const fields = readMessage(raw, path, 'auto_increment', AUTO_INCREMENT_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  return {
    path,
    column: readString(fields.get('column'), 'column', problems),
    sequence: readString(fields.get('sequence'), 'sequence', problems),
    at: fieldPaths(fields, path),
  };
}

function parseColumn(raw: unknown, path: string, problems: Problem[], unknown: UnknownFieldPolicy): ParsedColumn | undefined {
  const fields = readMessage(raw, path, 'column', COLUMN_FIELDS, problems, unknown);
  if (fields === undefined) return undefined;
  const text = (field: string): string | undefined => readString(fields.get(field), field, problems) || undefined;
  const int = (field: string): number | undefined => readInt32(fields.get(field), field, problems) || undefined;
  // Fields are read in vschema.proto order, so problems come in that order.
  const name = readString(fields.get('name'), 'name', problems);
  const type = readEnum(fields.get('type'), 'type', QUERY_TYPES, problems);
  const invisible = readBool(fields.get('invisible'), 'invisible', problems);
  const defaultValue = text('default');
  const collationName = text('collation_name');
  const size = int('size');
  const scale = int('scale');
  const nullable = fields.has('nullable') ? readBool(fields.get('nullable'), 'nullable', problems) : true;
  const values = readStringList(fields.get('values'), 'values', problems);
  const spec: ColumnSpec = {
    name,
    ...(type === undefined || type === 'NULL_TYPE' ? {} : { type }),
    invisible,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(collationName === undefined ? {} : { collationName }),
    ...(size === undefined ? {} : { size }),
    ...(scale === undefined ? {} : { scale }),
    nullable,
    ...(values.length === 0 ? {} : { values }),
  };
  return { path, spec };
}
