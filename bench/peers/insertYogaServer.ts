// The hand-written peer of the insert scenario (bench/insert.bench.ts): a stock graphql-yoga
// server whose one mutation, `insert_customer_one(object: {email, name}) { customer_id }`, runs
// one mysql2 INSERT into an unsharded `customer` table with an AUTO_INCREMENT id and answers with
// the id MySQL reports (no read-back), in the JSON shape shardgate gives. What a team would write
// by hand for the same write. `node --import tsx bench/peers/insertYogaServer.ts <mysql URL with
// database> <connections>` prints `{"url","pid"}` once listening; SIGTERM stops it.

import { GraphQLScalarType } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import mysql, { type ResultSetHeader } from 'mysql2';
import { serveAsChild } from './serveYoga.js';

const [databaseUrl, connectionsArg] = process.argv.slice(2);
if (databaseUrl === undefined || connectionsArg === undefined) throw new Error('usage: insertYogaServer.ts <mysql URL with database> <connections>');

const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: Number(connectionsArg), charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true });

/** The INSERT of the peer; the id comes from AUTO_INCREMENT, created_at from its default. */
function insertCustomer(email: string, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    pool.query<ResultSetHeader>('insert into customer (email, name) values (?, ?)', [email, name], (error, result) => (error ? reject(error) : resolve(String(result.insertId)))),
  );
}

/** BigInt as shardgate serialises it: a JSON string. */
const BigIntScalar = new GraphQLScalarType({ name: 'BigInt', serialize: (value) => String(value) });

const schema = createSchema<Record<string, unknown>>({
  typeDefs: /* GraphQL */ `
    scalar BigInt
    input customer_insert_input {
      email: String!
      name: String!
    }
    type customer {
      customer_id: BigInt!
      email: String!
      name: String!
    }
    type Query {
      ok: Boolean!
    }
    type Mutation {
      insert_customer_one(object: customer_insert_input!): customer
    }
  `,
  resolvers: {
    BigInt: BigIntScalar,
    Query: { ok: () => true },
    Mutation: {
      insert_customer_one: async (_root: unknown, args: { object: { email: string; name: string } }) => {
        const { email, name } = args.object;
        return { customer_id: await insertCustomer(email, name), email, name };
      },
    },
  },
});

const yoga = createYoga<Record<string, unknown>>({ schema, logging: false });
await serveAsChild(yoga, pool);
