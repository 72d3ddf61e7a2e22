// Generates src/sharding/vindexes/collation/rootCollationData.ts, the collation element table
// behind the unicode_loose_md5 and unicode_loose_xxhash vindexes, from public Unicode data:
// the CLDR root collation of UCA 6.2.0 (allkeys_CLDR.txt, the table CLDR 23 ships and Vitess's
// x/text-derived table was built from) plus UCD 15.0.0 (the Unicode version of Go 1.21 to 1.26).
// It applies the rules by which that table was built; it contains no table copied from Vitess.
//
// Usage: npx tsx scripts/generateCollationTable.ts <allkeys_CLDR.txt> [<UCD dir>] [--check]
//   allkeys_CLDR.txt: from https://www.unicode.org/Public/UCA/6.2.0/CollationAuxiliary.zip (the
//            CLDR root collation of UCA 6.2.0, which CLDR 23's common/uca/ carries).
//   UCD dir: holds UnicodeData.txt and PropList.txt of Unicode 15.0.0 (Debian: unicode-data,
//            /usr/share/unicode, the default). --check: fail if the committed file differs.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_UNIFIED_OFFSET, OTHER_OFFSET, RARE_UNIFIED_OFFSET, implicitPrimary as implicitWeight } from '../src/sharding/vindexes/collation/implicitPrimary.js';

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '../src/sharding/vindexes/collation/rootCollationData.ts');
const UCA_VERSION = '6.2.0';
const UCD_VERSION = '15.0.0';

/** One collation element as read from the file: [primary, secondary, tertiary, quaternary] plus the rune's combining class. */
interface RawCE {
  w: [number, number, number, number];
  ccc: number;
}

/** A mapping of one rune or a contraction (several runes) to collation elements, as the table builder keeps it. */
interface Entry {
  str: string;
  runes: number[];
  elems: RawCE[];
  modified: boolean;
  exclude: boolean;
  decompose: boolean;
}

interface Ucd {
  ccc: Map<number, number>;
  canonical: Map<number, number[]>;
  ideographic: [number, number][];
}

function fail(message: string): never {
  throw new Error(`generateCollationTable: ${message}`);
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

function runesOf(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) ?? 0);
}

// ---- Unicode Character Database ------------------------------------------------------------

function readUcd(dir: string): Ucd {
  const propList = readFileSync(join(dir, 'PropList.txt'), 'utf8');
  if (!propList.startsWith(`# PropList-${UCD_VERSION}.txt`)) {
    fail(`${dir}/PropList.txt is not Unicode ${UCD_VERSION} (the Unicode version of Go's unicode package in Go 1.21 to 1.26, which Vitess builds with)`);
  }
  const ideographic: [number, number][] = [];
  for (const line of propList.split('\n')) {
    const m = /^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*Ideographic\b/.exec(line);
    if (m?.[1] !== undefined) ideographic.push([parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)]);
  }
  ideographic.sort((a, b) => a[0] - b[0]);

  const ccc = new Map<number, number>();
  const canonical = new Map<number, number[]>();
  for (const line of readFileSync(join(dir, 'UnicodeData.txt'), 'utf8').split('\n')) {
    const f = line.split(';');
    if (f.length < 6 || f[0] === undefined) continue;
    const cp = parseInt(f[0], 16);
    const c = parseInt(f[3] ?? '0', 10);
    if (c !== 0) ccc.set(cp, c);
    const d = f[5] ?? '';
    if (d !== '' && !d.startsWith('<')) canonical.set(cp, d.split(' ').map((h) => parseInt(h, 16)));
  }
  return { ccc, canonical, ideographic };
}

function fullCanonical(ucd: Ucd, cp: number): number[] {
  const d = ucd.canonical.get(cp);
  return d === undefined ? [cp] : d.flatMap((r) => fullCanonical(ucd, r));
}

function isIdeographic(ucd: Ucd, r: number): boolean {
  return ucd.ideographic.some(([lo, hi]) => r >= lo && r <= hi);
}

// ---- The table builder (the rules of golang.org/x/text/collate/build, restated) -------------

const DEFAULT_SECONDARY = 0x20;
const DEFAULT_TERTIARY = 0x2;
const MAX_TERTIARY = 0x1f;
const ILLEGAL_OFFSET = OTHER_OFFSET + 0x10ffff;

