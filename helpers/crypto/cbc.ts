// Crypt::CBC 3.04's object, ported rule for rule: option defaults and
// consistency checks of new(), the start/crypt/finish state machine with the
// same buffering (so crypt() returns the same partial output), its paddings
// (including what they do to a wrong-key block), and the Salted__ /
// RandomIV headers. Error messages are the module's own; none carries a key.
import { randomBytes } from 'node:crypto'
import { cbcEngine, cipherSpec, supportedCiphers, type BlockCipherSpec, type CbcEngine } from './ciphers.js'
import { hasherDigest, keyAndIv, PBKDFS, type Pbkdf } from './kdf.js'

export const VALID_OPTIONS = ['pass', 'key', 'cipher', 'keysize', 'chain_mode', 'pbkdf', 'nodeprecate', 'iter', 'hasher',
  'header', 'iv', 'salt', 'padding', 'literal_key', 'pcbc', 'add_header', 'generate_key', 'prepend_iv'] as const

export const PADDINGS = ['standard', 'null', 'space', 'oneandzeroes', 'rijndael_compat', 'none'] as const
type Padding = typeof PADDINGS[number]
type Header = 'none' | 'salt' | 'randomiv'

export type OptionValue = string | number | boolean | Buffer | null | undefined
export type CbcOptions = Partial<Record<typeof VALID_OPTIONS[number], OptionValue>>

/** A Crypt::CBC croak: the message is the module's text. */
export class CbcError extends Error {}

const SALTED = Buffer.from('Salted__', 'latin1')
const RANDOMIV = Buffer.from('RandomIV', 'latin1')

/** Perl truthiness of an option value. */
export function truthy (v: OptionValue): boolean {
  if (v === undefined || v === null || v === false) return false
  if (typeof v === 'number') return v !== 0
  if (Buffer.isBuffer(v)) return !(v.length === 0 || (v.length === 1 && v[0] === 0x30))
  if (v === true) return true
  return v !== '' && v !== '0'
}

const bytes = (v: OptionValue): Buffer | undefined =>
  v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8')
const text = (v: OptionValue): string | undefined =>
  v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v.toString('latin1') : String(v)

export class CbcCipher {
  readonly spec: BlockCipherSpec
  readonly blocksize: number
  keysize: number
  readonly header: Header
  readonly padding: Padding
  readonly pbkdf: Pbkdf
  readonly iter: number
  readonly hash: string
  readonly chainMode = 'cbc'
  readonly nodeprecate: boolean
  passphrase: Buffer | undefined
  key: Buffer | undefined
  iv: Buffer | undefined
  salt: Buffer | undefined
  literalKey: boolean
  readonly literalIv: boolean
  readonly makeRandomSalt: boolean
  readonly makeRandomIv: boolean
  // the operation in progress: buffer is undefined outside start()/finish()
  private buffer: Buffer | undefined
  private decrypting = false
  private engine: CbcEngine | undefined
  /** the IV the current operation started from (its chaining value while no block has passed) */
  private startIv: Buffer | undefined
  private readonly initial: Pick<CbcCipher, 'passphrase' | 'key' | 'iv' | 'salt' | 'literalKey' | 'keysize'>

