// A response body read block by block. undici pushes chunks; the reader keeps
// at most about one block (`highWater`) and then pauses the socket until the
// client takes it, so a 100 MB download never sits in the daemon. The session
// handle (kind `http_body`) is one of these; closing it discards the rest,
// which also drops the connection (an unread body cannot be skipped cheaply).
//
// Chunks are copied on arrival into segments the size of the reads: the
// socket's 64 KiB buffers then die young (held until the client's next read,
// they lived to the old generation, and 100 MB of them was RSS until a full
// GC), and a read of a whole segment hands it on without another copy.
import type { TransportError } from './errors.js'
import { GcPacer } from '../../src/gc-pacer.js'

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

/** segments up to this size come from Node's buffer pool (they die with their reply; the pool's slab is small) */
const SMALL_SEGMENT = 1024

/** the first segment of a body of unknown length; later ones double up to highWater */
const FIRST_SEGMENT = 64 * 1024

interface Segment {
  buf: Buffer
  /** next byte to read */
  start: number
  /** end of the bytes written */
  end: number
  /** handed out in part already: the bytes before start may be in a reply being sent */
  sealed: boolean
}

export class BodyReader {
  private segments: Segment[] = []
  private buffered = 0
  private nextSize = FIRST_SEGMENT
  /** bytes handed to the reader so far (max_size counts these and the buffered ones) */
  private received = 0
  private ended = false
  private failure: TransportError | undefined
  private abortedBy: 'max_size' | undefined
  private resumeFn: (() => void) | undefined
  private paused = false
  private readonly pacer = new GcPacer()
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
    /** the body's Content-Length when known: segments no bigger than what will come */
    private expected?: number,
  ) {}

  /** undici's resume for the paused socket */
  setResume (fn: () => void): void { this.resumeFn = fn }

  get isClosed (): boolean { return this.closed }
  get total (): number { return this.received }

  /** A chunk from the socket; false asks undici to pause until the next read. */
  push (chunk: Buffer): boolean {
    if (this.closed || this.ended) return false
    if (this.keep !== undefined && this.received + chunk.length > this.keep) chunk = chunk.subarray(0, this.keep - this.received)
    this.store(chunk)
    this.pacer.add(chunk.length)
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
    else if (this.closed) out.error = { kind: 'protocol', message: 'cancelled: the session ended' }
    if (eof && this.abortedBy !== undefined) out.aborted = this.abortedBy
    return out
  }

  /** Stops reading and drops what is buffered. */
  close (): void {
    if (this.closed) return
    this.closed = true
    this.segments = []
    this.buffered = 0
    if (!this.ended) { this.ended = true; this.abort() }
    this.wake()
  }

  private store (chunk: Buffer): void {
    let at = 0
    while (at < chunk.length) {
      let seg = this.segments[this.segments.length - 1]
      if (seg === undefined || seg.sealed || seg.end === seg.buf.length) {
        // what is still to come of the body, this chunk's rest included (received counts the chunk only after)
        const left = this.expected === undefined ? Infinity : Math.max(this.expected - this.received - at, chunk.length - at)
        const size = Math.min(this.expected === undefined ? this.nextSize : left, Math.max(this.highWater, 1))
        if (this.expected === undefined) this.nextSize = Math.min(this.nextSize * 2, this.highWater)
        // a small one from Node's shared pool (an ArrayBuffer of its own costs more than the GET's body);
        // the head room is still this segment's own bytes
        const bytes = HEAD_ROOM + Math.max(size, 1)
        seg = { buf: bytes <= SMALL_SEGMENT ? Buffer.allocUnsafe(bytes) : Buffer.allocUnsafeSlow(bytes), start: HEAD_ROOM, end: HEAD_ROOM, sealed: false }
        this.segments.push(seg)
      }
      const n = Math.min(chunk.length - at, seg.buf.length - seg.end)
      chunk.copy(seg.buf, seg.end, at, at + n)
      seg.end += n
      at += n
    }
  }

  private take (want: number): { content: Buffer, headRoom: boolean } {
    const n = Math.min(want, this.buffered)
    if (n === 0) return { content: Buffer.alloc(0), headRoom: false }
    const first = this.segments[0]
    if (first.end - first.start >= n) {
      // within one segment: a view, no copy; only its first view may use the room in front
      const content = first.buf.subarray(first.start, first.start + n)
      const headRoom = !first.sealed
      first.sealed = true
      first.start += n
      // sealed: later bytes go to a new segment, so an emptied one is done
      if (first.start === first.end) this.segments.shift()
      this.buffered -= n
      return { content, headRoom }
    }
    const whole = Buffer.allocUnsafeSlow(HEAD_ROOM + n)
    let at = HEAD_ROOM
    while (at < HEAD_ROOM + n) {
      const seg = this.segments[0]
      const k = Math.min(seg.end - seg.start, HEAD_ROOM + n - at)
      seg.buf.copy(whole, at, seg.start, seg.start + k)
      at += k
      seg.start += k
      seg.sealed = true
      if (seg.start === seg.end) this.segments.shift()
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
