// The `multicol` vindex: each column is hashed by its own functional vindex (`hash` unless
// `column_vindex` says otherwise) and the first `column_bytes` bytes of each hash are
// concatenated into the keyspace id; a prefix of the columns routes to a key range.
// Unique, cost = sum of the column vindexes' costs. Mirrors vitess go/vt/vtgate/vindexes/multicol.go.

import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import { invariant } from '../../util/invariant.js';
import { bytesEqual } from '../../util/hex.js';
import type { SqlValue } from '../../util/sqlValue.js';
import type { Destination } from '../key/destination.js';
import { NONE } from './functionalVindex.js';
import { keyRangeFromPrefix } from './keyRangeFromPrefix.js';
import type { ParamReader } from './paramReader.js';
import type { MultiColumnVindex } from './vindex.js';
import type { VindexContext, VindexDefinition } from './vindexDefinition.js';

const KNOWN = ['column_bytes', 'column_count', 'column_vindex'];
const DEFAULT_COLUMN_VINDEX = 'hash';

/** One column of a multicol vindex: its Hash and how many leading bytes of it to keep. */
export interface MulticolColumn {
  readonly type: string;
  readonly hash: (id: SqlValue) => Uint8Array;
  readonly bytes: number;
}

/** Go strconv.Atoi: an optional sign and decimal digits, nothing else. */
function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The keyspace id of a row of at most `columns.length` values (multicol.go mapKsid): column i
 * contributes the first bytes[i] bytes of its hash, after zero padding up to the bytes the
 * earlier columns reserved. Throws the column vindex's SG402 for a value it cannot hash.
 */
function rowKeyspaceId(columns: readonly MulticolColumn[], row: readonly SqlValue[]): Uint8Array {
  const ksid: number[] = [];
  let reserved = 0;
  for (let i = 0; i < row.length; i++) {
    const column = columns[i]!;
    const hashed = column.hash(row[i]!);
    while (ksid.length < reserved) ksid.push(0);
    for (let b = 0; b < hashed.length && b < column.bytes; b++) ksid.push(hashed[b]!);
    reserved += column.bytes;
  }
  return Uint8Array.from(ksid);
}

/**
 * Creates a `multicol` vindex over `columns`. Map gives a keyspace id for a full row, the key
 * range of the prefix for a shorter row (`allShards` for an empty one), and `none` for a row
 * with a value a column vindex cannot hash or with too many values. Verify compares the
 * (possibly partial) id and throws SG402 where Map gives `none`.
 */
export function createMulticol(name: string, columns: readonly MulticolColumn[], cost: number): MultiColumnVindex {
  const tooMany = (row: readonly SqlValue[]): ServiceError =>
    new ServiceError('SG402', `vindex ${JSON.stringify(name)} (multicol) takes at most ${columns.length} column values, got ${row.length}`, {
      details: { vindex: name, type: 'multicol' },
    });
  return Object.freeze({
    kind: 'multiColumn',
    name,
    type: 'multicol',
    cost,
    isUnique: true,
    needsVCursor: false,
    unknownParams: Object.freeze([]),
    partialVindex: true,
    map: (rows: readonly (readonly SqlValue[])[]) =>
      rows.map((row): Destination => {
        if (row.length > columns.length) return NONE;
        let ksid: Uint8Array;
        try {
          ksid = rowKeyspaceId(columns, row);
        } catch (error) {
          if (isServiceError(error, 'SG402')) return NONE;
          throw error;
        }
        return row.length < columns.length ? keyRangeFromPrefix(ksid) : { kind: 'keyspaceId', ksid };
      }),
    verify: (rows: readonly (readonly SqlValue[])[], ksids: readonly Uint8Array[]) => {
      invariant(rows.length === ksids.length, `verify got ${rows.length} rows and ${ksids.length} keyspace ids`);
      return rows.map((row, i) => {
        if (row.length > columns.length) throw tooMany(row);
        return bytesEqual(rowKeyspaceId(columns, row), ksids[i]!);
      });
    },
  });
}

