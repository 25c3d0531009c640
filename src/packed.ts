// The packed bulk form (README "Packed bulk form"). Core Perl decodes it with
// `unpack`, 10-40x faster than JSON::PP, so rows, cells and parsed documents
// travel this way.
//
// A value is a token: one tag byte plus a BER-length-prefixed body (Perl's
// `a w/a`), so a whole stream splits into tokens with one `unpack '(a w/a)*'`
// and nesting is rebuilt from counts:
//
//   'N' undef/null (empty body)   't' true   'f' false   (empty bodies)
//   'S' UTF-8 text   'B' bytes   'n' number (ASCII decimal)
//   'A' array: body is the element count in decimal; the elements follow
//   'H' hash: body is the pair count; key ('S' token) and value tokens follow
//   'R' table, decoded as an array of row arrays; its body is, in one
//       `unpack 'w w w/a w/a (w/a)*'`: ncols, nrows, column kinds (one of
//       S B n per column), null bitmap (LSB-first, row-major; empty when no
//       cell is NULL), then nrows*ncols cells.

export const PACKED_MEDIA_TYPE = 'application/vnd.cpan-bridge.packed'

/**
 * Marks a value a helper wants sent packed when the client accepts it; plain
 * JSON otherwise. Bytes need no mark: a Buffer anywhere in a result is packed
 * for a packed client and {"$base64"} in JSON.
 */
export class Bulk<T = unknown> {
  constructor (readonly value: T) {}
  toJSON (): T { return this.value }
}

/** A table that is sent in the flat 'R' form; `kinds` picks text/bytes/number per column. */
export class Table {
  constructor (readonly rows: unknown[][], readonly ncols: number, readonly kinds?: string) {}
  toJSON (): unknown[][] { return this.rows }
}

export const bulk = <T>(value: T): Bulk<T> => new Bulk(value)

/** A growable byte buffer with the codec's length prefixes (BER, Perl's `w`). */
export class Writer {
  buf: Buffer
  pos = 0
  constructor (size = 4096) { this.buf = Buffer.allocUnsafe(size) }

