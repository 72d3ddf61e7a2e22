// Builds one keyspace's vindexes and tables from its decoded JSON and checks everything that
// needs no other keyspace: vindex types and params, owners, table types, pins, primary
// vindexes, columns. Mirrors vitess go/vt/vtgate/vindexes/vschema.go buildTables, but reports
// every problem instead of stopping at the first. Cross-keyspace checks are in buildVSchema.ts.

import { jsonPath, type Problem } from '../errors/problems.js';
import { hexToBytes } from '../util/hex.js';
import type { ColumnSpec, ColumnVindexSpec, TableRef, TableType, VindexSpec } from './model.js';
import type { ParsedColumnVindex, ParsedKeyspace, ParsedTable, ParsedVindex } from './parseKeyspace.js';
import { splitTableName, type TableName } from './tableName.js';
import type { DescribeVindexType } from './vindexTypeInfo.js';

/** A table being built. `ok` turns false on any problem in it; only ok tables enter the model. */
export interface TableDraft {
  readonly keyspace: string;
  readonly parsed: ParsedTable;
  /** The table type, or undefined when the JSON type is not one Vitess knows. */
  readonly type: TableType | undefined;
  /** The parsed `source` of a reference table. */
  readonly source?: TableName;
  readonly columnVindexes: readonly ColumnVindexSpec[];
  readonly columns: readonly ColumnSpec[];
  readonly pinned?: Uint8Array;
  ok: boolean;
  autoIncrement?: { readonly column: string; readonly sequence: TableRef };
  sourceRef?: TableRef;
  readonly referencedBy: TableRef[];
}

/** The built parts of one keyspace. */
export interface KeyspaceDraft {
  readonly parsed: ParsedKeyspace;
  /** Vindexes that are valid, in JSON order (cross-keyspace checks may still remove some). */
  readonly vindexes: Map<string, VindexSpec>;
  /** Every table in JSON order, valid or not (invalid ones still resolve names). */
  readonly tables: ReadonlyMap<string, TableDraft>;
}

/** Options of {@link buildKeyspace}. */
export interface BuildKeyspaceOptions {
  readonly describeVindexType: DescribeVindexType;
  /**
   * When true, unknown vindex params are problems (like `ApplyVSchema --strict`), else
   * warnings. Param warnings of the type (a lookup without `table`) stay warnings either way.
   */
  readonly strict: boolean;
}

/**
 * Builds the vindexes and tables of one keyspace, appending problems and warnings.
 * Contract: never throws on bad input; every table of the JSON gets a draft (in JSON order)
 * whose `ok` is false when it, or a vindex it uses, has a problem. Messages mirror Vitess
 * buildTables where Vitess has the check.
 */
export function buildKeyspace(
  parsed: ParsedKeyspace,
  options: BuildKeyspaceOptions,
  problems: Problem[],
  warnings: Problem[],
): KeyspaceDraft {
  const tableNames = new Set(parsed.tables.map((t) => t.name));
  const vindexes = new Map<string, VindexSpec>();
  for (const v of parsed.vindexes) {
    const spec = buildVindex(parsed, v, tableNames, options, problems, warnings);
    if (spec !== undefined) vindexes.set(v.name, spec);
  }
  const declaredVindexes = new Set(parsed.vindexes.map((v) => v.name));
  const tables = new Map<string, TableDraft>();
  for (const t of parsed.tables) {
    const before = problems.length;
    const draft = buildTable(parsed, t, vindexes, declaredVindexes, problems);
    draft.ok = draft.ok && problems.length === before;
    tables.set(t.name, draft);
  }
  return { parsed, vindexes, tables };
}

