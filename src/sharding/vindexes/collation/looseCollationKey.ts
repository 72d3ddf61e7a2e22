// The bytes that the unicode_loose_md5 and unicode_loose_xxhash vindexes hash: a value's UCA
// level-1 (primary) collation key in the CLDR 23 root collation. Mirrors vitess
// go/vt/vtgate/vindexes/unicode.go unicodeHash and go/mysql/collations/vindex/collate/collate.go
// Hasher.Hash. Owns no digest (md5, xxhash): the vindex files apply those.

import { forEachCollationElement } from './collationElements.js';
import { elementPrimary, rootCollationTable } from './collationTable.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const SPACE = 0x20;

/** The value's bytes without trailing ASCII spaces (MySQL PAD SPACE: `a ` equals `a`). */
function trimTrailingSpaces(raw: Uint8Array): Uint8Array {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === SPACE) end--;
  return raw.subarray(0, end);
}

/** The code points of valid UTF-8, or undefined for invalid UTF-8 (a BOM is kept as U+FEFF). */
function decodeRunes(bytes: Uint8Array): number[] | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  return Array.from(text, (c) => c.codePointAt(0) ?? 0);
}

/**
 * Returns the primary collation key of a value's raw bytes, or undefined when they are not valid
 * UTF-8 (Vitess: "cannot normalize string containing invalid UTF-8"). Trailing ASCII spaces are
 * dropped first; case, accents and width do not count; other whitespace and punctuation do.
 * Each non-zero primary weight is written big-endian in 2 bytes when it is at most 0x7FFF, else
 * in 3 bytes with the top bit of the first set. The empty string and NULL give an empty key.
 */
export function looseCollationKey(raw: Uint8Array): Uint8Array | undefined {
  const runes = decodeRunes(trimTrailingSpaces(raw));
  if (runes === undefined) return undefined;
  const key: number[] = [];
  forEachCollationElement(rootCollationTable(), runes, (element) => {
    const w = elementPrimary(element);
    if (w === 0) return;
    if (w <= 0x7fff) key.push(w >> 8, w & 0xff);
    else key.push((w >> 16) | 0x80, (w >> 8) & 0xff, w & 0xff);
  });
  return Uint8Array.from(key);
}
