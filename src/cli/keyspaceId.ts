// `shardgate keyspace-id`: maps a value through a functional vindex and prints the keyspace
// id (and the owning shard when --shards is given), as INTERFACES.md §3 specifies. Files named
// by params (numeric_static_map json_path, region_json region_map) are read from the current
// directory. Lookup vindexes are refused: they need their lookup table, which a CLI value cannot give.

import { readFileSync } from 'node:fs';
import { ServiceError } from '../errors/serviceError.js';
import { ValidationError } from '../errors/problems.js';
import { keyRangeString } from '../sharding/key/keyRange.js';
import { resolveDestination } from '../sharding/key/resolveDestination.js';
import { buildKeyspaceLayout } from '../topology/buildLayout.js';
import { shardRanges } from '../topology/topology.js';
import type { Destination, ShardRange } from '../sharding/key/destination.js';
import { createVindex } from '../sharding/vindexes/registry.js';
import { bytesToHex } from '../util/hex.js';
import { assertNever } from '../util/invariant.js';
import { SQL_NULL, isSqlType, parseSqlValue, type SqlValue } from '../util/sqlValue.js';
import { fileReadError } from './fileReadError.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** The parsed options of `keyspace-id`. */
export interface KeyspaceIdOptions {
  readonly vindex: string;
  readonly param: readonly string[];
  readonly value: readonly string[];
  readonly sqlType: readonly string[];
  readonly shards?: string;
}

/** Types accepted by --sql-type (INTERFACES.md §3). */
const CLI_SQL_TYPES = ['INT64', 'UINT64', 'VARCHAR', 'VARBINARY', 'NULL'] as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function badInput(message: string): ServiceError {
  return new ServiceError('SG900', message);
}

/** Parses `k=v` parameters; a key given twice or without `=` is an error. */
export function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw badInput(`--param expects k=v, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, eq);
    if (key in params) throw badInput(`--param ${key} is given twice`);
    params[key] = pair.slice(eq + 1);
  }
  return params;
}

/**
 * The default type of a CLI value: INT64 for an integer-looking value in int64 range,
 * UINT64 for one above it up to 2^64-1, else VARCHAR.
 */
export function defaultSqlType(text: string): 'INT64' | 'UINT64' | 'VARCHAR' {
  if (!/^-?\d+$/.test(text)) return 'VARCHAR';
  const n = BigInt(text);
  if (n >= INT64_MIN && n <= INT64_MAX) return 'INT64';
  return n > INT64_MAX && n <= UINT64_MAX ? 'UINT64' : 'VARCHAR';
}

function parseValues(values: readonly string[], types: readonly string[]): SqlValue[] {
  if (types.length > 1 && types.length !== values.length) {
    throw badInput(`give one --sql-type for all values or one per --value: got ${types.length} types for ${values.length} values`);
  }
  return values.map((text, i) => {
    const type = (types.length === 1 ? types[0] : types[i]) ?? defaultSqlType(text);
    const upper = type.toUpperCase();
    if (!isSqlType(upper) || !(CLI_SQL_TYPES as readonly string[]).includes(upper)) {
      throw badInput(`--sql-type must be one of ${CLI_SQL_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
    }
    if (upper === 'NULL') return SQL_NULL;
    try {
      return parseSqlValue(text, upper);
    } catch (error) {
      throw badInput(`--value ${JSON.stringify(text)} is not a valid ${upper}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

/** Parses --shards into the shards of one keyspace: they must cover the key range once, without gaps or overlaps. */
function parseShardList(list: string): readonly ShardRange[] {
  const names = list.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw badInput(`--shards has an empty shard name: ${JSON.stringify(list)}`);
  try {
    return shardRanges(buildKeyspaceLayout('--shards', true, names));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // Problem paths are `$` (the whole list) or `$["70-"]` (one shard): name the shard instead.
    const reasons = error.problems.map((p) => (p.path === '$' ? p.message : `shard ${p.path.slice(2, -1)} ${p.message}`));
    throw badInput(`--shards ${list} is not a valid shard list: ${reasons.join('; ')}`);
  }
}

/**
 * Reads a file named by a vindex param, relative to the current directory, as Vitess reads
 * json_path and region_map. Throws an Error whose message is one line (fileReadError);
 * createVindex turns it into an SG401 naming the vindex and the param.
 */
export function readParamFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(fileReadError(path, error));
  }
}

function mapValues(options: KeyspaceIdOptions, values: SqlValue[], io: CliIo): Destination {
  const vindex = createVindex(options.vindex, options.vindex, parseParams(options.param), { readFile: readParamFile });
  if (vindex.unknownParams.length > 0) {
    io.err(`warning: vindex type ${options.vindex} ignores unknown param${vindex.unknownParams.length === 1 ? '' : 's'} ${vindex.unknownParams.join(', ')}`);
  }
  switch (vindex.kind) {
    case 'singleColumn':
      if (values.length !== 1) throw badInput(`vindex type ${options.vindex} takes exactly one --value, got ${values.length}`);
      return vindex.map(values)[0]!;
    case 'multiColumn':
      return vindex.map([values])[0]!;
    case 'lookup':
      throw badInput(`vindex type ${options.vindex} maps values through its lookup table, which keyspace-id cannot read; use a functional vindex type`);
    default:
      return assertNever(vindex, 'vindex kind');
  }
}

/** Builds the JSON line: `{"ksid": hex|null}` plus `"keyRange"` for a prefix and `"shard"` with --shards. */
function describe(destination: Destination, shards: readonly ShardRange[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  switch (destination.kind) {
    case 'keyspaceId':
      out.ksid = bytesToHex(destination.ksid);
      break;
    case 'none':
      out.ksid = null;
      break;
    case 'keyRange':
    case 'exactKeyRange':
      out.ksid = null;
      out.keyRange = keyRangeString(destination.keyRange);
      break;
    default:
      throw badInput(`vindex gave destination ${destination.kind}, which keyspace-id cannot print`);
  }
  if (shards) {
    const owners = resolveDestination(destination, shards);
    out.shard = owners.length === 0 ? null : owners.length === 1 ? owners[0] : owners;
  }
  return out;
}

/** Runs `keyspace-id`; prints one JSON line on stdout, or one error line on stderr (exit 1). */
export async function runKeyspaceId(options: KeyspaceIdOptions, io: CliIo): Promise<ExitCode> {
  try {
    const values = parseValues(options.value, options.sqlType);
    const shards = options.shards === undefined ? undefined : parseShardList(options.shards);
    io.out(JSON.stringify(describe(mapValues(options, values, io), shards)));
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}
