// Parsing and printing of the table names written inside a VSchema: reference `source`,
// `auto_increment.sequence`, routing-rule targets and lookup `table` params. Each mirrors
// the Vitess function that reads that field, because they differ in dots and backticks.
// Owns no resolution of names to tables (see tableResolver.ts).

/** A parsed table name; `keyspace` is '' when the name was unqualified. */
export interface TableName {
  readonly keyspace: string;
  readonly table: string;
}

/** A parse result: the name, or the Vitess error message. */
export type TableNameResult =
  | { readonly kind: 'name'; readonly name: TableName }
  | { readonly kind: 'error'; readonly message: string };

const nameError = (message: string): TableNameResult => ({ kind: 'error', message });
const named = (keyspace: string, table: string): TableNameResult => ({ kind: 'name', name: { keyspace, table } });

/**
 * Splits `name` on dots into `[keyspace.]table`, with no unescaping.
 * Mirrors vitess go/vt/vtgate/vindexes/vschema.go extractTableParts (and parseTable when
 * `allowUnqualified`). Contract: an error for 0 or 3+ parts, or 1 part when not allowed.
 */
export function splitTableName(name: string, allowUnqualified: boolean): TableNameResult {
  const parts = name.split('.');
  if (parts.length === 2) return named(parts[0]!, parts[1]!);
  if (parts.length === 1 && allowUnqualified) return named('', parts[0]!);
  const forms = allowUnqualified
    ? 'unqualified form <table_name> or the qualified form <keyspace_name>.<table_name>'
    : 'qualified form <keyspace_name>.<table_name>';
  return nameError(`invalid table name: '${name}', it must be of the ${forms} (dots are not allowed in either name)`);
}

/**
 * Removes one level of backtick quoting from an identifier.
 * Mirrors vitess go/sqlescape/ids.go UnescapeID, including its error messages.
 * Contract: returns the identifier, or `{ error }` for '', '``', a lone or unpaired backtick.
 */
export function unescapeId(input: string): { readonly id: string } | { readonly error: string } {
  const l = input.length;
  if (l === 0 || input === '``') return { error: `UnescapeID err: invalid input identifier '${input}'` };
  if (l === 1) return input === '`' ? { error: "UnescapeID err: invalid input identifier '`'" } : { id: input };
  const first = input[0];
  const last = input[l - 1];
  if (first === '`' && last !== '`') return { error: `UnescapeID err: unexpected single backtick at position 0 in '${input}'` };
  if (first !== '`' && last === '`') return { error: `UnescapeID err: unexpected single backtick at position ${l} in '${input}'` };
  if (first !== '`') {
    return input.includes('`') ? { error: `UnescapeID err: no outer backticks found in the identifier '${input}'` } : { id: input };
  }
  const inner = input.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    out += inner[i];
    if (i < inner.length - 1 && inner[i] === '`') {
      if (inner[i + 1] !== '`') return { error: `UnescapeID err: unexpected single backtick at position ${i} in '${inner}'` };
      i++;
    }
  }
  return { id: out };
}

/**
 * Parses a routing-rule target `keyspace.table`, each part optionally backticked.
 * Mirrors vitess vschema.go escapeQualifiedTable followed by sqlparser ParseTable.
 * Contract: the target must be qualified; errors carry the Vitess message.
 */
export function parseQualifiedTableName(name: string): TableNameResult {
  const split = splitTableName(name, false);
  if (split.kind === 'error') return split;
  const keyspace = unescapeId(split.name.keyspace);
  if ('error' in keyspace) return nameError(keyspace.error);
  const table = unescapeId(split.name.table);
  if ('error' in table) return nameError(table.error);
  return named(keyspace.id, table.id);
}

const BARE_ID_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Parses `[keyspace.]table` as SQL: identifiers bare or backticked (`` `a``b` ``), spaces
 * allowed around tokens. Mirrors vitess go/vt/sqlparser/parse_table.go ParseTable.
 * Contract: an all-digit bare word is a number, not a name; any error is
 * `invalid table name: <input>`.
 */
export function parseSqlTableName(input: string): TableNameResult {
  const invalid = nameError(`invalid table name: ${input}`);
  let pos = 0;
  const skipSpaces = (): void => {
    while (pos < input.length && /\s/.test(input[pos]!)) pos++;
  };
  const readId = (): string | undefined => {
    skipSpaces();
    if (input[pos] === '`') {
      let id = '';
      for (pos++; pos < input.length; pos++) {
        if (input[pos] !== '`') {
          id += input[pos];
        } else if (input[pos + 1] === '`') {
          id += '`';
          pos++;
        } else {
          pos++;
          return id;
        }
      }
      return undefined;
    }
    const start = pos;
    while (pos < input.length && BARE_ID_CHAR.test(input[pos]!)) pos++;
    const word = input.slice(start, pos);
    return word === '' || /^\d+$/.test(word) ? undefined : word;
  };
  const first = readId();
  if (first === undefined) return invalid;
  skipSpaces();
  if (pos === input.length) return named('', first);
  if (input[pos] !== '.') return invalid;
  pos++;
  const second = readId();
  skipSpaces();
  return second === undefined || pos !== input.length ? invalid : named(first, second);
}

/** Prints a table name as `keyspace.table` (or `table`), backticking identifiers that need it. */
export function formatTableName(name: TableName): string {
  const quote = (id: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) ? id : `\`${id.replaceAll('`', '``')}\``);
  return name.keyspace === '' ? quote(name.table) : `${quote(name.keyspace)}.${quote(name.table)}`;
}
