// Relay global object ids (INTERFACES.md §5): the opaque `id: ID!` of every table with a primary
// key, naming its keyspace, table and primary key values, and their strict decoding back to a
// table and a primary key record. Owns the text format only; loading the row is the by-pk loader's.
// Ids are not signed: they carry nothing a client cannot already ask for with `T_by_pk`, and they
// must stay the same across restarts and instances (clients cache by them); decoding validates.

import { Buffer } from 'node:buffer';
import { ServiceError } from '../errors/serviceError.js';
import { invariant } from '../util/invariant.js';
import type { ApiRow } from './apiRuntime.js';
import type { ApiCatalog, ApiColumn, ApiTable } from './catalog.js';
import { findColumn } from './tableColumns.js';
import { describeJsValue, toSqlValue, valueKind } from './values.js';

/** The format version, the first element of every id's payload. */
export const GLOBAL_ID_VERSION = 1;

/** Ids longer than this are refused unread (a primary key of a few columns is far shorter). */
const MAX_GLOBAL_ID_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A BigInt key as encodeGlobalId writes it: decimal digits, no leading zeros or `+`. */
const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A decoded id: the table it names and its primary key, column name → JS value (the forms GraphQL inputs take, values.ts). */
export interface GlobalIdTarget {
  readonly table: ApiTable;
  readonly pk: Readonly<Record<string, unknown>>;
}

/** The JSON form of one primary key value: bigint as its decimal text, bytes as base64url. */
type JsonKeyValue = string | number | boolean;

function jsonKeyValue(column: ApiColumn, value: unknown): JsonKeyValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64url');
  invariant(
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
    `primary key column ${column.name} has no value to encode in a global id (got ${describeJsValue(value)}): select the primary key with id`,
  );
  return value;
}

function encodePayload(payload: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Encodes the global id of `row` of `table`: base64url (no padding) of the UTF-8 JSON array
 * `[1, keyspace, table, pk1, pk2, …]`, the primary key values in key order in their JSON form
 * (BigInt as decimal text, Bytes as base64url, other kinds as their JS form in values.ts).
 * Contract: deterministic, so one row has one id for as long as its keyspace, table and key do;
 * the row must hold every primary key column (a bug otherwise: the resolver selects them).
 */
export function encodeGlobalId(table: ApiTable, row: ApiRow): string {
  invariant(table.primaryKey.length > 0, `${table.keyspace}.${table.table} has no primary key: it has no global id`);
  const values = table.primaryKey.map((name) => jsonKeyValue(findColumn(table, name, 'SG1040'), row[name]));
  return encodePayload([GLOBAL_ID_VERSION, table.keyspace, table.table, ...values]);
}

function invalid(message: string, details: Record<string, unknown> = {}): ServiceError {
  return new ServiceError('SG1040', `invalid global id: ${message}`, { details });
}

/** The JS value of one JSON key value, in the form toSqlValue takes for the column; undefined when the JSON type is wrong. */
function keyValue(column: ApiColumn, value: unknown): unknown {
  switch (valueKind(column)) {
    case 'Int':
    case 'Float':
      return typeof value === 'number' ? value : undefined;
    case 'BigInt':
      return typeof value === 'string' && INTEGER_TEXT.test(value) ? BigInt(value) : undefined;
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'Bytes': {
      if (typeof value !== 'string' || (value !== '' && !BASE64URL.test(value))) return undefined;
      const bytes = Buffer.from(value, 'base64url');
      return bytes.toString('base64url') === value ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : undefined;
    }
    default:
      return typeof value === 'string' ? value : undefined;
  }
}

/** Looks tables up by keyspace and name. */
export type GlobalIdTables = (keyspace: string, table: string) => ApiTable | undefined;

/** The table lookup of a catalog, for {@link decodeGlobalId}. */
export function globalIdTables(catalog: ApiCatalog): GlobalIdTables {
  const byName = new Map(catalog.tables.map((t) => [JSON.stringify([t.keyspace, t.table]), t]));
  return (keyspace, table) => byName.get(JSON.stringify([keyspace, table]));
}

/**
 * Decodes a global id made by {@link encodeGlobalId} into its table and primary key.
 * Contract: checks the text (a string of at most 16 KiB, base64url without padding, exactly the
 * encoding of its own payload, so every row has one id), then the payload (UTF-8 JSON array,
 * version 1, keyspace and table naming a served table with a primary key, one value per key
 * column that fits the column as values.ts toSqlValue checks it: type, range, format); every
 * failure is ServiceError SG1040 (INVALID_ARGUMENT) saying which, before anything reaches SQL.
 */
export function decodeGlobalId(tables: GlobalIdTables, id: unknown): GlobalIdTarget {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_GLOBAL_ID_LENGTH || !BASE64URL.test(id)) {
    throw invalid(`expected the id text of a row of this API, got ${describeJsValue(id)}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(UTF8.decode(Buffer.from(id, 'base64url')));
  } catch {
    throw invalid(`${describeJsValue(id)} does not decode to an id payload`);
  }
  if (!Array.isArray(payload) || payload[0] !== GLOBAL_ID_VERSION || typeof payload[1] !== 'string' || typeof payload[2] !== 'string') {
    throw invalid(`${describeJsValue(id)} is not a version ${GLOBAL_ID_VERSION} id of this API`);
  }
  const [, keyspace, name, ...values] = payload as [number, string, string, ...unknown[]];
  const where = { keyspace, table: name };
  const table = tables(keyspace, name);
  if (table === undefined) throw invalid(`no served table ${keyspace}.${name}`, where);
  if (table.primaryKey.length === 0) throw invalid(`${keyspace}.${name} has no primary key, so its rows have no id`, where);
  if (values.length !== table.primaryKey.length) {
    throw invalid(`${keyspace}.${name} has ${table.primaryKey.length} primary key column(s), the id holds ${values.length} value(s)`, where);
  }
  const pk: Record<string, unknown> = {};
  table.primaryKey.forEach((columnName, i) => {
    const column = findColumn(table, columnName, 'SG1040');
    const value = keyValue(column, values[i]);
    if (value === undefined) {
      throw invalid(`value ${describeJsValue(values[i])} does not fit primary key column ${columnName} (${column.columnType}) of ${keyspace}.${name}`, {
        ...where,
        column: columnName,
      });
    }
    try {
      toSqlValue(column, value);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      throw invalid(`${error.message} (primary key of ${keyspace}.${name})`, { ...where, column: columnName });
    }
    pk[columnName] = value;
  });
  if (encodePayload(payload) !== id) throw invalid(`${describeJsValue(id)} is not in canonical form`, where);
  return { table, pk };
}
