// Rows a statement read ahead of the script (DBD::Pg and DBD::mysql read a
// whole result at execute), kept as packed cells rather than JavaScript
// arrays: a 50 MB result is 50 MB of buffers, not millions of strings for the
// garbage collector, and a block goes out without being encoded again.
import { PackedTable, Writer, writeCell } from '../../src/packed.js'

/** Rows are appended to a segment until it holds this many bytes; taken blocks point into it, never copy it. */
const SEGMENT_BYTES = 1024 * 1024

class Segment {
  readonly cells = new Writer(64 * 1024)
  /** end offset in `cells` of each row */
  ends: number[] = []
  /** indexes (row * ncols + column) of NULL cells */
  nulls: number[] = []
  /** rows already taken from the front, and the first of `nulls` not yet passed */
  taken = 0
  nullAt = 0
  get size (): number { return this.ends.length }
}

export class RowStore {
  private segs: Segment[] = []
  /** rows held (appended, not yet taken) */
  rows = 0
  /** bytes of the cells held */
  bytes = 0
  /** rows and bytes ever appended: the result's row width, for sizing blocks */
  seenRows = 0
  seenBytes = 0

  /** `kinds`: S text or B bytes per column; `bytesFlip`: a column turns B where a value is bytes (SQLite's dynamic types). */
  constructor (readonly ncols: number, private kinds: string, private readonly bytesFlip = false) {}

  private tail (): Segment {
    let s = this.segs[this.segs.length - 1]
    if (s === undefined || s.cells.pos >= SEGMENT_BYTES) { s = new Segment(); this.segs.push(s) }
    return s
  }

  push (row: unknown[]): void {
    const s = this.tail()
    const before = s.cells.pos
    const base = s.size * this.ncols
    for (let c = 0; c < this.ncols; c++) {
      const v = row[c]
      if (writeCell(s.cells, v)) s.nulls.push(base + c)
      else if (this.bytesFlip && v instanceof Uint8Array && this.kinds[c] !== 'B') this.kinds = this.kinds.slice(0, c) + 'B' + this.kinds.slice(c + 1)
    }
    this.ended(s, before)
  }

  /** A row is written to the segment from `before` on: count it. */
  private ended (s: Segment, before: number): void {
    const n = s.cells.pos - before
    s.ends.push(s.cells.pos)
    this.rows++
    this.bytes += n
    this.seenRows++
    this.seenBytes += n
  }

  /**
   * Appends a PostgreSQL DataRow straight from the protocol's bytes: a text
   * value is already its packed cell body. `conv` per column: 0 as sent,
   * 1 boolean (t/f as DBD::Pg's 1/0), 2 bytea (hex text to its bytes).
   */
  pushDataRow (buf: Buffer, off: number, conv: Uint8Array): void {
    const s = this.tail()
    const w = s.cells
    const before = w.pos
    let p = off
    const n = buf.readInt16BE(p)
    p += 2
    if (n !== this.ncols) throw new RangeError(`a DataRow of ${n} fields in a result of ${this.ncols} columns`)
    const base = s.size * this.ncols
    for (let c = 0; c < n; c++) {
      const len = buf.readInt32BE(p)
      p += 4
      if (len < 0) { w.byte(0); s.nulls.push(base + c); continue }
      const k = conv[c]
      if (k === 0) {
        w.ber(len)
        w.ensure(len)
        // Buffer#copy costs more in argument checks than a short value's bytes
        if (len < 64) { const out = w.buf; let o = w.pos; for (let i = p, e = p + len; i < e; i++) out[o++] = buf[i] } else buf.copy(w.buf, w.pos, p, p + len)
        w.pos += len
      } else if (k === 1) {
        w.byte(1)
        w.byte(buf[p] === 0x74 ? 0x31 : 0x30)
      } else {
        // bytea's hex output ('\x...'), or the old escape format taken as its bytes
        const hex = len >= 2 && buf[p] === 0x5c && buf[p + 1] === 0x78
        w.bytes(hex ? Buffer.from(buf.toString('latin1', p + 2, p + len), 'hex') : buf.subarray(p, p + len))
      }
      p += len
    }
    this.ended(s, before)
  }

  /** The next n rows (or all held) as one packed table. */
  take (n: number): PackedTable {
    const want = Math.min(n, this.rows)
    const cells: Buffer[] = []
    const nullBits: number[] = []
    let got = 0
    while (got < want) {
      const s = this.segs[0]
      const k = Math.min(want - got, s.size - s.taken)
      const from = s.taken === 0 ? 0 : s.ends[s.taken - 1]
      const to = s.ends[s.taken + k - 1]
      cells.push(s.cells.buf.subarray(from, to))
      const hi = (s.taken + k) * this.ncols
      const shift = got * this.ncols - s.taken * this.ncols
      while (s.nullAt < s.nulls.length && s.nulls[s.nullAt] < hi) nullBits.push(s.nulls[s.nullAt++] + shift)
      this.bytes -= to - from
      s.taken += k
      got += k
      if (s.taken === s.size && this.segs.length > 1) this.segs.shift()
      else if (s.taken === s.size) { this.segs = [] }
    }
    this.rows -= got
    let bitmap: Buffer | null = null
    if (nullBits.length > 0) {
      bitmap = Buffer.alloc(Math.ceil(got * this.ncols / 8))
      for (const i of nullBits) bitmap[i >> 3] |= 1 << (i & 7)
    }
    return new PackedTable(this.ncols, got, this.kinds, bitmap, cells.length === 1 ? cells[0] : Buffer.concat(cells))
  }

  clear (): void { this.segs = []; this.rows = 0; this.bytes = 0 }
}