  ensure (n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  byte (b: number): void { this.ensure(1); this.buf[this.pos++] = b }

  ber (n: number): void {
    if (n < 0x80) { this.byte(n); return }
    const bytes: number[] = []
    bytes.push(n % 128)
    n = Math.floor(n / 128)
    while (n > 0) { bytes.push((n % 128) | 0x80); n = Math.floor(n / 128) }
    this.ensure(bytes.length)
    for (let i = bytes.length - 1; i >= 0; i--) this.buf[this.pos++] = bytes[i]
  }

  text (s: string): void {
    // ASCII fast path avoids a byteLength scan for the common case.
    const max = s.length * 3
    this.ensure(max + 5)
    // short ASCII is copied here: a native Buffer.write per cell costs more than the copy
    if (s.length < 48) {
      const buf = this.buf
      let p = this.pos + 1
      let i = 0
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) break
        buf[p++] = c
      }
      if (i === s.length) { buf[this.pos] = i; this.pos = p; return }
    }
    if (s.length < 128) {
      const start = this.pos++
      const n = this.buf.write(s, this.pos, 'utf8')
      if (n < 128) { this.buf[start] = n; this.pos += n; return }
      this.pos = start
    }
    const n = Buffer.byteLength(s, 'utf8')
    this.ber(n)
    this.ensure(n)
    this.buf.write(s, this.pos, 'utf8')
    this.pos += n
  }

  bytes (b: Uint8Array): void {
    this.ber(b.length)
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  /** Appends bytes without a length prefix (table cells: their count is known). */
  raw (b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  result (): Buffer { return this.buf.subarray(0, this.pos) }
}

const T = {
  NULL: 0x4e, TEXT: 0x53, BYTES: 0x42, NUM: 0x6e, TRUE: 0x74, FALSE: 0x66,
  ARRAY: 0x41, HASH: 0x48, TABLE: 0x52,
} as const

function numberText (n: number | bigint): string {
  return typeof n === 'bigint' ? n.toString() : (Number.isFinite(n) ? String(n) : 'null')
}

function writeValue (w: Writer, v: unknown, depth: number): void {
  if (depth > 512) throw new RangeError('packed: value nested deeper than 512 levels')
  // Non-finite numbers are null, as in the JSON form (a Perl `0 + "null"` would be 0).
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) { w.byte(T.NULL); w.byte(0); return }
  switch (typeof v) {
    case 'string': w.byte(T.TEXT); w.text(v); return
    case 'number':
    case 'bigint': w.byte(T.NUM); w.text(numberText(v)); return
    case 'boolean': w.byte(v ? T.TRUE : T.FALSE); w.byte(0); return
  }
  if (v instanceof Uint8Array) { w.byte(T.BYTES); w.bytes(v); return }
  if (v instanceof Table) { writeTable(w, v); return }
  if (v instanceof PackedTable) { writePackedTable(w, v); return }
  if (v instanceof PrePacked) { w.raw(v.bytes); return }
  if (v instanceof Bulk) { writeValue(w, v.value, depth); return }
  if (Array.isArray(v)) {
    w.byte(T.ARRAY); w.text(String(v.length))
    for (const item of v) writeValue(w, item, depth + 1)
    return
  }
  if (v instanceof Date) { w.byte(T.TEXT); w.text(v.toISOString()); return }
  if (typeof v === 'object') {
    // Like JSON.stringify: a key whose value is undefined (or a function) is absent, not null.
    const keys = Object.keys(v).filter(k => { const x = (v as Record<string, unknown>)[k]; return x !== undefined && typeof x !== 'function' && typeof x !== 'symbol' })
    w.byte(T.HASH); w.text(String(keys.length))
    for (const k of keys) { w.byte(T.TEXT); w.text(k); writeValue(w, (v as Record<string, unknown>)[k], depth + 1) }
    return
  }
  throw new TypeError(`packed: cannot encode a ${typeof v}`)
}

function cellKind (v: unknown): number {
  if (v instanceof Uint8Array) return T.BYTES
  if (typeof v === 'number' || typeof v === 'bigint') return T.NUM
  return T.TEXT
}

function writeTable (w: Writer, t: Table): void {
  const { rows, ncols } = t
  const body = new Writer(rows.length * ncols * 8 + 64)
  body.ber(ncols); body.ber(rows.length)
  let kinds = t.kinds
  if (kinds === undefined) {
    const k: number[] = new Array(ncols).fill(T.TEXT)
    for (let c = 0; c < ncols; c++) {
      for (const row of rows) { const v = row[c]; if (v !== null && v !== undefined) { k[c] = cellKind(v); break } }
    }
    kinds = String.fromCharCode(...k)
  }
  body.text(kinds)
  const bitmap = Buffer.alloc(Math.ceil(rows.length * ncols / 8))
  let anyNull = false
  const cells = new Writer(rows.length * ncols * 8 + 16)
  let i = 0
  for (const row of rows) {
    if (row.length !== ncols) throw new RangeError(`packed: table row has ${row.length} cells, expected ${ncols}`)
    for (let c = 0; c < ncols; c++, i++) {
      if (writeCell(cells, row[c])) { bitmap[i >> 3] |= 1 << (i & 7); anyNull = true }
    }
  }
  body.bytes(anyNull ? bitmap : Buffer.alloc(0))
  body.raw(cells.result())
  w.byte(T.TABLE)
  w.bytes(body.result())
}

/** Appends one table cell (`w/a`); true when the value is NULL (an empty cell whose bit the caller sets). */
export function writeCell (w: Writer, v: unknown): boolean {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) { w.byte(0); return true }
  if (typeof v === 'string') w.text(v)
  else if (v instanceof Uint8Array) w.bytes(v)
  else if (typeof v === 'number' || typeof v === 'bigint') w.text(numberText(v))
  else if (typeof v === 'boolean') w.text(v ? '1' : '0')
  else if (v instanceof Date) w.text(v.toISOString())
  else w.text(JSON.stringify(v))
  return false
}

