// The block ciphers Crypt::CBC can drive, as the Perl modules present them:
// class name, block size, the key size Crypt::CBC derives for them, the key
// lengths their constructors accept, and the errors they croak with. The
// engines do raw CBC on whole blocks; padding and headers live in cbc.ts.
import { createCipheriv, createDecipheriv } from 'node:crypto'
import { BLOWFISH_PI_HEX } from './blowfish-pi.js'
import { BackendError } from '../../src/errors.js'

export interface BlockCipherSpec {
  /** the class name Crypt::CBC->cipher reports */
  className: string
  blockSize: number
  /** Crypt::CBC's default -keysize: $cipher->keysize || $cipher->max_keysize */
  keySize: number
  family: 'aes' | 'blowfish' | 'des' | 'des3'
  /** the Perl module's croak for a key it refuses (null: any length accepted) */
  keyError: (len: number) => string | null
  /** the croak for a final block shorter than the block size */
  shortBlockError: string
  /** Crypt::Rijndael and CryptX decrypt an empty final block to ''; Crypt::Blowfish/DES croak */
  emptyBlockOk: boolean
}

const aesKey = (msg: string) => (len: number): string | null => (len === 16 || len === 24 || len === 32 ? null : msg)

const RIJNDAEL: Omit<BlockCipherSpec, 'className'> = {
  blockSize: 16, keySize: 32, family: 'aes',
  keyError: aesKey('Wrong key length: key must be 128, 192 or 256 bits long'),
  shortBlockError: 'encrypt: datasize not multiple of blocksize (16 bytes)', emptyBlockOk: true,
}
const CRYPTX_AES: Omit<BlockCipherSpec, 'className'> = {
  ...RIJNDAEL, keyError: aesKey('FATAL: invalid key length'),
  shortBlockError: 'FATAL: input size not equal to blocksize (16)',
}
const BLOWFISH: Omit<BlockCipherSpec, 'className'> = {
  blockSize: 8, keySize: 56, family: 'blowfish',
  keyError: len => (len >= 8 && len <= 56 ? null : 'Invalid length key'),
  shortBlockError: 'input must be 8 bytes long', emptyBlockOk: false,
}
const DES: Omit<BlockCipherSpec, 'className'> = {
  blockSize: 8, keySize: 8, family: 'des',
  keyError: len => (len === 8 ? null : 'Invalid key'),
  shortBlockError: 'input must be 8 bytes long', emptyBlockOk: false,
}
const DES3: Omit<BlockCipherSpec, 'className'> = {
  blockSize: 8, keySize: 24, family: 'des3',
  keyError: len => (len === 24 ? null : 'Invalid key'),
  shortBlockError: 'input must be 8 bytes long', emptyBlockOk: false,
}

const CLASSES: Record<string, Omit<BlockCipherSpec, 'className'>> = {
  'Crypt::Rijndael': RIJNDAEL,
  // not installed here, so its own messages are unverified: Rijndael's stand in
  'Crypt::OpenSSL::AES': RIJNDAEL,
  'Crypt::Cipher::AES': CRYPTX_AES,
  'Crypt::Blowfish': BLOWFISH,
  'Crypt::Cipher::Blowfish': { ...BLOWFISH, keyError: len => (len >= 8 && len <= 56 ? null : 'FATAL: invalid key length'), shortBlockError: 'FATAL: input size not equal to blocksize (8)', emptyBlockOk: true },
  'Crypt::DES': DES,
  'Crypt::Cipher::DES': { ...DES, keyError: len => (len === 8 ? null : 'FATAL: invalid key length'), shortBlockError: 'FATAL: input size not equal to blocksize (8)', emptyBlockOk: true },
  'Crypt::DES_EDE3': DES3,
  'Crypt::Cipher::DES_EDE': { ...DES3, keyError: len => (len === 24 ? null : 'FATAL: invalid key length'), shortBlockError: 'FATAL: input size not equal to blocksize (8)', emptyBlockOk: true },
}

// Names the old Python bridge accepted that are not Perl classes.
const ALIASES: Record<string, string> = { aes: 'Crypt::Cipher::AES', '3des': 'Crypt::DES_EDE3', des3: 'Crypt::DES_EDE3', tripledes: 'Crypt::DES_EDE3' }
const BY_LOWER = new Map(Object.keys(CLASSES).map(c => [c.toLowerCase(), c]))

/** Crypt::CBC's cipher name munging ('Blowfish' -> 'Crypt::Blowfish'); case-insensitive, as the old bridge was. Null when unsupported. */
export function cipherSpec (name: string | undefined): BlockCipherSpec | null {
  const given = name === undefined || name === '' ? 'Crypt::Cipher::AES' : name
  const alias = ALIASES[given.toLowerCase()]
  const full = alias ?? (/^crypt::/i.test(given) ? given : `Crypt::${given}`)
  const className = BY_LOWER.get(full.toLowerCase())
  return className === undefined ? null : { className, ...CLASSES[className] }
}

export const supportedCiphers = (): string[] => Object.keys(CLASSES)

/** Raw CBC over whole blocks; keeps the chaining value between calls. */
export interface CbcEngine { update (blocks: Buffer): Buffer }

