// The root collation element table of the unicode_loose_* vindexes: decodes the generated
// rootCollationData.ts into lookups (rune → elements, contractions, non-starter classes,
// implicit weights). Owns the data format; walking a string is collationElements.ts.

import { invariant } from '../../../util/invariant.js';
import { implicitPrimary } from './implicitPrimary.js';
import { ROOT_COLLATION_DATA } from './rootCollationData.js';

/**
 * A collation element packed in one number: `primary * 256 + ccc`, where ccc is the canonical
 * combining class the element carries (it drives reordering of unnormalised input).
 */
export type PackedElement = number;

/** Packs a primary weight (< 2^21) and a combining class (< 256) into a {@link PackedElement}. */
export function packElement(primary: number, ccc: number): PackedElement {
  return primary * 256 + ccc;
}

/** The primary weight of a packed element (0 for elements that only weigh at lower levels). */
export function elementPrimary(element: PackedElement): number {
  return Math.floor(element / 256);
}

/** The combining class carried by a packed element. */
export function elementCcc(element: PackedElement): number {
  return element % 256;
}

/** One node of a starter's contraction suffixes: the elements when the suffix ends here, and longer suffixes. */
export interface SuffixNode {
  readonly elements: readonly PackedElement[] | undefined;
  readonly next: ReadonlyMap<number, SuffixNode>;
}

/**
 * What the table holds for one rune: its elements; or `decompose`, meaning the elements of its
 * NFKD decomposition weighed as a string of its own; or a contraction starter, whose own
 * elements apply unless a suffix in `suffixes` follows it.
 */
export type CollationEntry =
  | { readonly kind: 'elements'; readonly elements: readonly PackedElement[] }
  | { readonly kind: 'decompose'; readonly runes: readonly number[] }
  | { readonly kind: 'contraction'; readonly elements: readonly PackedElement[]; readonly suffixes: SuffixNode };

/** Normalisation properties of a rune whose canonical decomposition starts with a non-starter (Unicode 15.0). */
export interface NonStarter {
  /** Combining class of the first rune of the decomposition (never 0 here). */
  readonly lead: number;
  /** Combining class of the last rune of the decomposition. */
  readonly trail: number;
  /** Number of leading non-starters of the decomposition. */
  readonly leadCount: number;
}

/** A decoded collation element table. */
export interface CollationTable {
  /** The table's entry for `rune`, or undefined when it has none (Hangul syllable or implicit weight). */
  entry(rune: number): CollationEntry | undefined;
  /** Primary weight of a rune without an entry: the code point shifted into a block by ideograph class. */
  implicitPrimary(rune: number): number;
  /** Properties of `rune` when its decomposition starts with a non-starter; undefined for starters. */
  nonStarter(rune: number): NonStarter | undefined;
}

/** Encoded table fields, as in rootCollationData.ts. */
export interface EncodedCollationTable {
  readonly singles: string;
  readonly contractions: string;
  readonly nonStarters: string;
  readonly ideographic: string;
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUES = new Map([...DIGITS].map((c, i) => [c.charCodeAt(0), i]));

/** Reads the varints of an encoded field: 6-bit digits, most significant first, 32-63 meaning "more follows". */
class VarintReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  read(): number {
    let value = 0;
    for (;;) {
      const digit = DIGIT_VALUES.get(this.text.charCodeAt(this.pos++));
      invariant(digit !== undefined, 'collation data: truncated or invalid varint');
      if (digit < 32) return value * 32 + digit;
      value = value * 32 + (digit - 32);
    }
  }

  /** A signed delta written in zigzag form. */
  readSigned(): number {
    const z = this.read();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

/** Record kinds of the `singles` field. */
const KIND_RUN = 0;
const KIND_LIST = 1;
const KIND_DECOMPOSE = 2;
const KIND_CANONICAL = 3;

function runesOf(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) ?? 0);
}

function decodeIdeographic(text: string): Uint32Array {
  const reader = new VarintReader(text);
  const bounds: number[] = [];
  let prev = 0;
  while (!reader.done) {
    const lo = prev + reader.read();
    prev = lo + reader.read();
    bounds.push(lo, prev);
  }
  return Uint32Array.from(bounds);
}

function decodeNonStarters(text: string): Map<number, NonStarter> {
  const reader = new VarintReader(text);
  const out = new Map<number, NonStarter>();
  let cp = -1;
  while (!reader.done) {
    cp += reader.read() + 1;
    out.set(cp, { lead: reader.read(), trail: reader.read(), leadCount: reader.read() });
  }
  return out;
}

function readElements(reader: VarintReader): PackedElement[] {
  const n = reader.read();
  const out: PackedElement[] = [];
  for (let i = 0; i < n; i++) out.push(packElement(reader.read(), reader.read()));
  return out;
}