/** Implicit primary of a rune without an entry, with the Unicode 15.0 Ideographic property. */
function implicitPrimary(ucd: Ucd, r: number): number {
  return implicitWeight(r, isIdeographic(ucd, r));
}

/**
 * Rewrites DUCET's two-element implicit weights ([.FBxx][.8000|low]) into one element whose
 * primary is the code point plus the block offset. As in the original builder, the block
 * starting at FBC0 keeps no offset (its offset is added to a discarded variable there).
 */
function convertLargeWeights(elems: RawCE[]): RawCE[] {
  for (let i = 0; i < elems.length; i++) {
    const ce = elems[i]?.w;
    if (ce === undefined || ce[0] < 0xfb40) continue;
    const p = ce[0];
    if (p > 0xffff) fail(`primary ${hex(p)} above FFFF`);
    if (p >= 0xfffe) {
      ce[0] = ILLEGAL_OFFSET + p - 0xfffe;
      continue;
    }
    const low = elems[i + 1]?.w[0];
    if (low === undefined || (low & 0x8000) === 0) fail(`malformed double primary at ${hex(p)}`);
    let np = ((p & 0x3f) << 15) + (low & 0x7fff);
    if (p < 0xfb80) np += COMMON_UNIFIED_OFFSET;
    else if (p < 0xfbc0) np += RARE_UNIFIED_OFFSET;
    ce[0] = np;
    elems.splice(i + 1, 1);
  }
  return elems;
}

/** True when the element can be encoded in the 32-bit form (golang.org/x/text colltab.MakeElem). */
function encodable(ce: RawCE): boolean {
  const [p, s, t] = ce.w;
  if (p >= 1 << 21 || s >= 1 << 12 || t >= 1 << 8 || p < 0 || s < 0 || t < 0) return false;
  if (p === 0) return true;
  if (ce.ccc !== 0) return p < 1 << 16 && s === DEFAULT_SECONDARY;
  if (t === DEFAULT_TERTIARY) return s < 1 << 8;
  const d = s - DEFAULT_SECONDARY + 4;
  return d >= 0 && d < 16 && t < 32;
}

function nextVal(elems: RawCE[], i: number, level: number): [number, number] {
  while (i < elems.length && elems[i]?.w[level] === 0) i++;
  return [i, elems[i]?.w[level] ?? 0];
}

function compareWeights(a: RawCE[], b: RawCE[]): number {
  for (let level = 0; level < 4; level++) {
    for (let ia = 0, ib = 0; ia < a.length || ib < b.length; ia++, ib++) {
      let va: number;
      let vb: number;
      [ia, va] = nextVal(a, ia, level);
      [ib, vb] = nextVal(b, ib, level);
      if (va !== vb) return va < vb ? -1 : 1;
    }
  }
  return 0;
}

