// The DES block cipher (FIPS 46-3), written from the standard's tables, for the `hash` vindex:
// Vitess encrypts the big-endian uint64 with a null (all-zero) key. Node's OpenSSL 3 has no
// DES by default, and a cipher object per call would be slow, so the key schedule, the
// initial/final permutations and the combined S-box+P tables are computed once at load.
// Owns the cipher only; the uint64 <-> keyspace id mapping is in hash.ts.

/** FIPS 46-3 initial permutation IP: output bit i comes from input bit IP[i] (1 = MSB). */
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
  62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
  61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];

/** FIPS 46-3 final permutation IP^-1. */
const FP = [
  40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
  38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
  36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
  34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
];

/** FIPS 46-3 permutation P applied to the S-box outputs. */
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];

/** FIPS 46-3 S-boxes S1..S8, each 4 rows of 16 columns (row = outer bits, column = inner bits). */
const S = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

/** FIPS 46-3 permuted choice 1: the 56 key bits (C then D) taken from the 64-bit key. */
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];

/** FIPS 46-3 permuted choice 2: the 48 subkey bits taken from C||D. */
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];

/** FIPS 46-3 left shifts of C and D before each of the 16 rounds. */
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/** Bit `pos` (1 = most significant) of the 64-bit value hi||lo. */
function bitOf(hi: number, lo: number, pos: number): number {
  return pos <= 32 ? (hi >>> (32 - pos)) & 1 : (lo >>> (64 - pos)) & 1;
}

/**
 * A 64-bit permutation as two tables indexed by (byte index * 256 + byte value): OR-ing the
 * 8 entries of a block gives the permuted block. 8 lookups instead of 64 bit moves.
 */
interface PermutationTables {
  readonly hi: Int32Array;
  readonly lo: Int32Array;
}

function buildPermutation(table: readonly number[]): PermutationTables {
  const hi = new Int32Array(8 * 256);
  const lo = new Int32Array(8 * 256);
  for (let out = 1; out <= 64; out++) {
    const source = table[out - 1]! - 1;
    const byteIndex = source >> 3;
    const mask = 0x80 >> (source & 7);
    const target = out <= 32 ? hi : lo;
    const bit = 1 << (out <= 32 ? 32 - out : 64 - out);
    for (let value = 0; value < 256; value++) {
      if (value & mask) target[byteIndex * 256 + value]! |= bit;
    }
  }
  return { hi, lo };
}

/**
 * The S-boxes and P combined: SP[j * 64 + six] is P applied to the output of S-box j+1 for
 * the 6-bit input `six`, placed at its 4 bits. The round function ORs eight of these.
 */
function buildSpTable(): Int32Array {
  const sp = new Int32Array(8 * 64);
  for (let j = 0; j < 8; j++) {
    for (let six = 0; six < 64; six++) {
      const row = ((six >> 4) & 2) | (six & 1);
      const column = (six >> 1) & 15;
      const preP = S[j]![row * 16 + column]! << (28 - 4 * j);
      let out = 0;
      for (let i = 1; i <= 32; i++) out |= ((preP >>> (32 - P[i - 1]!)) & 1) << (32 - i);
      sp[j * 64 + six] = out;
    }
  }
  return sp;
}

const IP_TABLES = buildPermutation(IP);
const FP_TABLES = buildPermutation(FP);
const SP = buildSpTable();

function permute(t: PermutationTables, hi: number, lo: number, out: Int32Array): void {
  const b0 = hi >>> 24;
  const b1 = 256 + ((hi >>> 16) & 255);
  const b2 = 512 + ((hi >>> 8) & 255);
  const b3 = 768 + (hi & 255);
  const b4 = 1024 + (lo >>> 24);
  const b5 = 1280 + ((lo >>> 16) & 255);
  const b6 = 1536 + ((lo >>> 8) & 255);
  const b7 = 1792 + (lo & 255);
  const h = t.hi;
  const l = t.lo;
  out[0] = h[b0]! | h[b1]! | h[b2]! | h[b3]! | h[b4]! | h[b5]! | h[b6]! | h[b7]!;
  out[1] = l[b0]! | l[b1]! | l[b2]! | l[b3]! | l[b4]! | l[b5]! | l[b6]! | l[b7]!;
}

