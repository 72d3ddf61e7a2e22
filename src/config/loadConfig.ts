// loadConfig: reads shardgate.json from disk and hands it to parseConfig, turning a missing
// file and JSON syntax errors into catalogue errors. Owns file reading only.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ValidationError } from '../errors/problems.js';
import { ServiceError } from '../errors/serviceError.js';
import { parseJsonText } from '../util/jsonText.js';
import type { Config } from './config.js';
import { parseConfig } from './parseConfig.js';

/**
 * Reads and validates the configuration file at `path`; VSchema paths in it are relative to
 * the file's directory.
 * Contract: rejects with ServiceError SG101 naming the absolute path when the file does not
 * exist, and with ValidationError SG100 when it cannot be read, is not valid JSON (the problem
 * at `$` gives line and column), or fails parseConfig (every problem listed).
 */
export async function loadConfig(path: string): Promise<Config> {
  const configPath = resolve(path);
  const invalid = (message: string): ValidationError =>
    new ValidationError('SG100', `invalid configuration file ${configPath}`, [{ path: '$', message }]);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new ServiceError('SG101', `configuration file not found: ${configPath}`, { details: { path: configPath }, cause: error });
    }
    throw invalid(`cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json = parseJsonText(text);
  if (!json.ok) throw invalid(json.message);
  return parseConfig(json.value, { baseDir: dirname(configPath), configPath });
}
