// The cells of an open workbook, kept compact until the save: a script may
// write a million cells in any order and overwrite them, and a million JS
// objects would cost hundreds of MB. Each cell is 21 bytes of typed arrays
// (sheet, row, col, kind, format, number-or-text-offset) plus its text in a
// byte buffer; the arrays move to the save worker without a copy.

/** Cell kinds as stored; the wire's one-letter kinds map onto them. */
export const KIND = { s: 1, n: 2, f: 3, b: 4, u: 5, B: 6 } as const
export type KindCode = typeof KIND[keyof typeof KIND]

const CHUNK = 1 << 16
const NO_EXTRA = 0xFFFFFFFF

export interface CellChunk {
  n: number
  sheet: Uint16Array
  row: Uint32Array
  col: Uint16Array
  kind: Uint8Array
  /** format index, -1 for none */
  fmt: Int32Array
  /** the number (n, B), or the byte offset of the text record (s, f, u) */
  num: Float64Array
  /** text records: u32 length + UTF-8 value, then for f/u u32 length (0xFFFFFFFF: none) + UTF-8 extra */
  text: Uint8Array
}

function newChunk (): CellChunk {
  return {
    n: 0, sheet: new Uint16Array(CHUNK), row: new Uint32Array(CHUNK), col: new Uint16Array(CHUNK),
    kind: new Uint8Array(CHUNK), fmt: new Int32Array(CHUNK), num: new Float64Array(CHUNK), text: new Uint8Array(0),
  }
}

export class CellStore {
  private readonly chunks: CellChunk[] = []
  private cur: CellChunk | null = null
  private textBuf = Buffer.allocUnsafe(4096)
  private textLen = 0
  count = 0

  private room (): CellChunk {
    if (this.cur === null || this.cur.n === CHUNK) {
      this.seal()
      this.cur = newChunk()
      this.chunks.push(this.cur)
    }
    return this.cur
  }

  /** Ends the current chunk's text buffer at its used length. */
  private seal (): void {
    if (this.cur === null) return
    this.cur.text = new Uint8Array(this.textBuf.subarray(0, this.textLen))
    this.textBuf = Buffer.allocUnsafe(4096)
    this.textLen = 0
  }

  private ensure (n: number): void {
    if (this.textLen + n <= this.textBuf.length) return
    let size = this.textBuf.length * 2
    while (size < this.textLen + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.textBuf.copy(next, 0, 0, this.textLen)
    this.textBuf = next
  }

  private putText (s: string | null): void {
    if (s === null) { this.ensure(4); this.textBuf.writeUInt32LE(NO_EXTRA, this.textLen); this.textLen += 4; return }
    this.ensure(4 + s.length * 3)
    const n = this.textBuf.write(s, this.textLen + 4, 'utf8')
    this.textBuf.writeUInt32LE(n, this.textLen)
    this.textLen += 4 + n
  }

  add (sheet: number, row: number, col: number, kind: KindCode, fmt: number, num: number, text: string | null, extra: string | null): void {
    const c = this.room()
    const i = c.n++
    c.sheet[i] = sheet; c.row[i] = row; c.col[i] = col; c.kind[i] = kind; c.fmt[i] = fmt
    if (kind === KIND.s || kind === KIND.f || kind === KIND.u) {
      c.num[i] = this.textLen
      this.putText(text ?? '')
      if (kind !== KIND.s) this.putText(extra)
    } else {
      c.num[i] = num
    }
    this.count++
  }

  /** The chunks, trimmed, for the save; the store is empty afterwards. */
  take (): CellChunk[] {
    this.seal()
    if (this.cur !== null) {
      const c = this.cur
      c.sheet = c.sheet.slice(0, c.n); c.row = c.row.slice(0, c.n); c.col = c.col.slice(0, c.n)
      c.kind = c.kind.slice(0, c.n); c.fmt = c.fmt.slice(0, c.n); c.num = c.num.slice(0, c.n)
    }
    const out = this.chunks.splice(0)
    this.cur = null
    this.count = 0
    return out
  }
}

/** The ArrayBuffers of chunks, to transfer (not copy) to a worker. */
export function transferList (chunks: CellChunk[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  for (const c of chunks) {
    for (const a of [c.sheet, c.row, c.col, c.kind, c.fmt, c.num, c.text]) {
      if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer)
    }
  }
  return out
}

/** Reads a stored cell back (in the worker). */
export class CellReader {
  private readonly text: Buffer[]
  constructor (readonly chunks: CellChunk[]) {
    this.text = chunks.map(c => Buffer.from(c.text.buffer, c.text.byteOffset, c.text.byteLength))
  }

