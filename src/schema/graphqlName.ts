// GraphQL names from database names: the one sanitising rule and the one collision rule every
// generated name goes through (tables, columns, enum members). Owns no knowledge of which names
// a table generates (schemaNames.ts) and no Pothos.

const VALID_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** True when `name` is a valid GraphQL name that is not reserved for introspection (`__…`). */
export function isValidGraphQLName(name: string): boolean {
  return VALID_NAME.test(name) && !name.startsWith('__');
}

/**
 * Turns any database name into a valid GraphQL name, predictably.
 * Contract, applied in order: every character (Unicode code point) outside `[A-Za-z0-9_]`
 * becomes `_` (`order id` → `order_id`, `customer-x` → `customer_x`, `prix€` → `prix_`); an
 * empty result becomes `_`; a leading digit gets a `_` prefix (`2fa` → `_2fa`); a leading
 * `__` (reserved by GraphQL introspection) gets an `x` prefix (`__v` → `x__v`). A name that
 * is already valid comes back unchanged. Different inputs may give the same output: callers
 * resolve that with {@link assignUniqueNames}.
 */
export function sanitizeGraphQLName(raw: string): string {
  let name = '';
  for (const char of raw) name += /^[A-Za-z0-9_]$/.test(char) ? char : '_';
  if (name === '') return '_';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (name.startsWith('__')) name = `x${name}`;
  return name;
}

/** One name to assign: the sanitised candidate, and whether the source needed no sanitising. */
export interface NameCandidate {
  readonly base: string;
  /** True when the database name was already this valid GraphQL name (it wins collisions). */
  readonly exact: boolean;
}

/** How {@link assignUniqueNames} decides whether a name is free. */
export interface NameSpace {
  /** Names already in use (reserved words, names of other scopes); extended with every name assigned. */
  readonly taken: Set<string>;
  /**
   * Every name the candidate at `index` would occupy when named `name` (for a table: its type,
   * input and root field names); default `[name]`. A name is free when none of these is taken.
   */
  readonly occupies?: (name: string, index: number) => readonly string[];
}

/**
 * Assigns each candidate a unique name, deterministically.
 * Contract: first, in input order, every `exact` candidate whose name is free keeps it; then, in
 * input order, every other candidate gets its base when free, else the first free of
 * `<base>_2`, `<base>_3`, …. So a column `order_id` keeps its name and a column `order id`
 * beside it becomes `order_id_2`, whatever their order. Every occupied name is added to
 * `space.taken`. Returns the names in input order.
 */
export function assignUniqueNames(candidates: readonly NameCandidate[], space: NameSpace): string[] {
  const occupies = space.occupies ?? ((name: string) => [name]);
  const isFree = (name: string, i: number): boolean => occupies(name, i).every((n) => !space.taken.has(n));
  const claim = (name: string, i: number): string => {
    for (const n of occupies(name, i)) space.taken.add(n);
    return name;
  };
  const names = candidates.map((c, i) => (c.exact && isFree(c.base, i) ? claim(c.base, i) : undefined));
  return candidates.map((candidate, i) => {
    const assigned = names[i];
    if (assigned !== undefined) return assigned;
    if (isFree(candidate.base, i)) return claim(candidate.base, i);
    for (let n = 2; ; n++) {
      const name = `${candidate.base}_${n}`;
      if (isFree(name, i)) return claim(name, i);
    }
  });
}

/** The candidate for one database name: its sanitised form, exact when unchanged. */
export function nameCandidate(raw: string): NameCandidate {
  const base = sanitizeGraphQLName(raw);
  return { base, exact: base === raw };
}