function buildVindex(
  keyspace: ParsedKeyspace,
  v: ParsedVindex,
  tableNames: ReadonlySet<string>,
  options: BuildKeyspaceOptions,
  problems: Problem[],
  warnings: Problem[],
): VindexSpec | undefined {
  if (!v.clean) return undefined;
  const info = options.describeVindexType(v.type);
  if (info === undefined) {
    // Mirrors vitess vindexes.CreateVindex.
    problems.push({ path: v.at('type'), message: `vindexType ${JSON.stringify(v.type)} not found` });
    return undefined;
  }
  const params: Record<string, string> = Object.fromEntries(v.params);
  const before = problems.length;
  for (const message of info.validateParams(params)) problems.push({ path: v.at('params'), message });
  for (const { param, message } of info.paramWarnings(v.name, params)) warnings.push({ path: jsonPath(v.at('params'), param), message });
  // Mirrors vitess FindUnknownParams (sorted) as ApplyVSchema reports it for ParamValidating types.
  const unknown = info.reportsUnknownParams ? v.params.map(([key]) => key).filter((key) => !info.knownParams.includes(key)) : [];
  for (const key of unknown.sort()) {
    (options.strict ? problems : warnings).push({
      path: jsonPath(v.at('params'), key),
      message: `unknown parameter in vindex ${v.name}: ${key}`,
    });
  }
  if (v.owner !== '' && !tableNames.has(v.owner)) {
    problems.push({ path: v.at('owner'), message: `owner ${v.owner} of vindex ${v.name} is not a table of keyspace ${keyspace.name}` });
  }
  if (problems.length !== before) return undefined;
  return Object.freeze({
    name: v.name,
    type: v.type,
    params: Object.freeze(params),
    ...(v.owner === '' ? {} : { owner: v.owner }),
    info,
  });
}

function tableType(type: string): TableType | undefined {
  switch (type) {
    case '':
      return 'table';
    case 'sequence':
    case 'reference':
      return type;
    default:
      return undefined;
  }
}

function buildTable(
  keyspace: ParsedKeyspace,
  t: ParsedTable,
  vindexes: ReadonlyMap<string, VindexSpec>,
  declaredVindexes: ReadonlySet<string>,
  problems: Problem[],
): TableDraft {
  const type = tableType(t.type);
  const split = t.source === '' ? undefined : splitTableName(t.source, true);
  const draft: TableDraft = {
    keyspace: keyspace.name,
    parsed: t,
    type,
    ...(split?.kind === 'name' ? { source: split.name } : {}),
    columnVindexes: [],
    columns: t.columns.map((c) => c.spec),
    ok: t.clean,
    referencedBy: [],
  };
  // A table whose JSON shape is wrong is only declared: checking it would report knock-on problems.
  if (!t.clean) return draft;
  if (type === undefined) problems.push({ path: t.at('type'), message: `unidentified table type ${t.type}` });
  if (split?.kind === 'error') {
    const message = type === 'reference' ? `invalid source ${JSON.stringify(t.source)} for reference table: ${t.name}; ${split.message}` : split.message;
    problems.push({ path: t.at('source'), message });
  }
  if (t.source !== '' && type !== 'reference') {
    problems.push({ path: t.at('source'), message: `source is only allowed on reference tables: ${t.name}` });
  }
  if (type === 'sequence' && keyspace.sharded && t.pinned === '') {
    problems.push({ path: t.at('type'), message: `sequence table has to be in an unsharded keyspace or must be pinned: ${t.name}` });
  }
  let pinned: Uint8Array | undefined;
  if (t.pinned !== '') {
    pinned = hexToBytes(t.pinned);
    if (pinned === undefined) {
      problems.push({ path: t.at('pinned'), message: `could not decode the keyspace id for pin: ${goHexError(t.pinned)}` });
    }
  }
  // An unpinned sharded sequence already has its own problem; a missing vindex would repeat it.
  if (keyspace.sharded && type !== 'reference' && type !== 'sequence' && t.pinned === '' && t.columnVindexes.length === 0) {
    problems.push({ path: t.at('column_vindexes'), message: `missing primary col vindex for table: ${t.name}` });
  }
  checkColumns(t, problems);
  const columnVindexes: ColumnVindexSpec[] = [];
  let usesBrokenVindex = false;
  t.columnVindexes.forEach((cv, i) => {
    const columns = columnVindexColumns(t, cv, problems);
    if (!declaredVindexes.has(cv.name)) {
      problems.push({ path: cv.at('name'), message: `vindex ${cv.name} not found for table ${t.name}` });
      return;
    }
    const vindex = vindexes.get(cv.name);
    if (vindex === undefined) {
      usesBrokenVindex = true;
      return;
    }
    const owned = vindex.info.kind === 'lookup' && vindex.owner === t.name;
    if (i === 0 && !vindex.info.isUnique) {
      problems.push({ path: cv.at('name'), message: `primary vindex ${cv.name} is not Unique for table ${t.name}` });
    }
    if (i === 0 && owned) {
      problems.push({ path: cv.at('name'), message: `primary vindex ${cv.name} cannot be owned for table ${t.name}` });
    }
    if (vindex.info.kind === 'multiColumn') checkMultiColumn(t, cv, i, vindex, columns, problems);
    columnVindexes.push(Object.freeze({ name: cv.name, columns: Object.freeze(columns), vindex, owned }));
  });
  return {
    ...draft,
    columnVindexes,
    ...(pinned === undefined ? {} : { pinned }),
    ok: !usesBrokenVindex,
  };
}

