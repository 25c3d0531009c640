// Body bytes as they go into an http.request/read_body reply: pre-packed
// for a packed client, base64 for a JSON one (see BodyBytes).
import { PrePacked } from '../../src/packed.js'
import { HEAD_ROOM } from './body.js'

/**
 * Body bytes for a reply, packed already ('B', BER length, the bytes) for a
 * packed client and {"$base64"} for a JSON one. A bare Buffer would cost
 * twice: JSON.stringify calls its toJSON (an array of every byte) before the
 * reply framing's replacer sees it, and the packer copies the block into a
 * buffer it grows by doubling. When the block was copied together anyway
 * (headRoom) the token head goes in front of it, so nothing is copied again.
 */
class BodyBytes extends PrePacked {
  constructor (private readonly content: Buffer, headRoom: boolean) {
    super(token(content, headRoom))
  }

  override toJSON (): unknown {
    const framed = super.toJSON()
    return framed === this ? this : { $base64: this.content.toString('base64') }
  }
}

function token (content: Buffer, headRoom: boolean): Buffer {
  const n = content.length
  const len: number[] = [n % 128]
  for (let rest = Math.floor(n / 128); rest > 0; rest = Math.floor(rest / 128)) len.push((rest % 128) | 0x80)
  len.reverse()
  const headLen = 1 + len.length
  if (headRoom && headLen <= HEAD_ROOM && content.byteOffset >= headLen) {
    const t = Buffer.from(content.buffer, content.byteOffset - headLen, headLen + n)
    t[0] = 0x42
    for (let i = 0; i < len.length; i++) t[1 + i] = len[i]
    return t
  }
  const t = Buffer.allocUnsafe(headLen + n)
  t[0] = 0x42
  for (let i = 0; i < len.length; i++) t[1 + i] = len[i]
  content.copy(t, headLen)
  return t
}

/** first blocks with head room (runRequest's result carries a plain Buffer, also to the old names) */
export const roomy = new WeakSet<Buffer>()
export const asBytes = (b: Buffer, headRoom = roomy.has(b)): BodyBytes => new BodyBytes(b, headRoom)
