// Turns information_schema DATA_TYPE and COLUMN_TYPE into the model's type fields: the Vitess
// value type, signedness, the BOOLEAN convention and ENUM/SET members, with COLUMN_TYPE
// normalised to MySQL 8's spelling. Owns no I/O and no defaults (parseColumnDefault.ts).

import type { SqlType } from '../util/sqlValue.js';
import { readSqlString } from './unquoteSqlString.js';

/** The Vitess type of each information_schema DATA_TYPE, signed then unsigned. */
const SQL_TYPE_OF: Readonly<Record<string, readonly [SqlType, SqlType]>> = {
  tinyint: ['INT8', 'UINT8'],
  smallint: ['INT16', 'UINT16'],
  mediumint: ['INT24', 'UINT24'],
  int: ['INT32', 'UINT32'],
  bigint: ['INT64', 'UINT64'],
  float: ['FLOAT32', 'FLOAT32'],
  double: ['FLOAT64', 'FLOAT64'],
  decimal: ['DECIMAL', 'DECIMAL'],
  date: ['DATE', 'DATE'],
  time: ['TIME', 'TIME'],
  datetime: ['DATETIME', 'DATETIME'],
  timestamp: ['TIMESTAMP', 'TIMESTAMP'],
  year: ['YEAR', 'YEAR'],
  char: ['CHAR', 'CHAR'],
  varchar: ['VARCHAR', 'VARCHAR'],
  tinytext: ['TEXT', 'TEXT'],
  text: ['TEXT', 'TEXT'],
  mediumtext: ['TEXT', 'TEXT'],
  longtext: ['TEXT', 'TEXT'],
  binary: ['BINARY', 'BINARY'],
  varbinary: ['VARBINARY', 'VARBINARY'],
  tinyblob: ['BLOB', 'BLOB'],
  blob: ['BLOB', 'BLOB'],
  mediumblob: ['BLOB', 'BLOB'],
  longblob: ['BLOB', 'BLOB'],
  bit: ['BIT', 'BIT'],
  enum: ['ENUM', 'ENUM'],
  set: ['SET', 'SET'],
  json: ['JSON', 'JSON'],
  geometry: ['GEOMETRY', 'GEOMETRY'],
  point: ['GEOMETRY', 'GEOMETRY'],
  linestring: ['GEOMETRY', 'GEOMETRY'],
  polygon: ['GEOMETRY', 'GEOMETRY'],
  multipoint: ['GEOMETRY', 'GEOMETRY'],
  multilinestring: ['GEOMETRY', 'GEOMETRY'],
  multipolygon: ['GEOMETRY', 'GEOMETRY'],
  geometrycollection: ['GEOMETRY', 'GEOMETRY'],
  geomcollection: ['GEOMETRY', 'GEOMETRY'],
  // MariaDB's own types, unknown to Vitess: their values travel as fixed-format text.
  uuid: ['CHAR', 'CHAR'],
  inet4: ['CHAR', 'CHAR'],
  inet6: ['CHAR', 'CHAR'],
};

/**
 * The Vitess value type of a column whose information_schema DATA_TYPE is `dataType`
 * (case-insensitive), or undefined for a type this table does not know (MariaDB `vector`).
 * Mirrors vitess go/vt/sqlparser/ast_funcs.go SQLTypeToQueryType for the names
 * information_schema reports; MariaDB's uuid, inet4 and inet6 map to CHAR.
 */
export function sqlTypeOf(dataType: string, unsigned: boolean): SqlType | undefined {
  const types = SQL_TYPE_OF[dataType.toLowerCase()];
  return types === undefined ? undefined : types[unsigned ? 1 : 0];
}

/** The type fields of a column, see {@link parseColumnType}. */
export interface ParsedColumnType {
  readonly dataType: string;
  readonly columnType: string;
  /** Undefined when the data type is unknown (the caller reports it). */
  readonly type: SqlType | undefined;
  readonly unsigned: boolean;
  readonly isBoolean: boolean;
  /** Set for ENUM and SET; undefined also when their member list cannot be read. */
  readonly enumValues?: readonly string[];
}

const INTEGER_WIDTH = /^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)(.*)$/;

/**
 * Normalises COLUMN_TYPE to MySQL 8.0.19+'s spelling: integer display widths are dropped
 * except for `tinyint(1)` and ZEROFILL columns, and MariaDB's `year(4)` is `year`.
 * Everything else (ENUM members included) is kept as the server printed it.
 */
export function normalizeColumnType(columnType: string): string {
  const integer = INTEGER_WIDTH.exec(columnType);
  if (integer !== null) {
    const [, name, width, rest] = integer as unknown as [string, string, string, string];
    const keep = (name === 'tinyint' && width === '1') || /\bzerofill\b/.test(rest);
    return keep ? columnType : `${name}${rest}`;
  }
  return columnType === 'year(4)' ? 'year' : columnType;
}

/**
 * The members of an ENUM or SET COLUMN_TYPE (`enum('a,b','it''s')` → `a,b`, `it's`), in
 * definition order and unescaped, or undefined when `columnType` is not a well-formed member
 * list. Commas and quotes inside members are handled by reading each member as a literal.
 */
export function parseEnumValues(columnType: string): string[] | undefined {
  const open = /^(enum|set)\(/i.exec(columnType);
  if (open === null) return undefined;
  const values: string[] = [];
  let i = open[0].length;
  for (;;) {
    const member = readSqlString(columnType, i);
    if (member === undefined) return undefined;
    values.push(member.value);
    i = member.end;
    if (columnType[i] === ',') i += 1;
    else return columnType[i] === ')' && i === columnType.length - 1 ? values : undefined;
  }
}

/**
 * Reads DATA_TYPE and COLUMN_TYPE (as either server prints them) into the model's type
 * fields. `dataType` is lowercased, `columnType` normalised by {@link normalizeColumnType};
 * `unsigned` comes from COLUMN_TYPE; `isBoolean` is true exactly for signed `tinyint(1)`.
 */
export function parseColumnType(dataType: string, columnType: string): ParsedColumnType {
  const data = dataType.toLowerCase();
  const normalized = normalizeColumnType(columnType);
  const unsigned = /\bunsigned\b/i.test(normalized) && !/^(enum|set)\(/i.test(normalized);
  const enumValues = data === 'enum' || data === 'set' ? parseEnumValues(normalized) : undefined;
  return {
    dataType: data,
    columnType: normalized,
    type: sqlTypeOf(data, unsigned),
    unsigned,
    isBoolean: normalized === 'tinyint(1)',
    ...(enumValues === undefined ? {} : { enumValues }),
  };
}