function compareRunes(a: number[], b: number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function equalCEArrays(a: RawCE[], b: RawCE[]): boolean {
  return a.length === b.length && a.every((ce, i) => [0, 1, 2].every((l) => ce.w[l] === b[i]?.w[l]));
}

class RootOrdering {
  readonly entries = new Map<string, Entry>();
  readonly ordered: Entry[] = [];

  constructor(private readonly ucd: Ucd) {}

  newEntry(str: string, elems: RawCE[]): Entry {
    const e: Entry = { str, runes: runesOf(str), elems, modified: false, exclude: false, decompose: false };
    this.entries.set(str, e);
    this.ordered.push(e);
    return e;
  }

  /** Adds one line of the file (Builder.Add): large weights folded, combining classes attached. */
  add(runes: number[], colElems: number[][]): void {
    const str = String.fromCodePoint(...runes);
    let elems: RawCE[] = colElems.map((ce) => {
      const p = ce[0] ?? 0;
      return { w: [p, ce[1] ?? DEFAULT_SECONDARY, ce[2] ?? DEFAULT_TERTIARY, ce[3] ?? p], ccc: 0 };
    });
    elems = convertLargeWeights(elems);
    const cccs = runesOf(str.normalize('NFD')).map((r) => this.ucd.ccc.get(r) ?? 0);
    if (cccs.length < elems.length) {
      if (cccs.length > 2) fail(`${str}: fewer runes than collation elements`);
      let p = elems.length - 1;
      for (; p > 0 && elems[p]?.w[0] === 0; p--) (elems[p] as RawCE).ccc = cccs[cccs.length - 1] ?? 0;
      for (; p >= 0; p--) (elems[p] as RawCE).ccc = cccs[0] ?? 0;
    } else {
      elems.forEach((ce, i) => (ce.ccc = cccs[i] ?? 0));
    }
    const first = cccs[0] ?? 0;
    if (elems.length > 1 && cccs.length > 1 && first !== 0 && first !== cccs[cccs.length - 1]) {
      fail(`incompatible combining classes for expansion ${runes.map(hex).join(' ')}`);
    }
    this.newEntry(str, elems);
  }

  /** Looks up an entry; a single rune without one gets an implicit (or Hangul) entry that is never indexed. */
  find(str: string): Entry | undefined {
    const found = this.entries.get(str);
    if (found !== undefined) return found;
    const runes = runesOf(str);
    if (runes.length !== 1) return undefined;
    const r = runes[0] ?? 0;
    let e: Entry;
    if (r >= 0xac00 && r <= 0xd7a3) {
      const nfd = str.normalize('NFD');
      e = this.newEntry(nfd, runesOf(nfd).flatMap((j) => this.find(String.fromCodePoint(j))?.elems ?? []));
    } else {
      e = this.newEntry(str, [{ w: [implicitPrimary(this.ucd, r), DEFAULT_SECONDARY, DEFAULT_TERTIARY, r], ccc: 0 }]);
      e.modified = true;
    }
    e.exclude = true;
    return e;
  }

  /** The elements of each rune of `str` in turn (no contractions), completely ignorable ones dropped. */
  genColElems(str: string): RawCE[] {
    return runesOf(str).flatMap((r) =>
      (this.find(String.fromCodePoint(r))?.elems ?? []).filter((ce) => ce.w[0] !== 0 || ce.w[1] !== 0 || ce.w[2] !== 0),
    );
  }

  sort(): void {
    this.ordered.sort((a, b) => compareWeights(a.elems, b.elems) || compareRunes(a.runes, b.runes));
  }

  /** Makes canonically equivalent strings map to the same elements (ordering.patchNorm). */
  patchNorm(): void {
    for (const e of [...this.ordered]) {
      const nfd = e.str.normalize('NFD');
      if (nfd === e.str) continue;
      const e0 = this.find(nfd);
      if (e0 !== undefined && !e0.modified) e0.elems = e.elems;
    }
    for (const e of [...this.ordered]) {
      const nfd = e.str.normalize('NFD');
      if (e.modified || nfd === e.str) continue;
      const e0 = this.find(nfd);
      if (e0 !== undefined) {
        e.elems = e0.elems;
        continue;
      }
      e.elems = this.genColElems(nfd);
      // The builder splits a single-segment NFD into a head that composes to a tailored
      // (modified) entry and a tail; in the root table that split never changes the result.
      const [first, ...rest] = runesOf(nfd);
      let head = String.fromCodePoint(first ?? 0);
      let tail = '';
      for (const r of rest) {
        const s = (head + String.fromCodePoint(r)).normalize('NFC');
        if (this.find(s)?.modified === true) head = s;
        else tail += String.fromCodePoint(r);
      }
      if (!equalCEArrays([...this.genColElems(head), ...this.genColElems(tail)], e.elems)) {
        fail(`head/tail split changes ${e.str}; the generator must model NFD.LastBoundary`);
      }
    }
    for (const e of this.ordered) {
      if (e.runes.length > 1 && equalCEArrays(this.genColElems(e.str), e.elems)) e.exclude = true;
    }
  }

  indexed(): Entry[] {
    return this.ordered.filter((e) => !e.exclude && e.elems.length > 0);
  }

  /** Marks entries whose elements are reproduced by their NFKD decomposition (simplify). */
  simplify(): void {
    const indexed = this.indexed();
    const keep = new Set(indexed.filter((e) => e.runes.length > 1).map((e) => e.runes[0]));
    for (const e of indexed) {
      const nfkd = e.str.normalize('NFKD');
      if (e.runes.length > 1 || e.elems.length === 1 || keep.has(e.runes[0]) || nfkd === e.str.normalize('NFD')) continue;
      const gen = this.genColElems(nfkd);
      const same =
        gen.length === e.elems.length &&
        e.elems.every(
          (ce, i) => ce.w[0] === gen[i]?.w[0] && ce.w[1] === gen[i]?.w[1] && (i < 2 || ce.w[2] === MAX_TERTIARY) && encodable(ce),
        );
      if (same) e.decompose = true;
    }
  }
}

function readAllkeys(path: string, ordering: RootOrdering): void {
  const text = readFileSync(path, 'utf8');
  const version = /^@version (\S+)/m.exec(text)?.[1];
  if (version !== UCA_VERSION) {
    fail(`${path} is UCA ${version ?? '(no @version line)'}; Vitess's table is CLDR 23 root = UCA ${UCA_VERSION} allkeys_CLDR.txt`);
  }
  const colElem = /\[([.*])([0-9A-F.]+)\]/g;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const [lhs, rhs] = line.split(' ; ');
    if (lhs === undefined || rhs === undefined) fail(`line without ' ; ': ${line}`);
    const runes = lhs.trim().split(/\s+/).map((h) => parseInt(h, 16));
    const elems = [...rhs.matchAll(colElem)].map((m) => (m[2] ?? '').split('.').map((h) => parseInt(h, 16)));
    ordering.add(runes, elems);
  }
}

