// The DES cipher against FIPS known answers and the null-key values Vitess's hash vindex
// relies on. Known answers: the worked example of J. Orlin Grabbe, "The DES Algorithm
// Illustrated" (key 133457799BBCDFF1), and NBS SP 500-20 variable-plaintext rows.

import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../util/hex.js';
import { DesCipher, NULL_KEY_DES } from '../des.js';
import { hex } from './fixtures.js';

function halves(text: string): [number, number] {
  const b = hex(text);
  return [((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0];
}

function encrypt(cipher: DesCipher, plain: string): string {
  const out = new Uint8Array(8);
  cipher.encrypt(...halves(plain), out);
  return bytesToHex(out);
}

function decrypt(cipher: DesCipher, block: string): string {
  const out = new Uint8Array(8);
  cipher.decrypt(...halves(block), out);
  return bytesToHex(out);
}

describe('DesCipher', () => {
  it.each([
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    ['0101010101010101', '8000000000000000', '95f8a5e5dd31d900'],
    ['0101010101010101', '4000000000000000', 'dd7f121ca5015619'],
    ['0101010101010101', '0000000000000001', '166b40b44aba4bd6'],
    ['0e329232ea6d0d73', '8787878787878787', '0000000000000000'],
  ])('key %s encrypts %s to %s and back', (key, plain, cipherText) => {
    const cipher = new DesCipher(hex(key));
    expect(encrypt(cipher, plain)).toBe(cipherText);
    expect(decrypt(cipher, cipherText)).toBe(plain);
  });

  it('ignores parity bits: the null key equals 0101010101010101', () => {
    expect(encrypt(NULL_KEY_DES, '0000000000000001')).toBe(encrypt(new DesCipher(hex('0101010101010101')), '0000000000000001'));
  });

  it('writes at an offset and leaves the rest alone', () => {
    const out = new Uint8Array(10);
    NULL_KEY_DES.encrypt(0, 1, out, 1);
    expect(bytesToHex(out)).toBe('00166b40b44aba4bd600');
  });

  it('rejects a key that is not 8 bytes', () => {
    expect(() => new DesCipher(new Uint8Array(7))).toThrow(RangeError);
  });

  it.each(['0000000000000000', 'ffffffffffffffff', '8000000000000000', '0123456789abcdef'])('null key round-trips %s', (block) => {
    expect(decrypt(NULL_KEY_DES, encrypt(NULL_KEY_DES, block))).toBe(block);
  });
});