/**
 * A table whose cells are already encoded (a result the daemon keeps as
 * packed bytes): it goes out as an 'R' token without becoming row arrays.
 * `nulls` is the table's NULL bitmap, or null when no cell is NULL.
 */
export class PackedTable {
  constructor (readonly ncols: number, readonly nrows: number, readonly kinds: string, readonly nulls: Buffer | null, readonly cells: Buffer) {}

  /** The rows as values (S text, B bytes, n numbers), for callers that need them as JavaScript. */
  rows (): unknown[][] {
    const w = new Writer(this.cells.length + 32)
    w.ber(this.ncols); w.ber(this.nrows); w.text(this.kinds); w.bytes(this.nulls ?? Buffer.alloc(0)); w.raw(this.cells)
    return readTable(new Reader(w.result()))
  }

  // JSON.stringify calls toJSON before any replacer: while frameReply packs a
  // reply, the table stays itself (its replacer sends the cells as they are)
  // instead of being decoded into rows only to be thrown away
  toJSON (): unknown { return framing > 0 ? this : this.rows() }
}

/**
 * A value encoded already (a worker thread packed it, so the bytes were
 * built off the event loop): packed clients get the bytes as they are,
 * JSON clients the decoded value.
 */
export class PrePacked {
  readonly bytes: Buffer
  /** A worker's reply arrives as a Uint8Array (structured clone): viewed as a Buffer, not copied. */
  constructor (bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  toJSON (): unknown { return framing > 0 ? this : decodePacked(this.bytes) }
}

/** frameReply is stringifying (PackedTable.toJSON, PrePacked.toJSON) */
let framing = 0

function writePackedTable (w: Writer, t: PackedTable): void {
  const head = new Writer(64 + (t.nulls?.length ?? 0))
  head.ber(t.ncols); head.ber(t.nrows); head.text(t.kinds); head.bytes(t.nulls ?? Buffer.alloc(0))
  const h = head.result()
  w.byte(T.TABLE)
  w.ber(h.length + t.cells.length)
  w.raw(h)
  w.raw(t.cells)
}

/** Encodes one value. */
export function encodePacked (value: unknown): Buffer {
  const w = new Writer()
  writeValue(w, value, 0)
  return w.result()
}

class Reader {
  pos = 0
  constructor (readonly buf: Buffer) {}
  byte (): number {
    if (this.pos >= this.buf.length) throw new RangeError('packed: truncated input')
    return this.buf[this.pos++]
  }

  ber (): number {
    let n = 0
    for (let i = 0; i < 8; i++) {
      const b = this.byte()
      n = n * 128 + (b & 0x7f)
      if ((b & 0x80) === 0) return n
    }
    throw new RangeError('packed: length prefix too long')
  }

  chunk (): Buffer {
    const n = this.ber()
    if (this.pos + n > this.buf.length) throw new RangeError('packed: truncated input')
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }
}

function count (body: Buffer, r: Reader): number {
  const n = Number(body.toString('latin1'))
  // every element takes at least two bytes, so a count past that is a lie
  if (!/^\d{1,10}$/.test(body.toString('latin1')) || n * 2 > r.buf.length - r.pos) throw new RangeError('packed: bad container count')
  return n
}

function readValue (r: Reader, depth: number): unknown {
  if (depth > 512) throw new RangeError('packed: value nested deeper than 512 levels')
  const tag = r.byte()
  const body = r.chunk()
  switch (tag) {
    case T.NULL: return null
    case T.TEXT: return body.toString('utf8')
    case T.BYTES: return Buffer.from(body)
    case T.NUM: return Number(body.toString('latin1'))
    case T.TRUE: return true
    case T.FALSE: return false
    case T.ARRAY: {
      const n = count(body, r)
      const out = new Array<unknown>(n)
      for (let i = 0; i < n; i++) out[i] = readValue(r, depth + 1)
      return out
    }
    case T.HASH: {
      const n = count(body, r)
      const out: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        if (r.byte() !== T.TEXT) throw new RangeError('packed: hash key is not text')
        const k = r.chunk().toString('utf8')
        const v = readValue(r, depth + 1)
        // A plain own property even for "__proto__": data, not a prototype change.
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
      }
      return out
    }
    case T.TABLE: return readTable(new Reader(body))
    default: throw new RangeError(`packed: unknown tag 0x${tag.toString(16)} at byte ${r.pos - 1}`)
  }
}

