// Where a benchmark writes what it measured: its own section of RESULTS.md (the section with the
// same heading is replaced, every other one kept) and its figures under its own key in
// results.json. bench/run.ts points every scenario at one folder through SHARDGATE_BENCH_OUT;
// without it a full run writes bench/ and a `--quick` run bench/.data/quick/, so a smoke run
// never overwrites the published figures. Writes hold a lock file in that folder, since a quick
// run runs scenarios side by side. Owns file layout only: no measuring, no formatting.

import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BENCH_DIR = path.resolve(import.meta.dirname, '..');

/** The title line of RESULTS.md; the suite header (bench/run.ts) goes right under it. */
export const RESULTS_TITLE = '# Benchmark results';

/** Where one benchmark process writes. */
export interface BenchOutput {
  /** `--quick` was given: short runs, small data, a smoke test of the scenario. */
  readonly quick: boolean;
  readonly dir: string;
  readonly resultsMd: string;
  readonly resultsJson: string;
  /**
   * Replaces the section of RESULTS.md whose heading line starts with `headingPrefix` (a `## …`
   * line) by `markdown`, which must start with such a line; appends it when there is none.
   * Creates the file with its title when missing. Sections end at the next `## ` line.
   */
  writeSection(headingPrefix: string, markdown: string): Promise<void>;
  /** Stores `figures` (plain JSON) as `scenarios[key]` of results.json, keeping every other key. */
  writeFigures(key: string, figures: unknown): Promise<void>;
  /** A scenario's last step: prints `markdown` on stdout, writes it as its section and `figures` under `key`. */
  publish(headingPrefix: string, key: string, markdown: string, figures: unknown): Promise<void>;
}

/** What results.json holds: the suite header written by bench/run.ts and one entry per scenario. */
export interface ResultsJson {
  suite?: unknown;
  scenarios: Record<string, unknown>;
}

/**
 * Returns the output of this process: `--quick` from `argv`, the folder from
 * env SHARDGATE_BENCH_OUT (else bench/, or bench/.data/quick/ when quick).
 */
export function benchOutput(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): BenchOutput {
  const quick = argv.includes('--quick');
  const dir = path.resolve(env.SHARDGATE_BENCH_OUT ?? (quick ? path.join(BENCH_DIR, '.data', 'quick') : BENCH_DIR));
  const resultsMd = path.join(dir, 'RESULTS.md');
  const resultsJson = path.join(dir, 'results.json');
  return {
    quick,
    dir,
    resultsMd,
    resultsJson,
    async writeSection(headingPrefix, markdown) {
      if (!headingPrefix.startsWith('## ') || !markdown.startsWith(headingPrefix)) {
        throw new Error(`a section must start with its heading ${JSON.stringify(headingPrefix)} (a "## " line)`);
      }
      await withOutputLock(dir, async () => {
        const current = await readText(resultsMd, `${RESULTS_TITLE}\n`);
        await writeFile(resultsMd, replaceSection(current, headingPrefix, markdown));
      });
    },
    async writeFigures(key, figures) {
      await withOutputLock(dir, async () => {
        const current = await readResultsJson(resultsJson);
        current.scenarios[key] = figures;
        await writeFile(resultsJson, `${JSON.stringify(current, null, 2)}\n`);
      });
    },
    async publish(headingPrefix, key, markdown, figures) {
      process.stdout.write(`${markdown}\n`);
      await this.writeSection(headingPrefix, markdown);
      await this.writeFigures(key, figures);
      process.stderr.write(`${key}: wrote ${resultsMd} and ${resultsJson}\n`);
    },
  };
}

const LOCK_FILE = '.output.lock';
/** A lock file older than this was left by a process that died while holding it. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

/**
 * Runs `f` holding `dir`/.output.lock (created exclusively, removed after), so that scenarios
 * running side by side (bench/run.ts --quick) never interleave the read and the write of one
 * results file. Creates `dir`. Throws naming the lock file when it stays taken for a minute.
 */
async function withOutputLock<T>(dir: string, f: () => Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lock = path.join(dir, LOCK_FILE);
  const started = Date.now();
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`${lock} stayed taken for ${LOCK_WAIT_MS / 1000} s (remove it if no benchmark is running)`);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    return await f();
  } finally {
    await rm(lock, { force: true });
  }
}

async function readText(file: string, fallback: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/** Reads results.json; a missing file is an empty one. Throws for a file that is not such JSON. */
export async function readResultsJson(file: string): Promise<ResultsJson> {
  const text = await readText(file, '{"scenarios":{}}');
  const parsed = JSON.parse(text) as Partial<ResultsJson> | null;
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.scenarios !== 'object' || parsed.scenarios === null) {
    throw new Error(`${file} is not a results file (expected an object with "scenarios")`);
  }
  return parsed as ResultsJson;
}

/**
 * Returns `document` with the section whose heading starts with `headingPrefix` replaced by
 * `markdown` (appended at the end when absent). With `afterTitle`, a new section goes right
 * after the `# ` title line instead of at the end.
 */
export function replaceSection(document: string, headingPrefix: string, markdown: string, options: { readonly afterTitle?: boolean } = {}): string {
  const lines = document.split('\n');
  const start = lines.findIndex((line) => line.startsWith(headingPrefix));
  const body = markdown.trimEnd();
  let next: string[];
  if (start >= 0) {
    let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
    if (end < 0) end = lines.length;
    next = [...lines.slice(0, start), body, '', ...lines.slice(end)];
  } else if (options.afterTitle === true) {
    const title = lines.findIndex((line) => line.startsWith('# '));
    const at = title < 0 ? 0 : title + 1;
    next = [...lines.slice(0, at), '', body, '', ...lines.slice(at)];
  } else {
    next = [...lines, '', body];
  }
  return `${next.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