  constructor (o: CbcOptions) {
    for (const k of Object.keys(o)) {
      if (!(VALID_OPTIONS as readonly string[]).includes(k)) throw new CbcError(`'${k}' is not a recognized argument`)
    }
    const cipherName = text(o.cipher)
    const spec = cipherSpec(cipherName)
    if (spec === null) {
      throw new CbcError(`Couldn't load Crypt::${(cipherName ?? '').replace(/^Crypt::/, '')}: cipher not supported by cpan-bridge (supported: ${supportedCiphers().join(', ')})`)
    }
    this.spec = spec
    const has = (k: keyof CbcOptions): boolean => Object.prototype.hasOwnProperty.call(o, k)

    let header = text(o.header) as Header | undefined
    if (!truthy(header)) header = undefined
    if (header === undefined && has('prepend_iv') && !truthy(o.prepend_iv)) header = 'none'
    if (header === undefined && has('add_header') && !truthy(o.add_header)) header = 'none'
    if (header === undefined && (truthy(o.literal_key) || (has('pbkdf') && text(o.pbkdf) === 'none'))) header = 'none'
    header ??= 'salt'
    if (!['none', 'salt', 'randomiv'].includes(header)) throw new CbcError(`Invalid -header mode '${header}'`)
    this.header = header

    const ks = truthy(o.keysize) ? Number(text(o.keysize)) : spec.keySize
    if (!Number.isInteger(ks) || ks < 1 || ks > 1024) throw new CbcError(`Cannot derive keysize from ${spec.className}`)
    this.keysize = ks
    const bs = this.blocksize = spec.blockSize

    let pass = truthy(o.pass) ? bytes(o.pass) : bytes(o.key)
    if (pass === undefined) throw new CbcError('Please provide an encryption/decryption passphrase using -pass or -key')
    let key = truthy(o.literal_key) ? pass : undefined
    const salt = bytes(o.salt)
    const saltIsOne = salt !== undefined && salt.toString('latin1') === '1'
    this.makeRandomSalt = !(salt !== undefined && !saltIsOne)
    if (salt !== undefined && salt.length !== 8 && !saltIsOne) throw new CbcError('Argument to -salt must be exactly 8 bytes long')
    this.salt = saltIsOne ? undefined : salt
    const iv = bytes(o.iv)
    this.makeRandomIv = iv === undefined
    if (truthy(o.literal_key)) pass = undefined

    const padding = text(o.padding) ?? 'standard'
    const pad = padding === '' ? 'standard' : padding
    if (!(PADDINGS as readonly string[]).includes(pad)) {
      throw new CbcError(`'${pad}' padding not supported.  See perldoc Crypt::CBC for instructions on creating your own.`)
    }
    this.padding = pad as Padding

    const pbkdf = truthy(o.pbkdf) ? text(o.pbkdf) as string : truthy(o.literal_key) ? 'none' : header === 'randomiv' ? 'randomiv' : 'opensslv1'
    if (!(PBKDFS as readonly string[]).includes(pbkdf)) throw new CbcError(`Could not load ${pbkdf}: key derivation function not supported by cpan-bridge (supported: ${PBKDFS.join(', ')})`)
    this.pbkdf = pbkdf as Pbkdf
    const iterText = truthy(o.iter) ? text(o.iter) as string : '10000'
    const iter = Number(iterText.replace(/_/g, ''))
    if (!/[\d_]+/.test(iterText) || !(iter >= 1)) throw new CbcError('-iterations argument must be greater than or equal to 1')
    this.iter = Math.floor(iter)
    // 3.04 only looks at -hasher for pbkdf2
    const hash = this.pbkdf === 'pbkdf2' ? hasherDigest(text(o.hasher)) : 'sha256'
    if (hash === null) throw new CbcError(`Could not load hasher ${text(o.hasher) ?? ''}: not supported by cpan-bridge (supported: HMACSHA1, HMACSHA2 with sha_size 224/256/384/512)`)
    this.hash = hash
    this.nodeprecate = truthy(o.nodeprecate)

    const chain = truthy(o.chain_mode) ? text(o.chain_mode) as string : truthy(o.pcbc) ? 'pcbc' : 'cbc'
    if (chain !== 'cbc') throw new CbcError(`invalid cipher block chain mode: ${chain} (cpan-bridge supports cbc only)`)

    if (this.pbkdf === 'none' && key === undefined) key = pass
    this.literalKey = key !== undefined
    if (iv !== undefined && iv.length !== bs) throw new CbcError(`Initialization vector must be exactly ${bs} bytes long when using the ${spec.className} cipher`)
    if (key !== undefined && key.length !== ks) {
      throw new CbcError(`If specified by -literal_key, then the key length must be equal to the chosen cipher's key length of ${ks} bytes`)
    }
    if (header === 'salt' && this.literalKey) throw new CbcError('Cannot use salt-based key generation if literal key is specified')
    if (header === 'randomiv' && bs !== 8) throw new CbcError('Cannot encrypt using a non-8 byte blocksize cipher when using randomiv header mode')
    if (this.pbkdf === 'none' && (key === undefined || iv === undefined)) {
      throw new CbcError("If a key derivation function (-pbkdf) of 'none' is provided, a literal key and iv must be provided")
    }
    if (header === 'randomiv' && this.pbkdf !== 'randomiv') {
      throw new CbcError("If a -header mode of 'randomiv' is provided, then the -pbkdf key derivation function must be 'randomiv' or undefined")
    }
    this.passphrase = pass
    this.key = key
    this.iv = iv
    this.literalIv = iv !== undefined
    const copy = (b: Buffer | undefined): Buffer | undefined => (b === undefined ? undefined : Buffer.from(b))
    this.initial = { passphrase: copy(pass), key: copy(key), iv: copy(iv), salt: copy(this.salt), literalKey: this.literalKey, keysize: ks }
  }

  /** Back to the state new() left: for a facade that reuses a dropped object's handle. */
  reset (): void {
    const i = this.initial
    const copy = (b: Buffer | undefined): Buffer | undefined => (b === undefined ? undefined : Buffer.from(b))
    this.passphrase = copy(i.passphrase); this.key = copy(i.key); this.iv = copy(i.iv); this.salt = copy(i.salt)
    this.literalKey = i.literalKey; this.keysize = i.keysize
    this.buffer = undefined; this.engine = undefined
  }

