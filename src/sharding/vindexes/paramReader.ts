// Reading a vindex's string params the way the Vitess factories do (boolFromMap, required
// params, unknown-param detection), collecting every problem instead of stopping at the first,
// and the warnings about params Vitess accepts although they leave the vindex unusable.
// Owns no vindex semantics: each type decides which params it reads and what they mean.

/** A param Vitess accepts but that stops the vindex from doing its job; `param` names it. */
export interface ParamWarning {
  readonly param: string;
  readonly message: string;
}

/**
 * Params of one vindex plus the problems found reading them.
 * Contract: each problem names the param and the expected form, e.g.
 * `param autocommit must be 'true' or 'false', got "yes"`; callers prefix the vindex name.
 */
export class ParamReader {
  readonly params: Readonly<Record<string, string>>;
  readonly #problems: string[] = [];
  readonly #warnings: ParamWarning[] = [];

  constructor(params: Readonly<Record<string, string>> | undefined) {
    this.params = params ?? {};
  }

  /** The problems recorded so far, in the order found. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /** The warnings recorded so far, in the order found. */
  get warnings(): readonly ParamWarning[] {
    return this.#warnings;
  }

  /** True when the param is present (an empty string counts, as in a Go map). */
  has(key: string): boolean {
    return Object.hasOwn(this.params, key);
  }

  /** The param's value, or undefined when absent. */
  get(key: string): string | undefined {
    return this.has(key) ? this.params[key] : undefined;
  }

  /** The param's value; records `param <key> is required (<expected>)` when absent or empty. */
  required(key: string, expected: string): string | undefined {
    const value = this.get(key);
    if (value === undefined || value === '') {
      this.problem(`param ${key} is required (${expected})`);
      return undefined;
    }
    return value;
  }

  /**
   * The param as a boolean like Vitess boolFromMap: absent → false; exactly `true` or `false`;
   * anything else records a problem and gives false.
   */
  bool(key: string): boolean {
    const value = this.get(key);
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    this.problem(`param ${key} must be 'true' or 'false', got ${JSON.stringify(value)}`);
    return false;
  }

  /** Records a problem (a full sentence naming the param and the expected form). */
  problem(message: string): void {
    this.#problems.push(message);
  }

  /** Records a warning about `param`: accepted (as Vitess accepts it), but the vindex cannot fully work. */
  warn(param: string, message: string): void {
    this.#warnings.push({ param, message });
  }

  /** Param names not in `known`, sorted (Vitess FindUnknownParams). */
  unknown(known: readonly string[]): string[] {
    return Object.keys(this.params).filter((key) => !known.includes(key)).sort();
  }
}
