// Turns a string (as code points) into its sequence of collation elements with a collation
// table, the way Vitess's vindex collator (go/mysql/collations/vindex, from golang.org/x/text
// collate) walks it: no up-front normalisation, but contractions that skip unblocked
// non-starters and elements reordered by combining class. Owns no weights and no key bytes.

import { assertNever, invariant } from '../../../util/invariant.js';
import {
  elementCcc,
  packElement,
  type CollationTable,
  type PackedElement,
  type SuffixNode,
} from './collationTable.js';

const FIRST_HANGUL = 0xac00;
const LAST_HANGUL = 0xd7a3;
/** A run of more non-starters than this is cut (Unicode stream-safe text format). */
const MAX_NON_STARTERS = 30;

/** Canonical decomposition of a precomposed Hangul syllable into its two or three jamo. */
function hangulJamo(syllable: number): number[] {
  const s = syllable - FIRST_HANGUL;
  const jamo = [0x1100 + Math.floor(s / 588), 0x1161 + Math.floor((s % 588) / 28)];
  if (s % 28 !== 0) jamo.push(0x11a7 + (s % 28));
  return jamo;
}

/**
 * Longest-match scanner over the contraction suffixes of one starter. It remembers the node
 * reached by the last whole rune matched, so a later scan can resume from it after skipping
 * runes (discontiguous matching), and the last position where a complete suffix ended.
 */
class SuffixScanner {
  /** Elements of the longest complete suffix matched; undefined: the starter alone. */
  elements: readonly PackedElement[] | undefined;
  /** Position just after the longest complete suffix matched. */
  matchEnd: number;
  /** True when the last match reached a suffix that no longer suffix extends. */
  done = false;
  /** End of the runes a scan may look at. */
  limit: number;
  private node: SuffixNode;

  constructor(root: SuffixNode, start: number, limit: number, private readonly src: readonly number[]) {
    this.node = root;
    this.matchEnd = start;
    this.limit = limit;
  }

  /** Matches runes from `p` on; returns the position after the last rune matched (p if none). */
  scan(p: number): number {
    let reached = p;
    while (p < this.limit) {
      const child = this.node.next.get(this.src[p] ?? -1);
      if (child === undefined) break;
      p++;
      if (child.elements !== undefined) {
        this.elements = child.elements;
        this.matchEnd = p;
      }
      if (child.next.size === 0) {
        this.done = true;
        return p;
      }
      this.node = child;
      reached = p;
    }
    return reached;
  }
}

/** Position of the first rune from `from` that starts a new normalisation segment (or of the 31st non-starter). */
function segmentEnd(table: CollationTable, src: readonly number[], from: number): number {
  let nonStarters = 0;
  for (let i = from; i < src.length; i++) {
    const leadCount = table.nonStarter(src[i] ?? 0)?.leadCount ?? 0;
    nonStarters += leadCount;
    if (leadCount === 0 || nonStarters > MAX_NON_STARTERS) return i;
  }
  return src.length;
}

/**
 * Appends the elements of the contraction starting with the starter before `start`: the
 * longest suffix found contiguously, extended over unblocked non-starters (whose own elements
 * then follow the contraction's). Returns the number of runes consumed after the starter.
 */
function appendContraction(
  table: CollationTable,
  out: PackedElement[],
  own: readonly PackedElement[],
  root: SuffixNode,
  src: readonly number[],
  start: number,
): number {
  const scanner = new SuffixScanner(root, start, src.length, src);
  let p = scanner.scan(start);
  const skipped: number[] = [];
  let skippedKept = 0;
  const first = src[p] ?? 0;
  if (!scanner.done && p < src.length && first >= 0x80) {
    let p0 = p;
    let props = table.nonStarter(first);
    p++;
    if (props !== undefined) {
      let prevCcc = props.trail;
      scanner.limit = segmentEnd(table, src, p);
      while (p < src.length && !scanner.done && (src[p] ?? 0) >= 0x80) {
        props = table.nonStarter(src[p] ?? 0);
        if (props === undefined || prevCcc >= props.lead) break;
        prevCcc = props.trail;
        const pp = scanner.scan(p);
        if (pp !== p) {
          skipped.push(...src.slice(p0, p));
          if (scanner.matchEnd === pp) skippedKept = skipped.length;
          p = p0 = pp;
        } else {
          p++;
        }
      }
    }
  }
  out.push(...(scanner.elements ?? own));
  const interstitial = skipped.slice(0, skippedKept);
  for (let q = 0; q < interstitial.length; ) q += appendNext(table, out, interstitial, q);
  return scanner.matchEnd - start;
}