function readTable (r: Reader): unknown[][] {
  const ncols = r.ber()
  const nrows = r.ber()
  const kinds = r.chunk().toString('latin1')
  const bitmap = r.chunk()
  if (kinds.length !== ncols) throw new RangeError('packed: table kinds do not match its column count')
  // zero columns would let a few bytes claim billions of (empty) rows
  if (ncols === 0 && nrows !== 0) throw new RangeError('packed: table has rows but no columns')
  if (ncols * nrows > r.buf.length - r.pos) throw new RangeError('packed: table larger than its input')
  if (bitmap.length !== 0 && bitmap.length !== Math.ceil(ncols * nrows / 8)) throw new RangeError('packed: table null bitmap has the wrong size')
  const rows: unknown[][] = new Array(nrows)
  let i = 0
  for (let y = 0; y < nrows; y++) {
    const row = new Array<unknown>(ncols)
    for (let c = 0; c < ncols; c++, i++) {
      const cell = r.chunk()
      if (bitmap.length > 0 && (bitmap[i >> 3] & (1 << (i & 7))) !== 0) { row[c] = null; continue }
      const k = kinds.charCodeAt(c)
      row[c] = k === T.BYTES ? Buffer.from(cell) : k === T.NUM ? Number(cell.toString('latin1')) : cell.toString('utf8')
    }
    rows[y] = row
  }
  if (r.pos !== r.buf.length) throw new RangeError('packed: table has trailing bytes')
  return rows
}

/** Decodes one value; throws RangeError on malformed input, never reads past the buffer. */
export function decodePacked (buf: Buffer): unknown {
  const r = new Reader(buf)
  const v = readValue(r, 0)
  if (r.pos !== buf.length) throw new RangeError(`packed: ${buf.length - r.pos} trailing bytes`)
  return v
}

/**
 * Frames a JSON-RPC reply for a client that accepts packed bodies: the
 * envelope's Bulk/Table values become {"$packed":[offset,length]} into the
 * bytes that follow it. Returns null when there is nothing bulk to pack.
 */
export function frameReply (reply: unknown): Buffer | null {
  const whole = frameWholeResult(reply)
  if (whole !== null) return whole
  const parts: Buffer[] = []
  let offset = 0
  framing++
  let envelope: string
  try {
    envelope = stringifyKeepingBuffers(reply, function (this: Record<string, unknown>, key: string, value: unknown) {
      const orig = this[key]
      if (orig instanceof Bulk || orig instanceof Table || orig instanceof PackedTable || orig instanceof PrePacked || orig instanceof Uint8Array) {
        const bytes = orig instanceof PrePacked ? orig.bytes : withBufferToJSON(() => encodePacked(orig))
        parts.push(bytes)
        const ref = { $packed: [offset, bytes.length] }
        offset += bytes.length
        return ref
      }
      return jsonValue(orig, value)
    })
  } finally {
    framing--
  }
  if (parts.length === 0) return null
  const head = Buffer.from(envelope, 'utf8')
  return Buffer.concat([Buffer.from(`${head.length}\n`, 'latin1'), head, ...parts])
}

/** a result packed whole: at most this many values, and bytes of at most this size in it */
const WHOLE_MAX_VALUES = 512
const WHOLE_MAX_BYTES = 64 * 1024