/** The 16 subkeys of `key` (8 bytes), each as eight 6-bit groups: 128 entries, round-major. */
function buildSubkeys(key: Uint8Array): Int32Array {
  const khi = ((key[0]! << 24) | (key[1]! << 16) | (key[2]! << 8) | key[3]!) | 0;
  const klo = ((key[4]! << 24) | (key[5]! << 16) | (key[6]! << 8) | key[7]!) | 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < 28; i++) {
    c = (c << 1) | bitOf(khi, klo, PC1[i]!);
    d = (d << 1) | bitOf(khi, klo, PC1[i + 28]!);
  }
  const subkeys = new Int32Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < SHIFTS[round]!; s++) {
      c = ((c << 1) | (c >>> 27)) & 0xfffffff;
      d = ((d << 1) | (d >>> 27)) & 0xfffffff;
    }
    for (let k = 0; k < 48; k++) {
      const pos = PC2[k]!;
      const bit = pos <= 28 ? (c >>> (28 - pos)) & 1 : (d >>> (56 - pos)) & 1;
      subkeys[round * 8 + Math.floor(k / 6)]! |= bit << (5 - (k % 6));
    }
  }
  return subkeys;
}

/**
 * The cipher function f(R, K) of round `round`: expansion E, key XOR, S-boxes and P. E's
 * 6-bit group j is bits 4j..4j+5 of R (bit 0 meaning bit 32), so rotating R right by 27-4j
 * (left by 1 for the last group) puts the group in the low 6 bits.
 */
function feistel(r: number, k: Int32Array, base: number): number {
  return (
    SP[(((r >>> 27) | (r << 5)) & 63) ^ k[base]!]! |
    SP[64 + ((((r >>> 23) | (r << 9)) & 63) ^ k[base + 1]!)]! |
    SP[128 + ((((r >>> 19) | (r << 13)) & 63) ^ k[base + 2]!)]! |
    SP[192 + ((((r >>> 15) | (r << 17)) & 63) ^ k[base + 3]!)]! |
    SP[256 + ((((r >>> 11) | (r << 21)) & 63) ^ k[base + 4]!)]! |
    SP[320 + ((((r >>> 7) | (r << 25)) & 63) ^ k[base + 5]!)]! |
    SP[384 + ((((r >>> 3) | (r << 29)) & 63) ^ k[base + 6]!)]! |
    SP[448 + ((((r << 1) | (r >>> 31)) & 63) ^ k[base + 7]!)]!
  );
}

/**
 * A DES cipher for one key, with its subkeys computed once. Blocks are 64-bit values given
 * as two 32-bit halves (`hi` = the first 4 bytes, big-endian); results are written as 8
 * bytes into `out` at `offset`. Allocation-free; not thread-shared state beyond a scratch.
 */
export class DesCipher {
  readonly #encryptKeys: Int32Array;
  readonly #decryptKeys: Int32Array;
  readonly #scratch = new Int32Array(2);

  /** Contract: `key` is 8 bytes (parity bits are ignored, as FIPS 46-3 says); else throws RangeError. */
  constructor(key: Uint8Array) {
    if (key.length !== 8) throw new RangeError(`DES key must be 8 bytes, got ${key.length}`);
    this.#encryptKeys = buildSubkeys(key);
    this.#decryptKeys = new Int32Array(16 * 8);
    for (let round = 0; round < 16; round++) this.#decryptKeys.set(this.#encryptKeys.subarray((15 - round) * 8, (16 - round) * 8), round * 8);
  }

  /** Encrypts the block hi||lo into out[offset, offset+8). */
  encrypt(hi: number, lo: number, out: Uint8Array, offset = 0): void {
    this.#crypt(hi, lo, this.#encryptKeys, out, offset);
  }

  /** Decrypts the block hi||lo into out[offset, offset+8). */
  decrypt(hi: number, lo: number, out: Uint8Array, offset = 0): void {
    this.#crypt(hi, lo, this.#decryptKeys, out, offset);
  }

  #crypt(hi: number, lo: number, keys: Int32Array, out: Uint8Array, offset: number): void {
    const scratch = this.#scratch;
    permute(IP_TABLES, hi, lo, scratch);
    let l = scratch[0]!;
    let r = scratch[1]!;
    for (let base = 0; base < 128; base += 16) {
      l ^= feistel(r, keys, base);
      r ^= feistel(l, keys, base + 8);
    }
    // After 16 rounds the halves are swapped (R16 L16) before the final permutation.
    permute(FP_TABLES, r, l, scratch);
    const a = scratch[0]!;
    const b = scratch[1]!;
    out[offset] = a >>> 24;
    out[offset + 1] = a >>> 16;
    out[offset + 2] = a >>> 8;
    out[offset + 3] = a;
    out[offset + 4] = b >>> 24;
    out[offset + 5] = b >>> 16;
    out[offset + 6] = b >>> 8;
    out[offset + 7] = b;
  }
}

/** DES with the null (all-zero) key, as vitess go/vt/vtgate/vindexes/hash.go uses. */
export const NULL_KEY_DES = new DesCipher(new Uint8Array(8));