// ---- What the runtime needs ------------------------------------------------------------------

/** [primary, ccc] */
type CE = [number, number];

interface Table {
  /** Single runes: their elements, or 'decompose' (the elements of the NFKD decomposition at run time). */
  singles: Map<number, CE[] | 'decompose'>;
  /** Contraction starters: [suffix runes, elements], the starter alone being implied by singles. */
  contractions: Map<number, [number[], CE[]][]>;
}

function toCEs(elems: RawCE[], what: string): CE[] {
  return elems.map((ce) => {
    if (!encodable(ce)) fail(`unencodable element in ${what}`);
    return [ce.w[0], ce.ccc];
  });
}

function buildTable(ordering: RootOrdering): Table {
  const singles = new Map<number, CE[] | 'decompose'>();
  const contractions = new Map<number, [number[], CE[]][]>();
  for (const e of ordering.indexed()) {
    const what = e.runes.map(hex).join(' ');
    const [starter, ...suffix] = e.runes;
    if (starter === undefined) continue;
    if (suffix.length > 0) {
      const list = contractions.get(starter) ?? [];
      list.push([suffix, toCEs(e.elems, what)]);
      contractions.set(starter, list);
    } else {
      singles.set(starter, e.decompose ? 'decompose' : toCEs(e.elems, what));
    }
  }
  for (const [starter, list] of contractions) {
    const own = singles.get(starter);
    if (own === undefined || own === 'decompose') fail(`contraction starter ${hex(starter)} has no plain entry`);
    list.sort((a, b) => compareRunes(a[0], b[0]));
  }
  // Hangul syllables are weighed jamo by jamo with each jamo's single element taken as is.
  for (let j = 0x1100; j <= 0x11ff; j++) {
    const ces = singles.get(j);
    if (ces !== undefined && (ces === 'decompose' || ces.length !== 1 || contractions.has(j))) fail(`jamo ${hex(j)} is not a single element`);
  }
  return { singles, contractions };
}

// ---- Encoding ----------------------------------------------------------------------------------

