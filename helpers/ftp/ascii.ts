// Net::FTP's ASCII-type conversions, byte for byte, so a script in `ascii`
// mode (Net::FTP's default type) gets the bytes the real module would write:
// downloads turn CRLF into LF (Net::FTP::A::read); uploads turn a LF without a
// CR before it into CRLF, per BlockSize chunk as Net::FTP::A::write does, which
// includes its quirk of dropping a CR that starts a chunk after a chunk ending
// in CR (the real module loses that byte; so must we, or the files differ).
import { Transform, type TransformCallback } from 'node:stream'

const CR = 0x0d
const LF = 0x0a

/** CRLF -> LF; a CR at a chunk's end waits for the next chunk (kept if the stream ends on it). */
export function asciiDownload (): Transform {
  let pendingCr = false
  return new Transform({
    transform (chunk: Buffer, _enc, done: TransformCallback) {
      const input = pendingCr ? Buffer.concat([Buffer.from([CR]), chunk]) : chunk
      pendingCr = input.length > 0 && input[input.length - 1] === CR
      const end = pendingCr ? input.length - 1 : input.length
      const out = Buffer.allocUnsafe(end)
      let n = 0
      for (let i = 0; i < end; i++) {
        if (input[i] === CR && i + 1 < end && input[i + 1] === LF) continue
        out[n++] = input[i]
      }
      done(null, out.subarray(0, n))
    },
    flush (done: TransformCallback) {
      done(null, pendingCr ? Buffer.from([CR]) : undefined)
    },
  })
}

/** One Net::FTP::A::write call on a block; `state.outCr`: the previous block ended in CR. */
function writeBlock (block: Buffer, state: { outCr: boolean }): Buffer {
  let hasCrOrLf = false
  for (const b of block) if (b === CR || b === LF) { hasCrOrLf = true; break }
  let out = block
  if (hasCrOrLf) {
    const conv: number[] = []
    for (let i = 0; i < block.length; i++) {
      if (block[i] === LF && (i === 0 || block[i - 1] !== CR)) conv.push(CR)
      conv.push(block[i])
    }
    out = Buffer.from(conv)
  }
  if (state.outCr && out.length > 0 && out[0] === CR) out = out.subarray(1)
  state.outCr = out.length > 0 && out[out.length - 1] === CR
  return out
}

/** LF -> CRLF in `blockSize` blocks, as Net::FTP's put reads the file (read($fh, $buf, $blksize)). */
export function asciiUpload (blockSize: number): Transform {
  const state = { outCr: false }
  let held: Buffer = Buffer.alloc(0)
  return new Transform({
    transform (chunk: Buffer, _enc, done: TransformCallback) {
      held = held.length === 0 ? chunk : Buffer.concat([held, chunk])
      const parts: Buffer[] = []
      while (held.length >= blockSize) {
        parts.push(writeBlock(held.subarray(0, blockSize), state))
        held = held.subarray(blockSize)
      }
      done(null, parts.length === 0 ? undefined : Buffer.concat(parts))
    },
    flush (done: TransformCallback) {
      done(null, held.length > 0 ? writeBlock(held, state) : undefined)
    },
  })
}
