import { describe, expect, it } from 'vitest';
import { bytesEqual, bytesToHex, compareBytes, hexToBytes, isHex } from '../hex.js';

describe('hex', () => {
  it.each([
    ['', new Uint8Array([])],
    ['00', new Uint8Array([0])],
    ['80', new Uint8Array([0x80])],
    ['8000', new Uint8Array([0x80, 0])],
    ['ffffffffffffffff', new Uint8Array(8).fill(0xff)],
  ])('round-trips %j', (text, bytes) => {
    expect(bytesToHex(bytes)).toBe(text);
    expect(hexToBytes(text)).toEqual(bytes);
  });

  it('decodes uppercase and encodes lowercase', () => {
    expect(bytesToHex(hexToBytes('A0fF')!)).toBe('a0ff');
  });

  it.each(['8', 'abc', 'zz', '0x80', ' 80'])('rejects %j without throwing', (text) => {
    expect(isHex(text)).toBe(false);
    expect(hexToBytes(text)).toBeUndefined();
  });

  it.each([
    ['', '', 0],
    ['', '00', -1],
    ['80', '8000', -1],
    ['01', '02', -1],
    ['ff', '01ff', 1],
  ])('compareBytes(%j, %j) = %i like Go bytes.Compare', (a, b, want) => {
    expect(compareBytes(hexToBytes(a)!, hexToBytes(b)!)).toBe(want);
    expect(compareBytes(hexToBytes(b)!, hexToBytes(a)!)).toBe(-want || 0);
    expect(bytesEqual(hexToBytes(a)!, hexToBytes(b)!)).toBe(want === 0);
  });
});
