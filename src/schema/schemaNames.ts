// Every GraphQL name the generated API uses, decided once for the whole catalog before any type
// is built: per table its base name (type and root field), the names of its derived types and
// root fields, its column field names and its ENUM types and members. Pure data; the rules are
// in README.md. Owns no Pothos and no resolvers.

import type { ApiCatalog, ApiColumn, ApiRelationship, ApiTable } from '../resolvers/catalog.js';
import { valueKind, type ValueKind } from '../resolvers/values.js';
import { assignUniqueNames, nameCandidate, sanitizeGraphQLName, type NameCandidate } from './graphqlName.js';

/** A GraphQL scalar a column can have (the value kinds of src/resolvers/values.ts except Enum). */
export type ColumnScalar = Exclude<ValueKind, 'Enum'>;

/** Every scalar a column can have, in a fixed order. */
export const COLUMN_SCALARS: readonly ColumnScalar[] = ['Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Date', 'JSON', 'Bytes', 'String'];

/** The name of the shared enum of ordering directions (Hasura `order_by`). */
export const ORDER_BY_ENUM = 'order_by';

/** The name of the Relay page info type. */
export const PAGE_INFO_TYPE = 'PageInfo';

/** The root field Hasura serves when nothing else is available; added only for an empty catalog. */
export const NO_QUERIES_FIELD = 'no_queries_available';

/** The comparison input of a scalar or enum type: `<type>_comparison_exp` (Hasura). */
export function comparisonExpName(typeName: string): string {
  return `${typeName}_comparison_exp`;
}

/** The bool_exp fields that combine expressions; column fields never take these names. */
export const BOOL_EXP_OPERATORS = ['_and', '_or', '_not'] as const;

/** One member of a column's GraphQL enum: its GraphQL name and the MySQL value it stands for. */
export interface EnumMemberNames {
  readonly name: string;
  readonly value: string;
}

/** The Relay `Node` id field on the object type of a table with a primary key (nodeInterface.ts). */
export const NODE_ID_FIELD = 'id';

/**
 * The field extension that marks a field whose resolved values are already their serialized
 * form (a built-in scalar or enum value that serialize returns unchanged): graphql-jit may skip
 * serializing it (src/server/useJit.ts).
 */
export const SERIALIZED_LEAF = 'shardgateSerializedLeaf';

/** The names of one column. `enumType` and `enumMembers` are set exactly for columns of kind Enum. */
export interface ColumnNames {
  readonly column: ApiColumn;
  /** The field name in every input and aggregate type of the table (bool_exp, order_by, select_column, by_pk arguments, min/max…). */
  readonly field: string;
  /**
   * The field name on the table's object type: `field`, except on a Node table (one with a
   * primary key), whose `id` is the global id, for the field `id`: `id_column` there.
   */
  readonly objectField: string;
  readonly kind: ValueKind;
  /** `<T>_<field>_enum`. */
  readonly enumType?: string;
  readonly enumMembers?: readonly EnumMemberNames[];
}

/** The names of one table's types and root fields, all derived from `base`. */
export interface TableNames {
  readonly table: ApiTable;
  /** The object type and the list root field: the table name, `<keyspace>_<table>` when it repeats across keyspaces. */
  readonly base: string;
  readonly boolExp: string;
  readonly orderBy: string;
  readonly selectColumn: string;
  readonly aggregate: string;
  readonly aggregateFields: string;
  readonly sumFields: string;
  readonly avgFields: string;
  readonly minFields: string;
  readonly maxFields: string;
  readonly connection: string;
  readonly edge: string;
  /** Root fields: `<base>_by_pk`, `<base>_aggregate`, `<base>_connection`. */
  readonly byPkField: string;
  readonly aggregateField: string;
  readonly connectionField: string;
  /** In ordinal order. */
  readonly columns: readonly ColumnNames[];
  /** GraphQL field name → column name. */
  readonly columnOfField: ReadonlyMap<string, string>;
  /** True when the table has a primary key: its object type implements Relay `Node` (field `id`). */
  readonly node: boolean;
  /**
   * Object type field name → the columns a row needs for it: a column field its column, `id`
   * of a Node table the primary key columns, a relationship field (and `R_aggregate`) the
   * relationship's `columns`. For resolvers that read only what is selected.
   */
  readonly columnsOfObjectField: ReadonlyMap<string, readonly string[]>;
  /** Column name → its names. */
  readonly byColumn: ReadonlyMap<string, ColumnNames>;
  /** The relationship fields of the object type, in catalog order (relationshipFields.ts). */
  readonly relationships: readonly RelationshipNames[];
}

