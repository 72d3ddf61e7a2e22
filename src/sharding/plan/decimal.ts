// Exact decimal arithmetic on MySQL DECIMAL text, just enough to recombine partial sums and
// averages the way MySQL computes them. Values are a bigint scaled by 10^scale. Owns no SQL
// types (see util/sqlValue) and no rounding modes other than MySQL's half away from zero.

/** A decimal number: `unscaled / 10^scale`, scale >= 0. */
export interface Decimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** MySQL's div_precision_increment default: a division adds this many digits of scale. */
export const DIV_PRECISION_INCREMENT = 4;

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses decimal text (`-12.340`, `.5`, `7.`); the scale is the number of fraction digits.
 * Contract: returns undefined for anything else (exponents, blanks, no digit at all).
 */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const magnitude = BigInt(`${whole}${fraction}` || '0');
  return { unscaled: m[1] === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/** Prints a decimal with exactly its scale in fraction digits (`-0.50`), as MySQL prints DECIMAL. */
export function formatDecimal(d: Decimal): string {
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const text = d.scale === 0 ? whole : `${whole}.${digits.slice(digits.length - d.scale)}`;
  return negative ? `-${text}` : text;
}

/** Returns `d` with its scale raised to `scale` (never lowered). */
function rescale(d: Decimal, scale: number): bigint {
  return d.unscaled * 10n ** BigInt(Math.max(0, scale - d.scale));
}

/** Adds two decimals; the scale of the sum is the larger scale. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { unscaled: rescale(a, scale) + rescale(b, scale), scale };
}

/** Compares two decimals numerically: -1, 0 or 1 (`1.0` equals `1`). */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Divides `a` by a non-zero integer `n` with scale `a.scale + DIV_PRECISION_INCREMENT`,
 * rounding half away from zero, as MySQL's decimal division does (AVG is SUM / COUNT).
 * Contract: `n` must not be 0 (the caller returns NULL for an empty average).
 */
export function divideDecimalByInteger(a: Decimal, n: bigint): Decimal {
  const scale = a.scale + DIV_PRECISION_INCREMENT;
  const numerator = a.unscaled * 10n ** BigInt(DIV_PRECISION_INCREMENT);
  const negative = numerator < 0n !== n < 0n;
  const num = numerator < 0n ? -numerator : numerator;
  const den = n < 0n ? -n : n;
  let quotient = num / den;
  if ((num % den) * 2n >= den) quotient += 1n;
  return { unscaled: negative ? -quotient : quotient, scale };
}
