// Hex encoding of byte strings (keyspace ids, key-range bounds), lowercase as Vitess prints them.
// Owns no knowledge of key ranges; see sharding/key for that.

const HEX = '0123456789abcdef';
const LOOKUP: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

/** Returns the lowercase hex form of `bytes` ("" for an empty array). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += LOOKUP[bytes[i]!]!;
  return out;
}

/** True when `text` is an even-length string of hex digits (either case). */
export function isHex(text: string): boolean {
  return text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text);
}

/**
 * Decodes a hex string (either case) into bytes.
 * Contract: returns `undefined` for odd length or a non-hex character; never throws.
 */
export function hexToBytes(text: string): Uint8Array | undefined {
  if (!isHex(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Bytewise comparison as Go's bytes.Compare: -1, 0 or 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Bytewise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0;
}