/** The names of one relationship field of a table's object type. */
export interface RelationshipNames {
  readonly relationship: ApiRelationship;
  /** The field: the relationship's name, sanitised, unique on the object type. */
  readonly field: string;
  /** `<field>_aggregate`, for array relationships only. */
  readonly aggregateField?: string;
}

/** The type name suffixes a table base generates (besides the base itself). */
const TYPE_SUFFIXES = [
  '_bool_exp', '_order_by', '_select_column', '_aggregate', '_aggregate_fields', '_sum_fields', '_avg_fields',
  '_min_fields', '_max_fields', '_connection', '_edge',
  // Reserved for mutations (INTERFACES.md §5), so that adding them renames nothing.
  '_insert_input', '_on_conflict', '_constraint', '_update_column', '_set_input', '_inc_input', '_pk_columns_input',
  '_mutation_response',
];
const QUERY_SUFFIXES = ['', '_by_pk', '_aggregate', '_connection'];
/** The names of one table's mutation types and root fields (INTERFACES.md §5), all derived from its base. */
export interface MutationNames {
  readonly insertInput: string;
  readonly onConflict: string;
  readonly constraint: string;
  readonly updateColumn: string;
  readonly setInput: string;
  readonly incInput: string;
  readonly pkColumnsInput: string;
  readonly mutationResponse: string;
  readonly insert: string;
  readonly insertOne: string;
  readonly update: string;
  readonly updateByPk: string;
  readonly delete: string;
  readonly deleteByPk: string;
}

/** The mutation names of a table base; every type name is `<base>` plus one of TYPE_SUFFIXES, so buildSchemaNames reserves them all. */
export function mutationNames(base: string): MutationNames {
  return {
    insertInput: `${base}_insert_input`,
    onConflict: `${base}_on_conflict`,
    constraint: `${base}_constraint`,
    updateColumn: `${base}_update_column`,
    setInput: `${base}_set_input`,
    incInput: `${base}_inc_input`,
    pkColumnsInput: `${base}_pk_columns_input`,
    mutationResponse: `${base}_mutation_response`,
    insert: `insert_${base}`,
    insertOne: `insert_${base}_one`,
    update: `update_${base}`,
    updateByPk: `update_${base}_by_pk`,
    delete: `delete_${base}`,
    deleteByPk: `delete_${base}_by_pk`,
  };
}

const MUTATION_FIELDS = (base: string): string[] => {
  const n = mutationNames(base);
  return [n.insert, n.insertOne, n.update, n.updateByPk, n.delete, n.deleteByPk];
};

/** The types and root fields Apollo Federation adds (federationSchema.ts); reserved with federation off too, so turning it on renames nothing. */
export const FEDERATION_TYPES = ['_Any', '_Entity', '_Service'] as const;
export const FEDERATION_QUERY_FIELDS = ['_service', '_entities'] as const;

/**
 * Names no table may take, as namespaced keys (`type:X`, `query:x`, `mutation:x`): root types,
 * built-in and custom scalars and their comparison inputs, `order_by`, `PageInfo`, Relay `Node`
 * and the root fields `node`, `nodes`, Apollo Federation's `_Any`, `_Entity`, `_Service`,
 * `_service`, `_entities`, and Hasura's `no_queries_available`.
 */
