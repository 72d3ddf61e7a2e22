// Implicit primary weights: the weight of a rune the collation table has no entry for, in
// golang.org/x/text's scheme (not UCA's two-element form), which Vitess's vindex collator uses.
// Mirrors vitess go/mysql/collations/vindex/internal/colltab/collelem.go implicitPrimary. Owns
// no ideograph data: callers say whether the rune is Ideographic (Unicode 15.0 in Vitess).

/** Offset of CJK unified and compatibility ideographs in the BMP blocks 4E00-9FFF and F900-FAFF. */
export const COMMON_UNIFIED_OFFSET = 0x10000;
/** Offset of every other ideograph (extension A, B, ...). */
export const RARE_UNIFIED_OFFSET = 0x20000;
/** Offset of every rune that is not an ideograph (unassigned, private use, newer scripts). */
export const OTHER_OFFSET = 0x50000;

/**
 * The implicit primary of `rune`: the code point plus an offset chosen by ideograph class, so
 * implicit weights sort after all table weights, common ideographs before rare ones before the
 * rest. Contract: `ideographic` is the Unicode Ideographic property of `rune`.
 */
export function implicitPrimary(rune: number, ideographic: boolean): number {
  if (!ideographic) return rune + OTHER_OFFSET;
  if ((rune >= 0x4e00 && rune <= 0x9fff) || (rune >= 0xf900 && rune <= 0xfaff)) return rune + COMMON_UNIFIED_OFFSET;
  return rune + RARE_UNIFIED_OFFSET;
}
