// Crypt::CBC 3.04's passphrase-to-key functions (Crypt::CBC::PBKDF::*), which
// are also OpenSSL's: opensslv1 is EVP_BytesToKey with MD5 and one round
// (`openssl enc -md md5`), opensslv2 the same with SHA-256 (`-md sha256`),
// pbkdf2 is PBKDF2-HMAC (`openssl enc -pbkdf2 -iter N`). Key and IV come out of
// one stream: the first keysize bytes are the key, the next blocksize the IV.
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto'

export const PBKDFS = ['opensslv1', 'opensslv2', 'pbkdf2', 'randomiv', 'none'] as const
export type Pbkdf = typeof PBKDFS[number]

export interface KdfOptions {
  pbkdf: Pbkdf
  keyLen: number
  ivLen: number
  iter: number
  /** node digest name for pbkdf2 */
  hash: string
}

/** -hasher values Crypt::PBKDF2 understands (hash_class names), as node digests. */
export function hasherDigest (hasher: string | undefined): string | null {
  if (hasher === undefined || hasher === '') return 'sha256'
  const h = hasher.replace(/^\+?Crypt::PBKDF2::Hash::/, '')
  const m = /^HMACSHA2(?:[-:/](224|256|384|512))?$/i.exec(h)
  if (m !== null) return `sha${m[1] ?? '256'}`
  if (/^HMACSHA1$/i.test(h)) return 'sha1'
  // node digest names, for callers of the wire API
  if (/^sha(1|224|256|384|512)$/i.test(h)) return h.toLowerCase()
  return null
}

function bytesToKey (alg: 'md5' | 'sha256', salt: Buffer, pass: Buffer, len: number): Buffer {
  const parts: Buffer[] = []
  let d = Buffer.alloc(0)
  let have = 0
  while (have < len) {
    d = createHash(alg).update(d).update(pass).update(salt).digest()
    parts.push(d)
    have += d.length
  }
  return Buffer.concat(parts)
}

/**
 * Key and IV from salt and passphrase, exactly as Crypt::CBC::PBKDF's
 * key_and_iv (salt may be empty for randomiv, which ignores it). Throws with
 * the module's message when 'none' gets a key of the wrong length.
 */
export function keyAndIv (o: KdfOptions, salt: Buffer, pass: Buffer): { key: Buffer, iv: Buffer } {
  const want = o.keyLen + o.ivLen
  let stream: Buffer
  switch (o.pbkdf) {
    case 'opensslv1': stream = bytesToKey('md5', salt, pass, want); break
    case 'opensslv2': stream = bytesToKey('sha256', salt, pass, want); break
    case 'pbkdf2': stream = pbkdf2Sync(pass, salt, o.iter, want, o.hash); break
    case 'randomiv': {
      // Pre-1.0 OpenSSL: MD5 chain of the passphrase alone; the IV is random.
      let m = createHash('md5').update(pass).digest()
      while (m.length < o.keyLen) m = Buffer.concat([m, createHash('md5').update(m).digest()])
      stream = Buffer.concat([m.subarray(0, o.keyLen), randomBytes(o.ivLen)])
      break
    }
    case 'none':
      if (pass.length !== o.keyLen) throw new Error(`For selected cipher, the key must be exactly ${o.keyLen} bytes long`)
      stream = pass
      break
  }
  return { key: stream.subarray(0, o.keyLen), iv: stream.subarray(o.keyLen, o.keyLen + o.ivLen) }
}