export function reservedNames(): Set<string> {
  const types = ['Query', 'Mutation', 'Subscription', 'ID', ...COLUMN_SCALARS, ORDER_BY_ENUM, PAGE_INFO_TYPE, 'Node', ...FEDERATION_TYPES];
  return new Set([
    ...types.map((t) => `type:${t}`),
    ...COLUMN_SCALARS.map((s) => `type:${comparisonExpName(s)}`),
    ...['node', 'nodes', NO_QUERIES_FIELD, ...FEDERATION_QUERY_FIELDS].map((f) => `query:${f}`),
  ]);
}

/**
 * The object type field of each column: its field name, except that on a Node table the column
 * `id` becomes `id_column` (`id_column_2`, … when a column field takes that), since `id` is the
 * global id there.
 */
function objectFields(table: ApiTable, fields: readonly string[]): string[] {
  if (table.primaryKey.length === 0 || !fields.includes(NODE_ID_FIELD)) return [...fields];
  const taken = new Set([...fields.filter((f) => f !== NODE_ID_FIELD), NODE_ID_FIELD]);
  const [renamed] = assignUniqueNames([{ base: `${NODE_ID_FIELD}_column`, exact: true }], { taken });
  return fields.map((f) => (f === NODE_ID_FIELD ? renamed! : f));
}

function columnNames(table: ApiTable): { field: string; column: ApiColumn; kind: ValueKind }[] {
  const fields = assignUniqueNames(table.columns.map((c) => nameCandidate(c.name)), { taken: new Set(BOOL_EXP_OPERATORS) });
  return table.columns.map((column, i) => ({ column, field: fields[i]!, kind: valueKind(column) }));
}

/**
 * Names the members of an ENUM column: each value sanitised (sanitizeGraphQLName), `true`,
 * `false` and `null` (not allowed as enum values) and repeats resolved by the collision rule.
 */
export function enumMemberNames(values: readonly string[]): EnumMemberNames[] {
  const names = assignUniqueNames(values.map(nameCandidate), { taken: new Set(['true', 'false', 'null']) });
  return values.map((value, i) => ({ name: names[i]!, value }));
}

function occupiedBy(base: string, enumFields: readonly string[]): string[] {
  return [
    `type:${base}`,
    ...TYPE_SUFFIXES.map((s) => `type:${base}${s}`),
    ...enumFields.flatMap((f) => [`type:${base}_${f}_enum`, `type:${comparisonExpName(`${base}_${f}_enum`)}`]),
    ...QUERY_SUFFIXES.map((s) => `query:${base}${s}`),
    ...MUTATION_FIELDS(base).map((f) => `mutation:${f}`),
  ];
}

/** The base candidate of each table: its table name, keyspace-prefixed when that (sanitised) name repeats across keyspaces. */
function tableCandidates(tables: readonly ApiTable[]): NameCandidate[] {
  const keyspacesOf = new Map<string, Set<string>>();
  for (const t of tables) {
    const name = sanitizeGraphQLName(t.table);
    keyspacesOf.set(name, (keyspacesOf.get(name) ?? new Set()).add(t.keyspace));
  }
  return tables.map((t) => {
    const table = nameCandidate(t.table);
    if ((keyspacesOf.get(table.base)?.size ?? 0) < 2) return table;
    const keyspace = nameCandidate(t.keyspace);
    return { base: `${keyspace.base}_${table.base}`, exact: keyspace.exact && table.exact };
  });
}

/**
 * The relationship fields of one table: each relationship's name sanitised, then made unique
 * against the object type's other fields (column fields, `id` of a Node) and each other by
 * assignUniqueNames (an array relationship also occupies `<field>_aggregate`). The names
 * buildRelationships gives are already unique among the table's columns and relationships, so
 * this changes only names that sanitising changed or made collide.
 */
