// `npm run bench [-- --quick] [-- NAME…]`: runs every bench/*.bench.ts (or the named ones)
// one after another in its own Node process, so that one scenario's JIT state and heap do
// not colour the next. Each scenario writes its own section of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = names.length === 0 ? all : all.filter((f) => names.some((n) => f.startsWith(n)));
if (chosen.length === 0) {
  console.error(`no benchmark matches ${names.join(', ')}; have: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  console.error(`\n== ${file} ${flags.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
