// A response body read block by block. undici pushes chunks; the reader keeps
// at most about one block (`highWater`) and then pauses the socket until the
// client takes it, so a 100 MB download never sits in the daemon. The session
// handle (kind `http_body`) is one of these; closing it discards the rest,
// which also drops the connection (an unread body cannot be skipped cheaply).
import type { TransportError } from './errors.js'

/**
 * Bytes kept free in front of a block's content when the block is copied
 * together anyway: the reply framing writes its own token head there instead
 * of copying a 4 MiB block once more.
 */
export const HEAD_ROOM = 6

export interface Block {
  content: Buffer
  /** the HEAD_ROOM bytes before content (in its ArrayBuffer) are free to write */
  headRoom: boolean
  eof: boolean
  error?: TransportError
  aborted?: 'max_size'
}

export class BodyReader {
  private chunks: Buffer[] = []
  private buffered = 0
  /** bytes handed to the reader so far (max_size counts these and the buffered ones) */
  private received = 0
  private ended = false
  private failure: TransportError | undefined
  private abortedBy: 'max_size' | undefined
  private resumeFn: (() => void) | undefined
  private paused = false
  private waiter: (() => void) | undefined
  private closed = false

  constructor (
    private highWater: number,
    /** stops the transfer (the connection is not reused) */
    private readonly abort: () => void,
    /** LWP's max_size: the body stops once more than this arrived */
    private readonly maxSize?: number,
    /**
     * where LWP's reads would have stopped past max_size (it keeps the whole
     * read that crossed it); undefined: at the end of the socket chunk that crossed
     */
    private readonly keep?: number,
  ) {}

  /** undici's resume for the paused socket */
  setResume (fn: () => void): void { this.resumeFn = fn }

  get isClosed (): boolean { return this.closed }
  get total (): number { return this.received }

  /** A chunk from the socket; false asks undici to pause until the next read. */
  push (chunk: Buffer): boolean {
    if (this.closed || this.ended) return false
    if (this.keep !== undefined && this.received + chunk.length > this.keep) chunk = chunk.subarray(0, this.keep - this.received)
    this.chunks.push(chunk)
    this.buffered += chunk.length
    this.received += chunk.length
    if (this.maxSize !== undefined && this.received > this.maxSize && (this.keep === undefined || this.received >= this.keep)) {
      // LWP stops after the read that went past max_size and keeps what it read
      this.abortedBy = 'max_size'
      this.ended = true
      this.abort()
    }
    this.wake()
    if (this.buffered >= this.highWater) { this.paused = true; return false }
    return true
  }

  end (): void {
    // a body that ended before the cut but is still over max_size: LWP's last read crossed it
    if (!this.ended && this.maxSize !== undefined && this.received > this.maxSize) this.abortedBy = 'max_size'
    this.ended = true
    this.wake()
  }

  fail (err: TransportError): void {
    if (this.ended) return
    this.failure = err
    this.ended = true
    this.wake()
  }

  /** Waits for `want` bytes (or the end) and takes up to that many. */
  async read (want: number): Promise<Block> {
    if (want > this.highWater) this.highWater = want
    while (!this.ended && this.buffered < want && !this.closed) {
      this.resumeIfBelow()
      await new Promise<void>(resolve => { this.waiter = resolve })
    }
    const { content, headRoom } = this.take(want)
    const eof = this.ended && this.buffered === 0
    this.resumeIfBelow()
    const out: Block = { content, headRoom, eof }
    if (eof && this.failure !== undefined) out.error = this.failure
    if (eof && this.abortedBy !== undefined) out.aborted = this.abortedBy
    return out
  }

  /** Stops reading and drops what is buffered. */
  close (): void {
    if (this.closed) return
    this.closed = true
    this.chunks = []
    this.buffered = 0
    if (!this.ended) { this.ended = true; this.abort() }
    this.wake()
  }

  private take (want: number): { content: Buffer, headRoom: boolean } {
    const n = Math.min(want, this.buffered)
    if (n === 0) return { content: Buffer.alloc(0), headRoom: false }
    if (this.chunks[0].length === n) {
      // one chunk that is the whole block: handed on as it is
      this.buffered -= n
      return { content: this.chunks.shift() as Buffer, headRoom: false }
    }
    const whole = Buffer.allocUnsafe(HEAD_ROOM + n)
    let at = HEAD_ROOM
    while (at < HEAD_ROOM + n) {
      const c = this.chunks[0]
      const room = HEAD_ROOM + n - at
      if (c.length <= room) { c.copy(whole, at); at += c.length; this.chunks.shift() } else {
        c.copy(whole, at, 0, room)
        this.chunks[0] = c.subarray(room)
        at += room
      }
    }
    this.buffered -= n
    return { content: whole.subarray(HEAD_ROOM), headRoom: true }
  }

  private resumeIfBelow (): void {
    if (this.paused && this.buffered < this.highWater && !this.ended) {
      this.paused = false
      this.resumeFn?.()
    }
  }

  private wake (): void {
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }
}