function relationshipNames(relationships: readonly ApiRelationship[], objectFieldNames: readonly string[], node: boolean): RelationshipNames[] {
  const taken = new Set([...objectFieldNames, ...(node ? [NODE_ID_FIELD] : [])]);
  const fields = assignUniqueNames(relationships.map((r) => nameCandidate(r.name)), {
    taken,
    occupies: (name, i) => (relationships[i]!.kind === 'array' ? [name, `${name}_aggregate`] : [name]),
  });
  return relationships.map((relationship, i) => ({
    relationship,
    field: fields[i]!,
    ...(relationship.kind === 'array' ? { aggregateField: `${fields[i]!}_aggregate` } : {}),
  }));
}

/**
 * Names every type and root field of the catalog.
 * Contract: deterministic for the same catalog. A table's base is its sanitised name, or
 * `<keyspace>_<table>` (both sanitised) when the sanitised table name occurs in several
 * keyspaces; a base is free when none of the names it generates (types, root fields, the
 * mutation names reserved for later) is reserved or generated by an earlier table, else the
 * collision rule of assignUniqueNames appends `_2`, `_3`, … (bases that needed no sanitising are
 * placed first). Column fields are sanitised column names, never `_and`/`_or`/`_not`, made
 * unique the same way within their table; on the object type of a table with a primary key
 * (a Relay Node) the column `id` is `id_column`, as `id` is the global id. Relationship fields
 * (catalog.relationships) follow relationshipNames; each needs its `columns` in the parent row
 * (columnsOfObjectField). Returns tables in catalog order.
 */
export function buildSchemaNames(catalog: ApiCatalog): TableNames[] {
  const columnsOf = catalog.tables.map(columnNames);
  const enumFieldsOf = columnsOf.map((cols) => cols.filter((c) => c.kind === 'Enum').map((c) => c.field));
  const assigned = assignUniqueNames(tableCandidates(catalog.tables), {
    taken: reservedNames(),
    occupies: (base, i) => occupiedBy(base, enumFieldsOf[i]!),
  });
  return catalog.tables.map((table, i) => {
    const base = assigned[i]!;
    const objectFieldOf = objectFields(table, columnsOf[i]!.map((c) => c.field));
    const columns: ColumnNames[] = columnsOf[i]!.map(({ column, field, kind }, c) => {
      const objectField = objectFieldOf[c]!;
      return kind === 'Enum'
        ? { column, field, objectField, kind, enumType: `${base}_${field}_enum`, enumMembers: enumMemberNames(column.enumValues ?? []) }
        : { column, field, objectField, kind };
    });
    const node = table.primaryKey.length > 0;
    const relationships = relationshipNames(
      (catalog.relationships ?? []).filter((r) => r.from === table),
      columns.map((c) => c.objectField),
      node,
    );
    return {
      table,
      base,
      boolExp: `${base}_bool_exp`,
      orderBy: `${base}_order_by`,
      selectColumn: `${base}_select_column`,
      aggregate: `${base}_aggregate`,
      aggregateFields: `${base}_aggregate_fields`,
      sumFields: `${base}_sum_fields`,
      avgFields: `${base}_avg_fields`,
      minFields: `${base}_min_fields`,
      maxFields: `${base}_max_fields`,
      connection: `${base}_connection`,
      edge: `${base}_edge`,
      byPkField: `${base}_by_pk`,
      aggregateField: `${base}_aggregate`,
      connectionField: `${base}_connection`,
      columns,
      columnOfField: new Map(columns.map((c) => [c.field, c.column.name])),
      node,
      columnsOfObjectField: new Map<string, readonly string[]>([
        ...columns.map((c): [string, readonly string[]] => [c.objectField, [c.column.name]]),
        ...(node ? [[NODE_ID_FIELD, table.primaryKey] as [string, readonly string[]]] : []),
        ...relationships.flatMap((r): [string, readonly string[]][] => [
          [r.field, r.relationship.columns],
          ...(r.aggregateField === undefined ? [] : [[r.aggregateField, r.relationship.columns] as [string, readonly string[]]]),
        ]),
      ]),
      byColumn: new Map(columns.map((c) => [c.column.name, c])),
      relationships,
    };
  });
}
