// The Pothos schema types of the generated API and the builder type every module that adds
// types takes. Types only; the builder is made in schemaBuilder.ts.

/**
 * The Pothos schema types of the generated API. Inputs are the JS forms the scalars parse into
 * (src/resolvers/values.ts); outputs are `unknown` because rows are plain records whose values
 * only the scalars' serialise functions check, at run time.
 */
export interface ShardgateSchemaTypes {
  Context: object;
  DefaultFieldNullability: false;
  Scalars: {
    Int: { Input: number; Output: unknown };
    Float: { Input: number; Output: unknown };
    String: { Input: string; Output: unknown };
    Boolean: { Input: boolean; Output: unknown };
    ID: { Input: string; Output: unknown };
    BigInt: { Input: bigint; Output: unknown };
    Decimal: { Input: string; Output: unknown };
    DateTime: { Input: string; Output: unknown };
    Date: { Input: string; Output: unknown };
    JSON: { Input: unknown; Output: unknown };
    Bytes: { Input: Uint8Array; Output: unknown };
    /** Apollo Federation's entity representation (federationSchema.ts): any JSON object, checked by `_entities`. */
    _Any: { Input: unknown; Output: unknown };
  };
}

/** The Pothos schema types, resolved. */
export type ShardgateTypes = PothosSchemaTypes.ExtendDefaultTypes<ShardgateSchemaTypes>;

/** The builder type. */
export type ShardgateBuilder = PothosSchemaTypes.SchemaBuilder<ShardgateTypes>;