/**
 * Base-64 varints: each number is written as 6-bit digits, most significant first, every digit
 * but the last carrying +32 (digits 0-31 end a number, 32-63 continue it).
 */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function varint(n: number): string {
  if (!Number.isInteger(n) || n < 0) fail(`cannot encode ${n}`);
  let out = DIGITS[n & 31] ?? '';
  for (n = Math.floor(n / 32); n > 0; n = Math.floor(n / 32)) out = (DIGITS[32 + (n & 31)] ?? '') + out;
  return out;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** Record kinds of the singles stream; see rootCollationData.ts for the grammar. */
const KIND_RUN = 0;
const KIND_LIST = 1;
const KIND_DECOMPOSE = 2;
const KIND_CANONICAL = 3;

function sameCEs(a: CE[], b: CE[]): boolean {
  return a.length === b.length && a.every((ce, i) => ce[0] === b[i]?.[0] && ce[1] === b[i]?.[1]);
}

/**
 * Encodes the singles: runs of consecutive runes with one element of combining class 0 whose
 * primaries step by one; lists; decompose runs; and "canonical" runs (a rune whose elements are
 * those of its NFD runes in turn, checked here so the decoder can rebuild them exactly).
 */
function encodeSingles(table: Table, ucd: Ucd): string {
  const cps = [...table.singles.keys()].sort((a, b) => a - b);
  const plain = (r: number): CE[] | undefined => {
    const v = table.singles.get(r);
    if (v === 'decompose') return undefined;
    if (v !== undefined) return v;
    return [[implicitPrimary(ucd, r), 0]];
  };
  const kindOf = (r: number): number => {
    const v = table.singles.get(r);
    if (v === 'decompose') return KIND_DECOMPOSE;
    const nfd = runesOf(String.fromCodePoint(r).normalize('NFD'));
    if (nfd.length > 1 || nfd[0] !== r) {
      const parts = nfd.map(plain);
      if (parts.every((p) => p !== undefined) && v !== undefined && sameCEs(parts.flat(), v)) return KIND_CANONICAL;
    }
    const only = v?.length === 1 ? v[0] : undefined;
    return only !== undefined && only[0] !== 0 && only[1] === 0 ? KIND_RUN : KIND_LIST;
  };
  const out: string[] = [];
  let prevCp = -1;
  let prevPrimary = 0;
  for (let i = 0; i < cps.length; ) {
    const cp = cps[i] ?? 0;
    const kind = kindOf(cp);
    let n = 1;
    const ces = table.singles.get(cp);
    if (kind === KIND_RUN && ces !== undefined && ces !== 'decompose') {
      const p0 = ces[0]?.[0] ?? 0;
      for (;;) {
        const next = cps[i + n];
        const nc = next === undefined ? undefined : table.singles.get(next);
        if (next !== cp + n || nc === undefined || kindOf(next) !== KIND_RUN || nc === 'decompose' || nc[0]?.[0] !== p0 + n) break;
        n++;
      }
      out.push(varint(cp - prevCp - 1), varint(kind + 4 * (n - 1)), varint(zigzag(p0 - prevPrimary)));
      prevPrimary = p0 + n - 1;
    } else if (kind === KIND_LIST && ces !== undefined && ces !== 'decompose') {
      out.push(varint(cp - prevCp - 1), varint(kind + 4 * ces.length));
      for (const [p, ccc] of ces) {
        out.push(varint(p === 0 ? 0 : zigzag(p - prevPrimary) + 1), varint(ccc));
        if (p !== 0) prevPrimary = p;
      }
    } else {
      while (cps[i + n] === cp + n && kindOf(cp + n) === kind) n++;
      out.push(varint(cp - prevCp - 1), varint(kind + 4 * (n - 1)));
    }
    prevCp = cp + n - 1;
    i += n;
  }
  return out.join('');
}

function encodeCEs(ces: CE[]): string {
  return varint(ces.length) + ces.map(([p, ccc]) => varint(p) + varint(ccc)).join('');
}

function encodeContractions(table: Table): string {
  const out: string[] = [];
  for (const starter of [...table.contractions.keys()].sort((a, b) => a - b)) {
    const list = table.contractions.get(starter) ?? [];
    out.push(varint(starter), varint(list.length));
    for (const [suffix, ces] of list) out.push(varint(suffix.length), ...suffix.map(varint), encodeCEs(ces));
  }
  return out.join('');
}

/** Non-starters of Unicode 15.0 (lead combining class != 0): [rune, lead ccc, trail ccc, leading non-starters]. */
function encodeNonStarters(ucd: Ucd): string {
  const out: string[] = [];
  let prev = -1;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xac00 && cp <= 0xd7a3) continue;
    const d = fullCanonical(ucd, cp);
    const classes = d.map((r) => ucd.ccc.get(r) ?? 0);
    const lead = classes[0] ?? 0;
    if (lead === 0) continue;
    let nLead = 0;
    while (nLead < classes.length && classes[nLead] !== 0) nLead++;
    out.push(varint(cp - prev - 1), varint(lead), varint(classes[classes.length - 1] ?? 0), varint(nLead));
    prev = cp;
  }
  return out.join('');
}

