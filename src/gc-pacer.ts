// Keeps a bulk transfer's garbage young and small. Network libraries
// allocate a fresh buffer for every packet or socket read (ssh2 for every
// SFTP request and SSH packet, undici for every chunk of a body), outside the
// JS heap, and V8 frees those only when its small young generation fills or
// after ~64 MB of external growth: the first 200 MB SFTP transfer left the
// daemon's RSS ~40-50 MB higher for good (malloc keeps the high-water mark).
// A young-generation collection every few MiB frees them while they are
// young, for well under a millisecond each (measured: first-transfer growth
// 41 -> ~20 MB, no loss of throughput). Small transfers never reach the
// first step. Used by the sftp and http modules.
import v8 from 'node:v8'
import vm from 'node:vm'

type Gc = (opts?: { type?: 'minor' | 'major' }) => void

/** Bytes between collections: 32 requests of 128 KiB. */
export const PACE_BYTES = 4 * 1024 * 1024

let collector: Gc | null | undefined
/** V8's gc(): the daemon's own when started with --expose-gc, else from a context made after enabling it. */
function gc (): Gc | null {
  if (collector !== undefined) return collector
  const own = (globalThis as { gc?: unknown }).gc
  if (typeof own === 'function') return (collector = own as Gc)
  try {
    v8.setFlagsFromString('--expose-gc')
    const f = vm.runInNewContext('gc') as unknown
    collector = typeof f === 'function' ? f as Gc : null
  } catch {
    collector = null
  }
  return collector
}

export class GcPacer {
  private since = 0
  /** Counts bytes moved; every PACE_BYTES a young-generation collection. */
  add (bytes: number): void {
    this.since += bytes
    if (this.since < PACE_BYTES) return
    this.since = 0
    gc()?.({ type: 'minor' })
  }
}