/**
 * Appends the elements of the rune (or contraction) at `src[start]` and returns how many runes
 * it consumed (at least 1). Mirrors vitess go/mysql/collations/vindex/internal/colltab/table.go
 * Table.AppendNext.
 */
function appendNext(table: CollationTable, out: PackedElement[], src: readonly number[], start: number): number {
  const rune = src[start] ?? 0;
  const entry = table.entry(rune);
  if (entry === undefined) {
    if (rune >= FIRST_HANGUL && rune <= LAST_HANGUL) {
      // Each jamo's table element is taken as is (the table holds one plain element per jamo).
      for (const jamo of hangulJamo(rune)) {
        const e = table.entry(jamo);
        out.push(e?.kind === 'elements' ? (e.elements[0] ?? 0) : 0);
      }
    } else {
      out.push(packElement(table.implicitPrimary(rune), 0));
    }
    return 1;
  }
  switch (entry.kind) {
    case 'elements':
      out.push(...entry.elements);
      return 1;
    case 'decompose':
      for (let q = 0; q < entry.runes.length; ) q += appendNext(table, out, entry.runes, q);
      return 1;
    case 'contraction':
      return 1 + appendContraction(table, out, entry.elements, entry.suffixes, src, start + 1);
    default:
      return assertNever(entry, 'collation entry');
  }
}

/**
 * Calls `emit` with each collation element of `runes`, in order. Elements are produced rune by
 * rune; a run of elements carrying non-zero combining classes is reordered by class, so that
 * unnormalised input weighs like its NFD form. Mirrors vitess
 * go/mysql/collations/vindex/internal/colltab/iter.go Iter.Next and Iter.doNorm.
 */
export function forEachCollationElement(table: CollationTable, runes: readonly number[], emit: (element: PackedElement) => void): void {
  let elems: PackedElement[] = [];
  let committed = 0;
  let pos = 0;
  const append = (): boolean => {
    if (pos >= runes.length) return false;
    pos += appendNext(table, elems, runes, pos);
    return true;
  };
  const cccAt = (i: number): number => elementCcc(elems[i] ?? 0);

  // Moves the elements appended from `k` on before the earlier elements of higher class.
  const reorder = (k: number, ccc: number): void => {
    let p = k - 1;
    while (p > committed && ccc < cccAt(p - 1)) p--;
    elems.splice(p, 0, ...elems.splice(k));
  };

  const next = (): boolean => {
    if (committed === elems.length && !append()) return false;
    let prevCcc = cccAt(elems.length - 1);
    if (prevCcc === 0) {
      committed = elems.length;
      return true;
    }
    if (cccAt(committed) === 0) {
      for (committed++; committed < elems.length && cccAt(committed) === 0; committed++);
      return true;
    }
    for (;;) {
      const p = elems.length;
      if (!append()) break;
      invariant(p < elems.length, 'collation: a rune produced no element');
      const ccc = cccAt(p);
      if (ccc === 0 || elems.length - committed > MAX_NON_STARTERS) {
        committed = p;
        return true;
      }
      if (ccc < prevCcc) reorder(p, ccc);
      else prevCcc = ccc;
    }
    const progressed = elems.length !== committed;
    committed = elems.length;
    return progressed;
  };

  while (next()) {
    for (let i = 0; i < committed; i++) emit(elems[i] ?? 0);
    elems = elems.slice(committed);
    committed = 0;
  }
}
