#!/usr/bin/env -S node --max-semi-space-size=32 --min-semi-space-size=32
// CLI entry: registers the tsx loader so the TypeScript sources run without a build step,
// then hands argv to src/cli/main.ts and exits with the code it returns. The shebang's Node
// options are src/cli/nodeOptions.ts's SERVER_NODE_OPTIONS (why: see there).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