/**
 * A single reply whose result carries bytes and is otherwise small and plain
 * (JSON values, bytes and pre-packed values under WHOLE_MAX_BYTES) goes as one
 * packed value, `{"jsonrpc":"2.0","id":N,"result":{"$packed":[0,len]}}`: the Perl
 * client reads that with one unpack instead of its JSON tokenizer and a walk for
 * the references (an http.request head: 45 -> 15 us, on every request). The
 * decoded values are the same either way; anything whose JSON form is not plainly
 * its value (a Bulk, a Table, a Date, a bigint, a class instance, a toJSON) keeps
 * the reference framing, and so does a result without bytes (it stays JSON).
 */
function frameWholeResult (reply: unknown): Buffer | null {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) return null
  const r = reply as Record<string, unknown>
  if (r.error !== undefined || !('result' in r) || (typeof r.id !== 'number' && typeof r.id !== 'string')) return null
  const walk = { values: 0, bytes: false }
  if (!plainValue(r.result, walk, 0) || !walk.bytes) return null
  // packed into one scratch buffer kept between replies (this runs synchronously), then copied
  // once into the body: no fresh 4 KiB Writer and no concat of three buffers per reply
  const w = SCRATCH.buf.length > 1024 * 1024 ? (SCRATCH = new Writer(16 * 1024)) : SCRATCH
  w.pos = 0
  writeValue(w, r.result, 0)
  const head = JSON.stringify({ jsonrpc: r.jsonrpc, id: r.id, result: { $packed: [0, w.pos] } })
  const headLen = Buffer.byteLength(head, 'utf8')
  const prefix = `${headLen}\n`
  const out = Buffer.allocUnsafe(prefix.length + headLen + w.pos)
  let at = out.write(prefix, 0, 'latin1')
  at += out.write(head, at, 'utf8')
  w.buf.copy(out, at, 0, w.pos)
  return out
}

let SCRATCH = new Writer(16 * 1024)

function plainValue (v: unknown, walk: { values: number, bytes: boolean }, depth: number): boolean {
  if (++walk.values > WHOLE_MAX_VALUES || depth > 32) return false
  if (v === null || v === undefined) return true
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': return true
    case 'object': break
    default: return false
  }
  if (v instanceof Uint8Array || v instanceof PrePacked) {
    walk.bytes = true
    return (v instanceof PrePacked ? v.bytes.length : v.length) <= WHOLE_MAX_BYTES
  }
  if (Array.isArray(v)) {
    for (const x of v) if (!plainValue(x, walk, depth + 1)) return false
    return true
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return false
  const o = v as Record<string, unknown>
  if (typeof o.toJSON === 'function') return false
  for (const k in o) if (!plainValue(o[k], walk, depth + 1)) return false
  return true
}

// JSON.stringify calls a value's toJSON before the replacer sees it, and a
// Buffer's toJSON builds an array of every byte ({type, data: [...]}) that the
// replacer then throws away for a $packed reference or a $base64 string: most
// of the time of a reply carrying megabytes (ftp.read, crypto, sftp.read_content,
// http bodies). While the daemon's own replies are stringified, a Buffer stands
// for itself, so the replacer gets it as it is.
const BUFFER_PROTO = Buffer.prototype as unknown as { toJSON: (this: Buffer) => unknown }
const BUFFER_TO_JSON = BUFFER_PROTO.toJSON
function bufferItself (this: Buffer): unknown { return this }

type Replacer = (this: Record<string, unknown>, key: string, value: unknown) => unknown

function stringifyKeepingBuffers (value: unknown, replacer: Replacer): string {
  const saved = BUFFER_PROTO.toJSON
  BUFFER_PROTO.toJSON = bufferItself
  try {
    return JSON.stringify(value, replacer)
  } finally {
    BUFFER_PROTO.toJSON = saved
  }
}

/** Runs f with Buffer's own toJSON (a table cell that is an object holding a Buffer is written as JSON.stringify writes it). */
function withBufferToJSON<T> (f: () => T): T {
  const saved = BUFFER_PROTO.toJSON
  BUFFER_PROTO.toJSON = BUFFER_TO_JSON
  try {
    return f()
  } finally {
    BUFFER_PROTO.toJSON = saved
  }
}

