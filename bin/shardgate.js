#!/usr/bin/env node
// CLI entry: registers the tsx loader so the TypeScript sources run without a build step,
// then hands argv to src/cli/main.ts and exits with the code it returns.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