  /** Zeroes the key material (handle close): it should not linger in freed memory. */
  wipe (): void {
    for (const b of [this.key, this.passphrase, this.initial.key, this.initial.passphrase]) b?.fill(0)
  }

  /** Whether encrypting warns about a deprecated key derivation (the facade carps). */
  get deprecated (): boolean { return !this.nodeprecate && (this.pbkdf === 'opensslv1' || this.pbkdf === 'randomiv') }

  private get needsPadding (): boolean { return this.padding !== 'none' }

  start (op: string): void {
    if (!/^[ed]/i.test(op)) throw new CbcError('Specify <e>ncryption or <d>ecryption')
    this.engine = undefined
    this.buffer = Buffer.alloc(0)
    this.decrypting = /^d/i.test(op)
  }

  /** Null where Crypt::CBC returns undef: nothing to output once the header has gone. */
  crypt (input: Buffer): Buffer | null {
    if (this.buffer === undefined) throw new CbcError('crypt() called without a preceding start()')
    let data = input
    const out: Buffer[] = []
    const first = this.engine === undefined
    if (first) {
      if (this.decrypting) data = this.fromDatastream(data)
      else out.push(this.fromOptions())
    }
    const bs = this.blocksize
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data])
    // 3.04 means to refuse a partial block without padding too, but its test
    // never fires for 'none' (the last block is then zero-filled by the XOR).
    if (this.padding === 'rijndael_compat' && data.length % bs !== 0) throw new CbcError(`When using rijndael_compat padding, plaintext size must be a multiple of ${bs}`)
    if (this.buffer.length < bs) return first ? (out[0] ?? Buffer.alloc(0)) : null
    const rem = this.buffer.length % bs
    // Decrypting keeps the last block back for the padding; encrypting keeps only a partial one.
    const keep = this.decrypting ? (rem === 0 ? bs : rem) : rem
    const whole = this.buffer.subarray(0, this.buffer.length - keep)
    this.buffer = Buffer.from(this.buffer.subarray(this.buffer.length - keep))
    if (whole.length > 0) out.push(this.engineFor().update(whole))
    if (out.length === 0) return first ? Buffer.alloc(0) : null
    return out.length === 1 ? out[0] : Buffer.concat(out)
  }

  finish (): Buffer {
    if (this.buffer === undefined) throw new CbcError('finish() called without a preceding start()')
    const block = this.buffer
    const bs = this.blocksize
    this.buffer = undefined
    if (block.length === 0 && this.padding === 'rijndael_compat') { this.engine = undefined; return Buffer.alloc(0) }
    const engine = this.engineFor()
    this.engine = undefined
    if (this.decrypting) {
      let plain: Buffer
      if (block.length === bs) plain = engine.update(block)
      // An empty last block (no data after the header) is "decrypted" by these
      // modules to '', and CBC's XOR with the chaining value yields the IV.
      else if (block.length === 0 && this.spec.emptyBlockOk) plain = Buffer.from(this.startIv ?? Buffer.alloc(0))
      else throw new CbcError(this.spec.shortBlockError)
      return this.needsPadding ? unpad(this.padding, plain, bs) : plain
    }
    // Without padding a short last block is XORed with the whole chaining
    // value in Perl, which is the same as filling it with NULs.
    const padded = this.needsPadding ? pad(this.padding, block, bs) : block.length > 0 ? pad('null', block, bs) : block
    if (padded.length === 0) return padded
    return engine.update(padded)
  }

  encrypt (data: Buffer): Buffer { this.start('encrypting'); return Buffer.concat([this.crypt(data) ?? Buffer.alloc(0), this.finish()]) }
  decrypt (data: Buffer): Buffer { this.start('decrypting'); return Buffer.concat([this.crypt(data) ?? Buffer.alloc(0), this.finish()]) }

  private engineFor (): CbcEngine {
    if (this.engine === undefined) throw new CbcError('crypt() must run before finish(): no cipher initialised')
    return this.engine
  }

  private kdf (salt: Buffer): { key: Buffer, iv: Buffer } {
    try {
      return keyAndIv({ pbkdf: this.pbkdf, keyLen: this.keysize, ivLen: this.blocksize, iter: this.iter, hash: this.hash }, salt, this.passphrase ?? Buffer.alloc(0))
    } catch (err) {
      throw new CbcError((err as Error).message)
    }
  }

  private setKeyAndIv (): void {
    if (!this.literalKey) {
      const { key, iv } = this.kdf(this.salt ?? Buffer.alloc(0))
      this.key = key
      if (this.makeRandomIv) this.iv = iv
    } else if (this.makeRandomIv) {
      this.iv = randomBytes(this.blocksize)
    }
    if (this.salt?.length !== 8) throw new CbcError('Salt must be exactly 8 bytes long')
    if (this.iv?.length !== this.blocksize) throw new CbcError(`IV must be exactly ${this.blocksize} bytes long`)
  }

  private newEngine (iv: Buffer | undefined): void {
    const key = this.key
    if (key === undefined || key.length === 0 || iv === undefined || iv.length === 0) {
      throw new CbcError(this.decrypting
        ? 'Could not derive key or iv from cipher stream, and you did not specify these values in new()'
        : 'key and/or iv are missing')
    }
    const bad = this.spec.keyError(key.length)
    if (bad !== null) throw new CbcError(bad)
    this.engine = cbcEngine(this.spec, key, iv, this.decrypting)
    this.startIv = iv
  }

  /** Reads the header off the first chunk of ciphertext; returns the rest. */
  private fromDatastream (data: Buffer): Buffer {
    let rest = data
    if (this.header === 'none') {
      this.salt ??= randomBytes(8)
      this.setKeyAndIv()
    } else if (this.header === 'salt') {
      if (data.length < 16 || !data.subarray(0, 8).equals(SALTED)) {
        throw new CbcError("Ciphertext does not begin with a valid header for 'salt' header mode")
      }
      this.salt = Buffer.from(data.subarray(8, 16))
      rest = data.subarray(16)
      const { key, iv } = this.kdf(this.salt)
      if (!this.literalKey) this.key = key
      if (!this.literalIv) this.iv = iv
    } else {
      if (data.length < 16 || !data.subarray(0, 8).equals(RANDOMIV)) {
        throw new CbcError("Ciphertext does not begin with a valid header for 'randomiv' header mode")
      }
      if (this.blocksize !== 8) throw new CbcError('randomiv header mode cannot be used securely when decrypting with a >8 byte block cipher.')
      this.iv = Buffer.from(data.subarray(8, 16))
      // 3.04 takes the key from the IV half here (its randomiv decrypt is
      // broken); 2.x took the MD5-chain key, which is what the files need.
      this.key = this.kdf(Buffer.alloc(0)).key
      rest = data.subarray(16)
    }
    this.newEngine(this.iv)
    return rest
  }

  /** Derives key and IV for encrypting; returns the header to emit. */
  private fromOptions (): Buffer {
    if (this.makeRandomSalt) this.salt = randomBytes(8)
    this.setKeyAndIv()
    let head = Buffer.alloc(0)
    if (this.header === 'salt') head = Buffer.concat([SALTED, this.salt as Buffer])
    else if (this.header === 'randomiv') { head = Buffer.concat([RANDOMIV, this.iv as Buffer]); this.salt = undefined }
    this.newEngine(this.iv)
    return head
  }
}

