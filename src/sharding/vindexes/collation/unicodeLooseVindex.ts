// The shared body of the unicode_loose_md5 and unicode_loose_xxhash vindexes: a digest of the
// value's loose collation key. Mirrors vitess go/vt/vtgate/vindexes/unicode.go unicodeHash and
// the Map/Verify/Hash of unicodeloosemd5.go and unicodeloosexxhash.go; each type's file only
// picks its digest.

import { sqlValueToBytes, type SqlValue } from '../../../util/sqlValue.js';
import { createFunctionalVindex } from '../functionalVindex.js';
import { ParamReader } from '../paramReader.js';
import type { SingleColumnVindex } from '../vindex.js';
import { unmappableValue, type VindexLabel } from '../vindexErrors.js';
import { looseCollationKey } from './looseCollationKey.js';

/** What distinguishes one unicode_loose type: its name and the digest turning a collation key into a keyspace id. */
export interface UnicodeLooseType {
  readonly type: 'unicode_loose_md5' | 'unicode_loose_xxhash';
  readonly digest: (key: Uint8Array) => Uint8Array;
}

/**
 * Creates a unicode_loose vindex: unique, cost 1, no params (every param given is reported in
 * `unknownParams`, sorted), not reversible. The keyspace id of a value is the digest of the
 * primary collation key of its bytes (Vitess ToBytes: NULL is empty, HEXNUM/HEXVAL/BITNUM are
 * decoded). Invalid UTF-8, or a malformed hex/bit literal, makes Hash, Verify and the whole Map
 * call throw ServiceError SG402, as Vitess returns an error there.
 */
export function createUnicodeLooseVindex(kind: UnicodeLooseType, name: string, params: Readonly<Record<string, string>>): SingleColumnVindex {
  const label: VindexLabel = { name, type: kind.type };
  const hash = (id: SqlValue): Uint8Array => {
    const key = looseCollationKey(sqlValueToBytes(id));
    if (key === undefined) throw unmappableValue(label, id, 'cannot normalize string containing invalid UTF-8');
    return kind.digest(key);
  };
  return createFunctionalVindex({
    ...label,
    cost: 1,
    unknownParams: new ParamReader(params).unknown([]),
    hash,
    onMapFailure: 'throw',
  });
}