/** The columns of a column vindex (`column` or `columns`, never both). Mirrors Vitess buildTables. */
function columnVindexColumns(t: ParsedTable, cv: ParsedColumnVindex, problems: Problem[]): string[] {
  if (cv.column !== '' && cv.columns.length > 0) {
    problems.push({ path: cv.path, message: `can't use column and columns at the same time in vindex (${cv.name}) and table (${t.name})` });
    return [];
  }
  if (cv.column === '' && cv.columns.length === 0) {
    problems.push({ path: cv.path, message: `must specify at least one column for vindex (${cv.name}) and table (${t.name})` });
    return [];
  }
  const columns = cv.column !== '' ? [cv.column] : [...cv.columns];
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    // Column names are case-insensitive in Vitess (sqlparser.IdentifierCI).
    if (seen.has(c.toLowerCase())) {
      problems.push({ path: jsonPath(cv.at('columns'), i), message: `column ${c} is listed twice in vindex (${cv.name}) of table (${t.name})` });
    }
    seen.add(c.toLowerCase());
  });
  return columns;
}

function checkMultiColumn(
  t: ParsedTable,
  cv: ParsedColumnVindex,
  index: number,
  vindex: VindexSpec,
  columns: readonly string[],
  problems: Problem[],
): void {
  if (index !== 0) {
    problems.push({ path: cv.at('name'), message: `multi-column vindex ${cv.name} should be a primary vindex for table ${t.name}` });
  }
  // Vitess multicol fails every row with more values than column_count ("[BUG] wrong number of
  // column values"), so shardgate rejects such a column list up front.
  const count = Number(vindex.params['column_count']);
  if (Number.isInteger(count) && columns.length > count) {
    problems.push({
      path: cv.path,
      message: `multi-column vindex ${cv.name} takes at most ${count} columns (column_count) but table ${t.name} lists ${columns.length}`,
    });
  }
}

/** Checks column names: non-empty and unique ignoring case. Mirrors Vitess buildTables. */
function checkColumns(t: ParsedTable, problems: Problem[]): void {
  const seen = new Set<string>();
  for (const { path, spec } of t.columns) {
    if (spec.name === '') {
      problems.push({ path, message: `column name must not be empty in table: ${t.name}` });
      continue;
    }
    if (seen.has(spec.name.toLowerCase())) {
      problems.push({ path, message: `duplicate column name '${spec.name}' for table: ${t.name}` });
    }
    seen.add(spec.name.toLowerCase());
  }
}

/**
 * The error Go's hex.DecodeString gives for `text`, for Vitess's pin message.
 * Mirrors encoding/hex: the first invalid character wins, else the odd length.
 */
function goHexError(text: string): string {
  for (const ch of text) {
    if (!/[0-9a-fA-F]/.test(ch)) {
      const point = ch.codePointAt(0)!;
      const code = point.toString(16).toUpperCase().padStart(4, '0');
      return `encoding/hex: invalid byte: U+${code}${point >= 0x20 && point !== 0x7f ? ` '${ch}'` : ''}`;
    }
  }
  return 'encoding/hex: odd length hex string';
}
