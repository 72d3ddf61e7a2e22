// Summaries of repeated measurements: median with min and max, and percentiles of latency
// samples. Pure functions over numbers; rendering is each bench file's job.

/** The median of `values` (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, lowest and highest of several runs of one figure. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** Summarises the runs of one figure; all NaN for no runs. */
export function spread(runs: readonly number[]): Spread {
  return { median: median(runs), min: runs.length === 0 ? Number.NaN : Math.min(...runs), max: runs.length === 0 ? Number.NaN : Math.max(...runs), runs: [...runs] };
}

/** The `p`-th percentile (0..100) of ascending `sorted` samples, nearest rank; NaN for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Formats a count or rate with thousands separators, rounded. */
export const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
/** Formats milliseconds with two decimals. */
export const ms = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : 'n/a');
/** Formats a ratio as `1.23×`. */
export const times = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
/** Formats a spread as `median (min–max)`. */
export const fmtSpread = (s: Spread, f: (n: number) => string = fmt): string => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;

/** "after a 3 s warm-up" for a warm-up of `seconds`, "with no warm-up (quick run)" for 0. */
export const warmupText = (seconds: number): string => (seconds > 0 ? `after a ${seconds} s warm-up` : 'with no warm-up (quick run)');
