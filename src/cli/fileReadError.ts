// The one-line message for a file the CLI could not read, shared by the commands that read
// files named on the command line (vschema check) or by vindex params (keyspace-id).
// Owns the wording only; callers decide where the message goes.

/**
 * Describes why reading `path` failed: `file not found: <path>` for ENOENT, else
 * `cannot read <path>: <errno code>` (or the error's text when it has no code). One line.
 */
export function fileReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `file not found: ${path}`;
  return `cannot read ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`;
}
