// `shardgate explain --config F --query Q [--variables JSON] [--operation-name N]`: prints, as
// JSON on stdout, every SQL statement the operation would run, `[{path, keyspace, opcode,
// shards, sql}]`, without running any (the runtime's dry-run mode). GraphQL errors go to
// stderr, one line each with their code and id, and exit 1.

import { loadConfig } from '../config/loadConfig.js';
import { ServiceError } from '../errors/serviceError.js';
import { createApi } from '../server/createApi.js';
import { explainOperation } from '../server/explainOperation.js';
import { createServerLog } from '../server/serverLog.js';
import { parseJsonText } from '../util/jsonText.js';
import { EXIT, type CliIo, type ExitCode } from './io.js';
import { reportError } from './reportError.js';

/** The parsed options of `explain`. */
export interface ExplainCommandOptions {
  readonly config: string;
  readonly query: string;
  readonly variables?: string;
  readonly operationName?: string;
}

/** Parses `--variables`: a JSON object, else SG900 naming the problem. */
export function parseVariables(text: string | undefined): Readonly<Record<string, unknown>> | undefined {
  if (text === undefined) return undefined;
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new ServiceError('SG900', `--variables is not valid JSON: ${parsed.message}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError('SG900', `--variables must be a JSON object of variable values, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Runs `explain`; see the file comment. Exit 3 when a database cannot be reached at start. */
export async function runExplain(options: ExplainCommandOptions, io: CliIo): Promise<ExitCode> {
  try {
    const variables = parseVariables(options.variables);
    const config = await loadConfig(options.config);
    const log = createServerLog((line) => io.err(line));
    const api = await createApi(config, { log });
    try {
      const outcome = await explainOperation(
        api,
        {
          query: options.query,
          ...(variables === undefined ? {} : { variables }),
          ...(options.operationName === undefined ? {} : { operationName: options.operationName }),
        },
        log,
      );
      if (!outcome.ok) {
        for (const error of outcome.errors) io.err(`shardgate: ${String(error.extensions.code)} ${String(error.extensions.id)}: ${error.message}`);
        return EXIT.userError;
      }
      io.out(JSON.stringify(outcome.plan, null, 2));
      return EXIT.ok;
    } finally {
      await api.close();
    }
  } catch (error) {
    return reportError(error, io);
  }
}