function encodeIdeographic(ucd: Ucd): string {
  let prev = 0;
  return ucd.ideographic
    .map(([lo, hi]) => {
      const s = varint(lo - prev) + varint(hi - lo);
      prev = hi;
      return s;
    })
    .join('');
}

function chunk(s: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(`  '${s.slice(i, i + width)}'`);
  return lines.join(' +\n');
}

function render(table: Table, ucd: Ucd, source: string): string {
  const field = (name: string, doc: string, value: string): string =>
    `  /** ${doc} */\n  ${name}:\n${chunk(value, 96).replace(/^ {2}/gm, '    ')},\n`;
  return `// GENERATED by scripts/generateCollationTable.ts; do not edit. Regenerate with
//   npx tsx scripts/generateCollationTable.ts <allkeys_CLDR.txt> [<UCD ${UCD_VERSION} dir>]
// Modified (re-encoded, reduced to primary weights and combining classes) from Unicode data:
// ${source},
// and UnicodeData.txt and PropList.txt of Unicode ${UCD_VERSION}.
// © Unicode, Inc.; Unicode License v3, see UNICODE-LICENSE.txt in this folder.
//
// Each field is a string of unsigned varints: digits A-Z a-z 0-9 - _ (values 0-63), most
// significant first; a digit of value 32-63 adds (value - 32) and continues, 0-31 ends it.
// singles: records sorted by rune: (gap, kind + 4 * count, payload); first rune = previous
// record's last rune + 1 + gap. A primary is written as the zigzag difference from the last
// non-zero primary decoded. Kinds: 0 run of count + 1 runes, one element each, class 0,
// primaries p, p + 1, ... (payload: p); 1 one rune with count elements (payload per element:
// 0 for primary 0 else 1 + zigzag difference, then the combining class); 2 count + 1 runes
// weighed as their NFKD decomposition; 3 count + 1 runes whose elements are those of their
// NFD runes in turn (checked by the generator). Other fields: see their doc comments.

/** The encoded root collation table of the unicode_loose_* vindexes (decoded by collationTable.ts). */
export const ROOT_COLLATION_DATA = {
${field('singles', `Rune entries (${table.singles.size}): records of (rune gap, kind + 4 * count, payload).`, encodeSingles(table, ucd))}${field(
    'contractions',
    `Contractions of ${table.contractions.size} starters: (starter, n, n * (suffix length, suffix runes, element count, count * (primary, ccc))).`,
    encodeContractions(table),
  )}${field('nonStarters', 'Unicode 15.0 runes whose decomposition starts with a non-starter: (rune gap, lead ccc, trail ccc, leading non-starters).', encodeNonStarters(ucd))}${field(
    'ideographic',
    'Unicode 15.0 Ideographic ranges (Go 1.21 to 1.26 unicode.Ideographic): (gap from previous range end, length - 1).',
    encodeIdeographic(ucd),
  )}} as const;
`;
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => a !== '--check');
  const check = process.argv.includes('--check');
  const allkeys = args[0];
  if (allkeys === undefined) fail('usage: generateCollationTable.ts <allkeys_CLDR.txt> [<UCD dir>] [--check]');
  const ucd = readUcd(args[1] ?? '/usr/share/unicode');
  const ordering = new RootOrdering(ucd);
  readAllkeys(allkeys, ordering);
  // The original build sorts the root ordering (when cloning it for locales) before patching.
  ordering.sort();
  ordering.patchNorm();
  ordering.simplify();
  const table = buildTable(ordering);
  const text = render(table, ucd, `allkeys_CLDR.txt of UCA ${UCA_VERSION} (the CLDR 23 root collation)`);
  if (check) {
    if (readFileSync(OUTPUT, 'utf8') !== text) fail(`${OUTPUT} is not what the generator produces`);
    console.log('rootCollationData.ts is up to date');
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT}: ${text.length} bytes, ${table.singles.size} runes, ${table.contractions.size} contraction starters`);
}

main();
