// A vitest reporter that adds one plain closing line, `tests: N passed, N failed, N skipped`,
// so that CI logs state the count in a form any reader (or tool) understands.

import type { Reporter, TestModule } from 'vitest/node';

/** Prints the plain pass/fail/skip totals after vitest's own summary. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
