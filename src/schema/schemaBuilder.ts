// The Pothos builder every generated type is added to, its schema types (GraphQL context and
// the scalars' JS forms), and the shared types that no table owns (custom scalars, `order_by`,
// `PageInfo`, `<Scalar>_comparison_exp`, Relay `Node`), each added the first time a table needs it so that the
// schema shows only what it uses. The only place that constructs a SchemaBuilder.

import SchemaBuilder from '@pothos/core';
import type { GraphQLScalarType } from 'graphql';
import type { ApiRow, PageInfo } from '../resolvers/apiRuntime.js';
import { ORDER_BY_DIRECTIONS } from '../resolvers/compileOrderBy.js';
import { BigIntScalar } from './bigIntScalar.js';
import { BytesScalar } from './bytesScalar.js';
import { addComparisonExp, type ComparisonExpRef } from './comparisonExp.js';
import { DateScalar, DateTimeScalar } from './dateTimeScalars.js';
import { DecimalScalar } from './decimalScalar.js';
import { JsonScalar } from './jsonScalar.js';
import { RowTypes, addNodeInterface } from './nodeInterface.js';
import { ORDER_BY_DESCRIPTIONS } from './orderByEnum.js';
import { ORDER_BY_ENUM, PAGE_INFO_TYPE, comparisonExpName, type ColumnScalar } from './schemaNames.js';
import type { ShardgateBuilder, ShardgateSchemaTypes, ShardgateTypes } from './schemaTypes.js';

const CUSTOM_SCALAR_TYPES: Readonly<Partial<Record<ColumnScalar, GraphQLScalarType>>> = {
  BigInt: BigIntScalar,
  Decimal: DecimalScalar,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JsonScalar,
  Bytes: BytesScalar,
};

/** The shared types, each created on first use. */
export interface SharedTypes {
  /** The scalar's name, after adding it to the builder when it is a custom scalar. */
  scalar(name: ColumnScalar): ColumnScalar;
  /** The `order_by` enum. */
  orderBy(): PothosSchemaTypes.EnumRef<ShardgateTypes, string, string>;
  /** The Relay `PageInfo` object type. */
  pageInfo(): PothosSchemaTypes.ObjectRef<ShardgateTypes, PageInfo>;
  /** `<Scalar>_comparison_exp` (with `_like`/`_nlike` for String, only `_is_null` for JSON). */
  comparisonExp(name: ColumnScalar): ComparisonExpRef;
  /** The Relay `Node` interface (nodeInterface.ts). */
  node(): PothosSchemaTypes.InterfaceRef<ShardgateTypes, ApiRow>;
  /** The object type of each row returned through `Node` or `_Entity`. */
  readonly rowTypes: RowTypes;
}

/** Creates a builder (fields non-null unless marked nullable) and its lazily created shared types. */
export function createSchemaBuilder(): { builder: ShardgateBuilder; shared: SharedTypes } {
  const builder = new SchemaBuilder<ShardgateSchemaTypes>({ defaultFieldNullability: false });
  const scalars = new Set<ColumnScalar>();
  const comparisons = new Map<ColumnScalar, ComparisonExpRef>();
  let orderBy: PothosSchemaTypes.EnumRef<ShardgateTypes, string, string> | undefined;
  let pageInfo: PothosSchemaTypes.ObjectRef<ShardgateTypes, PageInfo> | undefined;
  let node: PothosSchemaTypes.InterfaceRef<ShardgateTypes, ApiRow> | undefined;
  const rowTypes = new RowTypes();

  const shared: SharedTypes = {
    rowTypes,
    node() {
      node ??= addNodeInterface(builder, rowTypes);
      return node;
    },
    scalar(name) {
      const custom = CUSTOM_SCALAR_TYPES[name];
      if (custom !== undefined && !scalars.has(name)) builder.addScalarType(name as 'BigInt', custom);
      scalars.add(name);
      return name;
    },
    orderBy() {
      orderBy ??= builder.enumType(ORDER_BY_ENUM, {
        description:
          'Column ordering options. Without a nulls_ suffix NULLs sort as MySQL sorts them: first in ascending order, last in descending order.',
        values: Object.fromEntries(ORDER_BY_DIRECTIONS.map((d) => [d, { value: d, description: ORDER_BY_DESCRIPTIONS[d] }])),
      });
      return orderBy;
    },
    pageInfo() {
      pageInfo ??= builder.objectRef<PageInfo>(PAGE_INFO_TYPE).implement({
        description: 'Relay page information: only forward pagination (first/after) exists, so hasPreviousPage is always false.',
        fields: (t) => ({
          hasNextPage: t.field({ type: 'Boolean', resolve: (p) => p.hasNextPage }),
          hasPreviousPage: t.field({ type: 'Boolean', resolve: (p) => p.hasPreviousPage }),
          startCursor: t.field({ type: 'String', nullable: true, resolve: (p) => p.startCursor }),
          endCursor: t.field({ type: 'String', nullable: true, resolve: (p) => p.endCursor }),
        }),
      });
      return pageInfo;
    },
    comparisonExp(name) {
      let ref = comparisons.get(name);
      if (ref === undefined) {
        ref = addComparisonExp(builder, comparisonExpName(name), shared.scalar(name), {
          like: name === 'String',
          onlyIsNull: name === 'JSON',
        });
        comparisons.set(name, ref);
      }
      return ref;
    },
  };
  return { builder, shared };
}