function pad (p: Padding, b: Buffer, bs: number): Buffer {
  const n = bs - b.length
  switch (p) {
    case 'standard': return Buffer.concat([b, Buffer.alloc(n, n)])
    case 'space': return Buffer.concat([b, Buffer.alloc(n, 0x20)])
    // an empty last block makes Crypt::CBC encrypt a whole block of nulls
    case 'null': return Buffer.concat([b, Buffer.alloc(n, 0)])
    case 'oneandzeroes':
    case 'rijndael_compat': return Buffer.concat([b, Buffer.from([0x80]), Buffer.alloc(n - 1, 0)])
    case 'none': return b
  }
}

function stripTrailing (b: Buffer, byte: number): Buffer {
  let end = b.length
  while (end > 0 && b[end - 1] === byte) end--
  return b.subarray(0, end)
}

function unpad (p: Padding, b: Buffer, bs: number): Buffer {
  switch (p) {
    case 'standard': {
      // substr($b, 0, $bs - $pad): a wrong key's pad byte > bs counts from the end, as Perl's substr does
      const keep = bs - (b.length > 0 ? b[b.length - 1] : 0)
      return b.subarray(0, keep >= 0 ? Math.min(keep, b.length) : Math.max(0, b.length + keep))
    }
    case 'space': return stripTrailing(b, 0x20)
    case 'null': return stripTrailing(b, 0)
    case 'oneandzeroes':
    case 'rijndael_compat': {
      const z = stripTrailing(b, 0)
      return z.length > 0 && z[z.length - 1] === 0x80 ? z.subarray(0, z.length - 1) : b
    }
    case 'none': return b
  }
}