  at (g: number): { c: CellChunk, i: number } { return { c: this.chunks[g >>> 16], i: g & 0xFFFF } }

  /** The value text (s, f, u) of cell g. */
  value (g: number): string {
    const c = this.chunks[g >>> 16]
    const off = c.num[g & 0xFFFF]
    const b = this.text[g >>> 16]
    const n = b.readUInt32LE(off)
    return b.toString('utf8', off + 4, off + 4 + n)
  }

  /** The extra text (f: cached value, u: display string) of cell g, or null. */
  extra (g: number): string | null {
    const c = this.chunks[g >>> 16]
    const b = this.text[g >>> 16]
    let off = c.num[g & 0xFFFF]
    off += 4 + b.readUInt32LE(off)
    const n = b.readUInt32LE(off)
    return n === NO_EXTRA ? null : b.toString('utf8', off + 4, off + 4 + n)
  }
}

/**
 * The cells in writing order: by sheet, row, column, and for one position
 * only the last one written (E::W::X overwrites). Cells written in order (the
 * usual loop) are checked in one pass and kept as they are; otherwise three
 * stable counting sorts (column, row, sheet): linear, no comparator calls.
 */
export function writingOrder (chunks: CellChunk[]): Uint32Array {
  let total = 0
  for (const c of chunks) total += c.n
  const idx = new Uint32Array(total)
  let k = 0
  let sorted = true
  let prevKey = -1
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci]
    for (let i = 0; i < c.n; i++) {
      idx[k++] = ((ci << 16) | i) >>> 0
      // sheet < 2^16, row < 2^20, col < 2^14: the key is exact in a double
      const key = (c.sheet[i] * 1_048_576 + c.row[i]) * 16_384 + c.col[i]
      if (key <= prevKey) sorted = false
      prevKey = key
    }
  }
  if (sorted) return idx
  const sheet = new Uint16Array(total)
  const row = new Uint32Array(total)
  const col = new Uint16Array(total)
  k = 0
  for (const c of chunks) { sheet.set(c.sheet.subarray(0, c.n), k); row.set(c.row.subarray(0, c.n), k); col.set(c.col.subarray(0, c.n), k); k += c.n }
  // sort sequence numbers (positions in the flat arrays), then map them back to chunk indexes
  let seq = new Uint32Array(total)
  for (let j = 0; j < total; j++) seq[j] = j
  const pass = (keys: Uint16Array | Uint32Array): void => {
    let max = 0
    for (let j = 0; j < total; j++) if (keys[j] > max) max = keys[j]
    const counts = new Uint32Array(max + 2)
    for (let j = 0; j < total; j++) counts[keys[seq[j]] + 1]++
    for (let v = 1; v < counts.length; v++) counts[v] += counts[v - 1]
    const out = new Uint32Array(total)
    for (let j = 0; j < total; j++) { const g = seq[j]; out[counts[keys[g]]++] = g }
    seq = out
  }
  pass(col)
  pass(row)
  pass(sheet)
  // keep the last of each run of equal positions (the stable sorts kept write order within a run)
  let w = 0
  for (let j = 0; j < total; j++) {
    const g = seq[j]
    if (j + 1 < total) {
      const h = seq[j + 1]
      if (sheet[g] === sheet[h] && row[g] === row[h] && col[g] === col[h]) continue
    }
    idx[w++] = ((Math.floor(g / CHUNK) << 16) | (g % CHUNK)) >>> 0
  }
  return idx.subarray(0, w)
}
