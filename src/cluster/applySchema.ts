// Creates a shard's database and runs its keyspace's schema SQL file in it, on the shard's
// primary (replicas receive both through replication). The files are written to be re-run
// (`CREATE TABLE IF NOT EXISTS`, `INSERT IGNORE`), so this runs at every `up`.

import { readFile } from 'node:fs/promises';
import { ServiceError } from '../errors/serviceError.js';
import { quoteIdentifier, withAdminConnection, type AdminTarget } from './adminConnection.js';

/**
 * Creates `database` (utf8mb4) when missing, then runs every statement of `schemaPath` in it.
 * Contract: `target` must not name a database (it may not exist yet). Statements run in file
 * order on one connection; the first failing one throws ServiceError SG809 naming the tablet,
 * and a missing file throws SG813.
 */
export async function applySchema(target: AdminTarget, database: string, schemaPath: string): Promise<void> {
  let sql: string;
  try {
    sql = await readFile(schemaPath, 'utf8');
  } catch (error) {
    throw new ServiceError('SG813', `cannot read the schema file ${schemaPath}: ${(error as Error).message}`, { cause: error });
  }
  await withAdminConnection(
    target,
    async (connection) => {
      await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)} CHARACTER SET utf8mb4`);
      await connection.query(`USE ${quoteIdentifier(database)}`);
      if (sql.trim() !== '') await connection.query(sql);
    },
    { multipleStatements: true },
  );
}
