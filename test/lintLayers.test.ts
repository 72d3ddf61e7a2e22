// Proves that lint enforces ARCHITECTURE.md's dependency rule: a forbidden import between
// layers, or of a package reserved to another layer, fails; an allowed one passes.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it.each([
    ['src/util/probe.ts', "import { ERRORS } from '../errors/catalogue.js';\nexport const x = ERRORS;\n", 'import-x/no-restricted-paths'],
    ['src/vschema/probe.ts', "import type { Vindex } from '../sharding/vindexes/vindex.js';\nexport type X = Vindex;\n", 'import-x/no-restricted-paths'],
    ['src/sharding/key/probe.ts', "import type { Vindex } from '../vindexes/vindex.js';\nexport type X = Vindex;\n", 'import-x/no-restricted-paths'],
    ['src/util/probe.ts', "import { z } from 'zod';\nexport const x = z;\n", 'no-restricted-imports'],
    ['src/sharding/planner/probe.ts', "import mysql from 'mysql2';\nexport const x = mysql;\n", 'no-restricted-imports'],
  ])('%s: forbidden import is an error', async (file, code, rule) => {
    expect(await ruleIds(file, code)).toContain(rule);
  });

  it.each([
    ['src/errors/probe.ts', "import { invariant } from '../util/invariant.js';\nexport const x = invariant;\n"],
    ['src/sharding/vindexes/probe.ts', "import type { Destination } from '../key/destination.js';\nexport type X = Destination;\n"],
    ['src/cli/probe.ts', "import { Command } from 'commander';\nexport const x = Command;\n"],
  ])('%s: allowed import passes', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});