/** JSON form of values JSON.stringify gets wrong for us: bytes (bare or in a Bulk) become {"$base64": ...}. */
export function jsonValue (held: unknown, value: unknown): unknown {
  const orig = held instanceof Bulk ? held.value : held
  if (orig instanceof Uint8Array) return { $base64: Buffer.from(orig.buffer, orig.byteOffset, orig.byteLength).toString('base64') }
  if (typeof orig === 'bigint') return orig.toString()
  // bytes a toJSON returned (PrePacked's decoded 'B' token): JSON.stringify would write them as {"0":..,"1":..}
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  return value
}

export function stringifyReply (reply: unknown): string {
  return stringifyKeepingBuffers(reply, function (this: Record<string, unknown>, key: string, value: unknown) {
    return jsonValue(this[key], value)
  })
}

/**
 * A packed request whose references add up to more bytes than a body may
 * have: a value referenced many times would be decoded once per reference.
 */
export class PackedTooLargeError extends RangeError {
  /** `envelope`: the parsed JSON part, whose id the error reply still answers */
  constructor (readonly referenced: number, readonly limit: number, readonly envelope: unknown) {
    super(`packed: the $packed references cover ${referenced} bytes, over the limit of ${limit} (CPAN_BRIDGE_MAX_BODY_MB)`)
    this.name = 'PackedTooLargeError'
  }
}

interface Ref { holder: Record<string, unknown> | unknown[], key: string | number, off: number, len: number }

/**
 * Parses a framed packed request body: `<len>\n<json><bytes>`, resolving $packed refs.
 * Each packed byte belongs to at most one reference (CPANBridge::Frame lays its parts
 * out one after another), so decoding costs at most the body: references that overlap
 * are refused, and so are references covering more than `limit` bytes in all.
 */
export function unframeRequest (body: Buffer, limit = body.length): unknown {
  const nl = body.indexOf(0x0a)
  if (nl < 1 || nl > 12) throw new RangeError('packed: missing envelope length line')
  const len = Number(body.subarray(0, nl).toString('latin1'))
  if (!Number.isInteger(len) || len < 0 || nl + 1 + len > body.length) throw new RangeError('packed: bad envelope length')
  const root: unknown[] = [JSON.parse(body.subarray(nl + 1, nl + 1 + len).toString('utf8'))]
  const data = body.subarray(nl + 1 + len)
  const refs = findRefs(root, data)
  let total = 0
  for (const r of refs) total += r.len
  if (total > limit) throw new PackedTooLargeError(total, limit, root[0])
  const byOffset = [...refs].sort((a, b) => a.off - b.off)
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1]
    if (prev.off + prev.len > byOffset[i].off) throw new RangeError('packed: $packed references overlap; each packed value may be referenced once')
  }
  for (const r of refs) (r.holder as Record<string | number, unknown>)[r.key] = decodePacked(data.subarray(r.off, r.off + r.len))
  return root[0]
}

/** Every {"$packed": [offset, length]} in the envelope, with where it sits; iterative, so no depth overflows the stack. */
function findRefs (root: unknown[], data: Buffer): Ref[] {
  const refs: Ref[] = []
  const stack: Array<[Record<string, unknown> | unknown[], string | number]> = [[root, 0]]
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!
    const v = (holder as Record<string | number, unknown>)[key]
    if (v === null || typeof v !== 'object') continue
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v, i])
      continue
    }
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    const ref = o.$packed
    if (Array.isArray(ref) && keys.length === 1) {
      const [off, len] = ref as [unknown, unknown]
      if (typeof off !== 'number' || typeof len !== 'number' || !Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 0 || off + len > data.length) {
        throw new RangeError('packed: $packed reference outside the body')
      }
      refs.push({ holder, key, off, len })
      continue
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push([o, keys[i]])
  }
  return refs
}