// Blowfish in typed arrays. A library class (egoroof-blowfish) re-parsed its
// constants and allocated per block, which made a salted Blowfish encrypt
// (one key schedule each) cost ~330 us; this one costs ~85 us.
class Blowfish {
  private readonly p = new Uint32Array(18)
  private readonly s = new Uint32Array(1024)
  l = 0
  r = 0
  constructor (init: Uint32Array, key: Buffer) {
    this.p.set(init.subarray(0, 18))
    this.s.set(init.subarray(18))
    for (let i = 0, j = 0; i < 18; i++) {
      let w = 0
      for (let k = 0; k < 4; k++, j = (j + 1) % key.length) w = (w << 8) | key[j]
      this.p[i] ^= w
    }
    this.l = 0; this.r = 0
    for (let i = 0; i < 18; i += 2) { this.encrypt(this.l, this.r); this.p[i] = this.l; this.p[i + 1] = this.r }
    for (let i = 0; i < 1024; i += 2) { this.encrypt(this.l, this.r); this.s[i] = this.l; this.s[i + 1] = this.r }
  }

  // F is written out in both loops: V8 keeps this hot path free of calls.
  encrypt (l: number, r: number): void {
    const p = this.p
    const s = this.s
    for (let i = 0; i < 16; i += 2) {
      l ^= p[i]
      r ^= (((s[l >>> 24] + s[256 | ((l >>> 16) & 255)]) ^ s[512 | ((l >>> 8) & 255)]) + s[768 | (l & 255)])
      r ^= p[i + 1]
      l ^= (((s[r >>> 24] + s[256 | ((r >>> 16) & 255)]) ^ s[512 | ((r >>> 8) & 255)]) + s[768 | (r & 255)])
    }
    this.l = (r ^ p[17]) >>> 0
    this.r = (l ^ p[16]) >>> 0
  }

  decrypt (l: number, r: number): void {
    const p = this.p
    const s = this.s
    for (let i = 17; i > 1; i -= 2) {
      l ^= p[i]
      r ^= (((s[l >>> 24] + s[256 | ((l >>> 16) & 255)]) ^ s[512 | ((l >>> 8) & 255)]) + s[768 | (l & 255)])
      r ^= p[i - 1]
      l ^= (((s[r >>> 24] + s[256 | ((r >>> 16) & 255)]) ^ s[512 | ((r >>> 8) & 255)]) + s[768 | (r & 255)])
    }
    this.l = (r ^ p[0]) >>> 0
    this.r = (l ^ p[1]) >>> 0
  }
}

let blowfishInit: Uint32Array | undefined

/** Builds the Blowfish constants on first use: most scripts never touch Blowfish. */
export async function loadEngines (): Promise<void> {
  if (blowfishInit !== undefined) return
  const init = new Uint32Array(1042)
  for (let i = 0; i < 1042; i++) init[i] = parseInt(BLOWFISH_PI_HEX.slice(i * 8, i * 8 + 8), 16)
  blowfishInit = init
}

function nodeEngine (alg: string, key: Buffer, iv: Buffer, decrypt: boolean): CbcEngine {
  const c = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv)
  c.setAutoPadding(false)
  return { update: (blocks: Buffer) => c.update(blocks) }
}

function blowfishEngine (key: Buffer, iv: Buffer, decrypt: boolean): CbcEngine {
  if (blowfishInit === undefined) throw new BackendError('Blowfish engine not loaded', 'CRYPT_CBC')
  const bf = new Blowfish(blowfishInit, key)
  let l = iv.readUInt32BE(0)
  let r = iv.readUInt32BE(4)
  return {
    update (blocks: Buffer): Buffer {
      const out = Buffer.allocUnsafe(blocks.length)
      for (let i = 0; i < blocks.length; i += 8) {
        const cl = blocks.readUInt32BE(i)
        const cr = blocks.readUInt32BE(i + 4)
        if (decrypt) {
          bf.decrypt(cl, cr)
          out.writeUInt32BE((bf.l ^ l) >>> 0, i)
          out.writeUInt32BE((bf.r ^ r) >>> 0, i + 4)
          l = cl; r = cr
        } else {
          bf.encrypt((cl ^ l) >>> 0, (cr ^ r) >>> 0)
          l = bf.l; r = bf.r
          out.writeUInt32BE(l, i)
          out.writeUInt32BE(r, i + 4)
        }
      }
      return out
    },
  }
}

/** A CBC engine for the spec; the key length was checked against spec.keyError. */
export function cbcEngine (spec: BlockCipherSpec, key: Buffer, iv: Buffer, decrypt: boolean): CbcEngine {
  switch (spec.family) {
    case 'aes': return nodeEngine(`aes-${key.length * 8}-cbc`, key, iv, decrypt)
    case 'des3': return nodeEngine('des-ede3-cbc', key, iv, decrypt)
    // Single DES is 3DES with K1 = K2 = K3 (E_K(D_K(E_K(x))) = E_K(x)): the
    // default provider keeps des-ede3-cbc while OpenSSL 3 refuses des-cbc.
    case 'des': return nodeEngine('des-ede3-cbc', Buffer.concat([key, key, key]), iv, decrypt)
    case 'blowfish': return blowfishEngine(key, iv, decrypt)
  }
}
