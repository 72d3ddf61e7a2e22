// Writes a per-statement time limit into SQL so the server itself stops a slow statement:
// MariaDB `SET STATEMENT max_statement_time=<s> FOR …` (any statement), MySQL 8
// `/*+ MAX_EXECUTION_TIME(<ms>) */` (SELECT only). When a statement needs no text (MariaDB's
// session limit already equals it) is tabletConnection.ts's; the client-side backstop (KILL
// QUERY) lives in tabletPool.ts; this file only rewrites text.

/** The server family, which decides how a statement timeout is written. */
export type ServerFlavor = 'mariadb' | 'mysql';

const LEADING_SELECT = /^(\s*)(select)\b/i;

/**
 * Returns `sql` with a server-side limit of `timeoutMs` (rounded up to whole ms) for the
 * given server flavor. Contract: `timeoutMs` undefined, not finite or <= 0 leaves `sql`
 * unchanged; on MySQL only a statement starting with SELECT gets the optimizer hint (others
 * rely on the client-side kill). MariaDB counts in seconds with microsecond precision, so the
 * value is written as ms / 1000 (`0.3` for 300 ms).
 */
export function withStatementTimeout(sql: string, flavor: ServerFlavor, timeoutMs: number | undefined): string {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return sql;
  const ms = Math.ceil(timeoutMs);
  if (flavor === 'mariadb') return `SET STATEMENT max_statement_time=${ms / 1000} FOR ${sql}`;
  return sql.replace(LEADING_SELECT, (_, space: string, select: string) => `${space}${select} /*+ MAX_EXECUTION_TIME(${ms}) */`);
}
