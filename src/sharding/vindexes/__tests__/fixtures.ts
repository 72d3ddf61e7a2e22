// Helpers for the vindex tests: typed values from (text, type), hex keyspace ids, and
// destinations printed as short strings so table rows stay readable.

import { isServiceError, type ServiceError } from '../../../errors/serviceError.js';
import type { ErrorId } from '../../../errors/catalogue.js';
import { bytesToHex, hexToBytes } from '../../../util/hex.js';
import { SQL_NULL, parseSqlValue, type SqlType, type SqlValue } from '../../../util/sqlValue.js';
import type { Destination } from '../../key/destination.js';

/** A SqlValue from its text and type name (`NULL` ignores the text). */
export function v(text: string, type: SqlType = 'INT64'): SqlValue {
  return type === 'NULL' ? SQL_NULL : parseSqlValue(text, type);
}

/** Bytes from hex; throws on bad hex (a test bug). */
export function hex(text: string): Uint8Array {
  const bytes = hexToBytes(text);
  if (!bytes) throw new Error(`bad hex in test: ${text}`);
  return bytes;
}

/** A destination as text: `ksid:<hex>`, `ksids:<hex>,<hex>`, `range:<start>-<end>`, `none`, `all`. */
export function show(dest: Destination): string {
  switch (dest.kind) {
    case 'keyspaceId':
      return `ksid:${bytesToHex(dest.ksid)}`;
    case 'keyspaceIds':
      return `ksids:${dest.ksids.map(bytesToHex).join(',')}`;
    case 'keyRange':
      return `range:${bytesToHex(dest.keyRange.start)}-${bytesToHex(dest.keyRange.end)}`;
    case 'none':
      return 'none';
    case 'allShards':
      return 'all';
    default:
      return dest.kind;
  }
}

/** The ServiceError with `id` that `fn` throws; anything else (a return, another error) fails the test. */
export function serviceErrorOf(id: ErrorId, fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (isServiceError(error, id)) return error;
    throw error;
  }
  throw new Error(`expected ServiceError ${id}, but nothing was thrown`);
}

/** The id of the ServiceError `fn` throws, or undefined when it returns; other errors are rethrown. */
export function thrownId(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isServiceError(error)) return error.id;
    throw error;
  }
  return undefined;
}
