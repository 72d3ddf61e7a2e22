// The errors vindexes raise for bad values and bad keyspace ids (SG402, SG403), built in one
// place so every type names the vindex, its type and the value the same way. Param problems
// (SG401) and unknown types (SG400) are raised by the registry.

import { ServiceError, isServiceError } from '../../errors/serviceError.js';
import { bytesToHex } from '../../util/hex.js';
import { SqlValueError, describeSqlValue, type SqlValue } from '../../util/sqlValue.js';

/** The name and type of a vindex, for messages. */
export interface VindexLabel {
  readonly name: string;
  readonly type: string;
}

/** A ServiceError SG402: `vindex "v" (hash) cannot map VARCHAR("aa"): <reason>`. */
export function unmappableValue(vindex: VindexLabel, value: SqlValue, reason: string, cause?: unknown): ServiceError {
  return new ServiceError('SG402', `vindex ${JSON.stringify(vindex.name)} (${vindex.type}) cannot map ${describeSqlValue(value)}: ${reason}`, {
    details: { vindex: vindex.name, type: vindex.type, value: describeSqlValue(value) },
    cause,
  });
}

/** A ServiceError SG403 for a keyspace id the vindex cannot reverse, naming it in hex. */
export function invalidKeyspaceId(vindex: VindexLabel, ksid: Uint8Array, reason: string): ServiceError {
  return new ServiceError('SG403', `vindex ${JSON.stringify(vindex.name)} (${vindex.type}) cannot reverse keyspace id ${JSON.stringify(bytesToHex(ksid))}: ${reason}`, {
    details: { vindex: vindex.name, type: vindex.type, ksid: bytesToHex(ksid) },
  });
}

/**
 * Converts what a hash function threw for `value` into SG402: a SqlValueError (a failed
 * Vitess conversion) is wrapped, an SG402 ServiceError passes through, anything else is a
 * bug and is rethrown unchanged.
 */
export function asUnmappable(vindex: VindexLabel, value: SqlValue, error: unknown): ServiceError {
  if (isServiceError(error, 'SG402')) return error;
  if (error instanceof SqlValueError) return unmappableValue(vindex, value, error.message, error);
  throw error;
}
