// pg's protocol parser makes every DataRow an array of JavaScript strings. A
// result the daemon keeps as packed bytes does not need them: this hands
// the DataRow message over as a view of its bytes, which PgCursor copies
// straight into the packed store, and makes the strings only when pg's own
// code asks for `fields` (its Query does, synchronously, as before).
import { createRequire } from 'node:module'

const DATA_ROW = 0x44

/** A DataRow message as pg-protocol's parser hands it out: `bytes` is valid only while it is being handled. */
export class RawDataRow {
  readonly name = 'dataRow'
  constructor (public bytes: Buffer, public offset: number, public length: number) {}

  get fieldCount (): number { return this.bytes.readInt16BE(this.offset) }

  /** pg-protocol's own decoding: text as UTF-8 strings, NULL as null. */
  get fields (): Array<string | null> {
    const b = this.bytes
    let p = this.offset
    const n = b.readInt16BE(p)
    p += 2
    const out = new Array<string | null>(n)
    for (let i = 0; i < n; i++) {
      const len = b.readInt32BE(p)
      p += 4
      if (len === -1) { out[i] = null; continue }
      out[i] = b.toString('utf8', p, p + len)
      p += len
    }
    return out
  }
}

type HandlePacket = (offset: number, code: number, length: number, bytes: Buffer) => unknown
let installed = false

/** Installs the raw DataRow hand-over in pg-protocol's parser (once; every connection's parser shares the prototype). */
export function installRawDataRows (): void {
  if (installed) return
  installed = true
  // pg loads pg-protocol through require: patch that instance, not an ESM copy of it
  const req = createRequire(createRequire(import.meta.url).resolve('pg'))
  const { Parser } = req('pg-protocol/dist/parser.js') as { Parser: { prototype: { handlePacket: HandlePacket } } }
  const original = Parser.prototype.handlePacket
  // one message object per parser, refilled: pg emits a DataRow and its handlers read it before the
  // parser goes on (none keeps it), so a million-row result makes no million message objects
  const rows = new WeakMap<object, RawDataRow>()
  Parser.prototype.handlePacket = function (this: object, offset: number, code: number, length: number, bytes: Buffer): unknown {
    if (code !== DATA_ROW) return original.call(this, offset, code, length, bytes)
    let m = rows.get(this)
    if (m === undefined) { m = new RawDataRow(bytes, offset, length); rows.set(this, m); return m }
    m.bytes = bytes; m.offset = offset; m.length = length
    return m
  }
}
