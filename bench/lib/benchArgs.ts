// The command-line options every scenario of the suite takes: `--quick` (a smoke run: tiny data,
// short runs, one round) and `--scale N` (demo data size, 1 = 10,000 customers and 100,000
// orders; 1 to 100 gives the 10k–1M customers). bench/run.ts passes them through.

/** The parsed options of a scenario process. */
export interface BenchArgs {
  readonly quick: boolean;
  /** Default 1, or 0.01 with --quick. */
  readonly scale: number;
}

/** Parses `argv`; throws with the bad value for a `--scale` that is not a positive number. */
export function benchArgs(argv: readonly string[] = process.argv): BenchArgs {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--scale');
  let scale = quick ? 0.01 : 1;
  if (at >= 0) {
    scale = Number(argv[at + 1]);
    if (!(Number.isFinite(scale) && scale > 0)) throw new Error(`--scale needs a positive number, got ${JSON.stringify(argv[at + 1])}`);
  }
  return { quick, scale };
}

/** Writes a progress line for `scenario` on stderr. */
export function progress(scenario: string): (line: string) => void {
  return (line) => process.stderr.write(`${scenario}: ${line}\n`);
}
