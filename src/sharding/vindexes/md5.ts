// MD5 digests for binary_md5 and cfc (and unicode_loose_md5), through node:crypto. Owns only
// the digest call; which bytes are hashed is each vindex's business.

import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;
// crypto.hash (Node >= 20.12) hashes without creating a Hash object; older 20.x fall back.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** The 16-byte MD5 digest of `bytes` (Go crypto/md5 Sum), as a plain Uint8Array. */
export function md5(bytes: Uint8Array): Uint8Array {
  const digest = oneShot ? oneShot('md5', bytes, 'buffer') : crypto.createHash('md5').update(bytes).digest();
  return new Uint8Array(digest);
}
