// The names and numbers of Vitess query.Type, for the `type` of VSchema columns and the
// multi-tenant column. Owns only the enum table; sql value semantics live in util/sqlValue.

/**
 * query.Type name → number. Mirrors vitess proto/query.proto enum Type.
 * Contract: NULL_TYPE (0) is the proto3 default and means "no type given".
 */
export const QUERY_TYPES: ReadonlyMap<string, number> = new Map([
  ['NULL_TYPE', 0],
  ['INT8', 257],
  ['UINT8', 770],
  ['INT16', 259],
  ['UINT16', 772],
  ['INT24', 261],
  ['UINT24', 774],
  ['INT32', 263],
  ['UINT32', 776],
  ['INT64', 265],
  ['UINT64', 778],
  ['FLOAT32', 1035],
  ['FLOAT64', 1036],
  ['TIMESTAMP', 2061],
  ['DATE', 2062],
  ['TIME', 2063],
  ['DATETIME', 2064],
  ['YEAR', 785],
  ['DECIMAL', 18],
  ['TEXT', 6163],
  ['BLOB', 10260],
  ['VARCHAR', 6165],
  ['VARBINARY', 10262],
  ['CHAR', 6167],
  ['BINARY', 10264],
  ['BIT', 2073],
  ['ENUM', 2074],
  ['SET', 2075],
  ['TUPLE', 28],
  ['GEOMETRY', 2077],
  ['JSON', 2078],
  ['EXPRESSION', 31],
  ['HEXNUM', 4128],
  ['HEXVAL', 4129],
  ['BITNUM', 4130],
  ['VECTOR', 2083],
  ['RAW', 2084],
  ['ROW_TUPLE', 2085],
]);
