// Where CLI commands write: stdout for machine-readable output, stderr for diagnostics.
// Injected so that tests can capture both without spawning a process.

/** The CLI's output channels. */
export interface CliIo {
  /** Machine-readable output (JSON, summaries). A trailing newline is added. */
  out(line: string): void;
  /** Diagnostics, progress and errors. A trailing newline is added. */
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes of INTERFACES.md §3. */
export const EXIT = {
  ok: 0,
  userError: 1,
  usageError: 2,
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