/** multicol.go getColumnBytes: given counts first, then the remaining bytes spread evenly (rounded up). */
function readColumnBytes(reader: ParamReader, count: number): number[] | undefined {
  const given = reader.has('column_bytes') ? reader.get('column_bytes')!.split(',') : [];
  if (given.length > count) {
    reader.problem(`param column_bytes lists ${given.length} byte counts for ${count} columns (column_count)`);
    return undefined;
  }
  const bytes = new Array<number | undefined>(count).fill(undefined);
  let used = 0;
  for (let i = 0; i < given.length; i++) {
    if (given[i] === '') continue;
    const n = atoi(given[i]!);
    if (n === undefined) {
      reader.problem(`param column_bytes must be comma-separated integers, got ${JSON.stringify(given[i])} at position ${i + 1}`);
      return undefined;
    }
    used += n;
    bytes[i] = n;
  }
  let pending = bytes.filter((b) => b === undefined).length;
  let remaining = 8 - used;
  if (pending > remaining) {
    reader.problem(`param column_bytes exceeds the keyspace id length: the columns' bytes must total at most 8, with at least 1 for each column not listed`);
    return undefined;
  }
  return bytes.map((b) => {
    if (b !== undefined) return b;
    const assigned = Math.ceil(remaining / pending);
    remaining -= assigned;
    pending--;
    return assigned;
  });
}

/** multicol.go getColumnVindex: one functional, unique vindex with Hash per column; other params go to each. */
function readColumnVindexes(reader: ParamReader, count: number, context: VindexContext): { types: string[]; hashes: ((id: SqlValue) => Uint8Array)[]; cost: number } | undefined {
  const listed = reader.has('column_vindex') ? reader.get('column_vindex')!.split(',') : [];
  if (listed.length > count) {
    reader.problem(`param column_vindex lists ${listed.length} vindex types for ${count} columns (column_count)`);
    return undefined;
  }
  const subParams: Record<string, string> = {};
  for (const [key, value] of Object.entries(reader.params)) if (!KNOWN.includes(key)) subParams[key] = value;
  const types: string[] = [];
  const hashes: ((id: SqlValue) => Uint8Array)[] = [];
  let cost = 0;
  for (let i = 0; i < count; i++) {
    const type = listed[i]?.trim() || DEFAULT_COLUMN_VINDEX;
    try {
      const vindex = context.createVindex(type, type, subParams);
      if (vindex.kind !== 'singleColumn' || !vindex.hash || !vindex.isUnique || vindex.needsVCursor) {
        reader.problem(`param column_vindex: column ${i + 1} has vindex type ${JSON.stringify(type)}, but multicol needs unique functional types with a Hash function (e.g. hash, xxhash, binary, numeric)`);
        return undefined;
      }
      types.push(type);
      hashes.push(vindex.hash);
      cost += vindex.cost;
    } catch (error) {
      if (!isServiceError(error)) throw error;
      reader.problem(`param column_vindex: column ${i + 1}: ${error.message}`);
      return undefined;
    }
  }
  return { types, hashes, cost };
}

/** The `multicol` type for the registry: `column_count` (1..8), `column_bytes`, `column_vindex`. */
export const MULTICOL: VindexDefinition = {
  type: 'multicol',
  kind: 'multiColumn',
  cost: 1,
  isUnique: true,
  needsVCursor: false,
  knownParams: KNOWN,
  // Vitess MultiCol is not ParamValidating: the params it does not read go to each column vindex.
  reportsUnknownParams: false,
  create(name, reader, context) {
    const countText = reader.required('column_count', 'the number of columns, 1 to 8');
    if (countText === undefined) return undefined;
    const count = atoi(countText);
    if (count === undefined || count < 1 || count > 8) {
      reader.problem(`param column_count must be an integer from 1 to 8, got ${JSON.stringify(countText)}`);
      return undefined;
    }
    const bytes = readColumnBytes(reader, count);
    const vindexes = readColumnVindexes(reader, count, context);
    if (!bytes || !vindexes) return undefined;
    const columns = bytes.map((n, i) => ({ type: vindexes.types[i]!, hash: vindexes.hashes[i]!, bytes: n }));
    return createMulticol(name, columns, vindexes.cost);
  },
};