interface MutableSuffixNode {
  elements: PackedElement[] | undefined;
  next: Map<number, MutableSuffixNode>;
}

function decodeContractions(text: string): Map<number, MutableSuffixNode> {
  const reader = new VarintReader(text);
  const out = new Map<number, MutableSuffixNode>();
  while (!reader.done) {
    const starter = reader.read();
    const root: MutableSuffixNode = { elements: undefined, next: new Map() };
    for (let count = reader.read(); count > 0; count--) {
      let node = root;
      for (let len = reader.read(); len > 0; len--) {
        const r = reader.read();
        let child = node.next.get(r);
        if (child === undefined) {
          child = { elements: undefined, next: new Map() };
          node.next.set(r, child);
        }
        node = child;
      }
      node.elements = readElements(reader);
    }
    out.set(starter, root);
  }
  return out;
}

/**
 * Decodes an encoded table. Decompose entries get their NFKD runes, and "canonical" entries the
 * elements of their NFD runes in turn, from String.prototype.normalize: the table only holds
 * runes of Unicode 6.2, whose decompositions Unicode's stability policy freezes.
 */
export function decodeCollationTable(data: EncodedCollationTable): CollationTable {
  invariant('\u00e9'.normalize('NFD').length === 2, 'collation needs a Node.js built with Unicode normalisation');
  const ideographic = decodeIdeographic(data.ideographic);
  const nonStarters = decodeNonStarters(data.nonStarters);
  const suffixes = decodeContractions(data.contractions);
  const entries = new Map<number, CollationEntry>();

  const isIdeographic = (rune: number): boolean => {
    let lo = 0;
    let hi = ideographic.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rune > (ideographic[2 * mid + 1] ?? 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo < ideographic.length / 2 && rune >= (ideographic[2 * lo] ?? 0);
  };
  const implicit = (rune: number): number => implicitPrimary(rune, isIdeographic(rune));
  const setElements = (rune: number, elements: PackedElement[]): void => {
    const root = suffixes.get(rune);
    entries.set(rune, root === undefined ? { kind: 'elements', elements } : { kind: 'contraction', elements, suffixes: root });
  };

  const reader = new VarintReader(data.singles);
  const canonical: number[] = [];
  let cp = -1;
  let prevPrimary = 0;
  while (!reader.done) {
    const first = cp + 1 + reader.read();
    const head = reader.read();
    const kind = head % 4;
    const count = Math.floor(head / 4);
    const n = kind === KIND_LIST ? 1 : count + 1;
    switch (kind) {
      case KIND_RUN: {
        const p0 = prevPrimary + reader.readSigned();
        for (let i = 0; i < n; i++) setElements(first + i, [packElement(p0 + i, 0)]);
        prevPrimary = p0 + n - 1;
        break;
      }
      case KIND_LIST: {
        const elements: PackedElement[] = [];
        for (let i = 0; i < count; i++) {
          const v = reader.read();
          const primary = v === 0 ? 0 : prevPrimary + (v % 2 === 1 ? (v - 1) / 2 : -v / 2);
          if (primary !== 0) prevPrimary = primary;
          elements.push(packElement(primary, reader.read()));
        }
        setElements(first, elements);
        break;
      }
      case KIND_DECOMPOSE:
        for (let i = 0; i < n; i++) {
          entries.set(first + i, { kind: 'decompose', runes: runesOf(String.fromCodePoint(first + i).normalize('NFKD')) });
        }
        break;
      default:
        invariant(kind === KIND_CANONICAL, `collation data: unknown record kind ${kind}`);
        for (let i = 0; i < n; i++) canonical.push(first + i);
    }
    cp = first + n - 1;
  }
  const plainElements = (rune: number): readonly PackedElement[] => {
    const e = entries.get(rune);
    invariant(e?.kind !== 'decompose', 'collation data: canonical entry built from a decompose entry');
    return e === undefined ? [packElement(implicit(rune), 0)] : e.elements;
  };
  for (const rune of canonical) {
    setElements(rune, runesOf(String.fromCodePoint(rune).normalize('NFD')).flatMap(plainElements));
  }
  invariant([...suffixes.keys()].every((r) => entries.get(r)?.kind === 'contraction'), 'collation data: contraction starter without entry');

  return {
    entry: (rune) => entries.get(rune),
    implicitPrimary: implicit,
    nonStarter: (rune) => nonStarters.get(rune),
  };
}

let root: CollationTable | undefined;

/**
 * The CLDR 23 root collation table (UCA 6.2.0) as Vitess's vindex collator holds it, decoded on
 * first use (about 24k entries; tens of milliseconds).
 */
export function rootCollationTable(): CollationTable {
  root ??= decodeCollationTable(ROOT_COLLATION_DATA);
  return root;
}
