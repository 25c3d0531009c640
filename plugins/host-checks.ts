// What the daemon must watch on its host, as /health checks: free space on
// the filesystems it writes to (socket, logs, lock files) and host memory.
// Node's own statfs and os calls do it in one syscall each; the design card's
// systeminformation spawned `df` and cost start time and memory for this.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { HealthCheck } from './status.js'

export const HOST_THRESHOLDS = {
  // Absolute figures, not ratios: what matters is whether the next appends
  // and lock files fit, and 1% of a big volume is still gigabytes.
  diskFailFreeMb: 64,
  diskWarnFreeMb: 256,
  memoryWarnAvailableRatio: 0.10,
  memoryFailAvailableRatio: 0.05,
  /** most lock directories remembered (a script may lock files in many directories) */
  maxWatched: 64,
} as const

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)

/** The nearest existing directory at or above `p` (a log file may not exist yet), and its device. */
function existingDir (p: string): { dir: string, dev: number } | undefined {
  let d = p
  for (;;) {
    try { const st = fs.statSync(d); if (st.isDirectory()) return { dir: d, dev: st.dev } } catch { /* keep climbing */ }
    const up = path.dirname(d)
    if (up === d) return undefined
    d = up
  }
}

export class HostChecks {
  private readonly watched = new Set<string>()

  constructor (fixed: readonly string[]) {
    for (const p of fixed) if (p !== '') this.watched.add(path.dirname(path.resolve(p)))
  }

  /** A directory the daemon writes into for a client (a lock file's); checked from then on. */
  watchDir (dir: string): void {
    if (this.watched.size < HOST_THRESHOLDS.maxWatched) this.watched.add(dir)
  }

  /** One check over every watched filesystem: the worst one decides. */
  disk (): HealthCheck {
    const seen = new Map<number, string>()
    let worst: HealthCheck = { status: 'pass', message: '' }
    const parts: string[] = []
    for (const d of this.watched) {
      const found = existingDir(d)
      if (found === undefined || seen.has(found.dev)) continue
      const { dir, dev } = found
      seen.set(dev, dir)
      let st: fs.StatsFs
      try { st = fs.statfsSync(dir) } catch { continue }
      const free = st.bavail * st.bsize
      const ratio = st.blocks > 0 ? st.bavail / st.blocks : 1
      const text = `${dir}: ${mb(free)} MB free (${Math.round(ratio * 1000) / 10}%)`
      const T = HOST_THRESHOLDS
      const status = free < T.diskFailFreeMb * 1048576 ? 'fail' : free < T.diskWarnFreeMb * 1048576 ? 'warn' : 'pass'
      parts.push(text)
      if (status === 'fail' || (status === 'warn' && worst.status === 'pass')) worst = { status, message: text }
    }
    if (worst.status !== 'pass') return worst
    return { status: 'pass', message: parts.length > 0 ? parts.join('; ') : 'no watched filesystem' }
  }

  memory (): HealthCheck {
    const total = os.totalmem()
    const avail = os.freemem()
    const ratio = total > 0 ? avail / total : 1
    const text = `${mb(avail)} of ${mb(total)} MB available on the host (${Math.round(ratio * 1000) / 10}%)`
    if (ratio < HOST_THRESHOLDS.memoryFailAvailableRatio) return { status: 'fail', message: text }
    if (ratio < HOST_THRESHOLDS.memoryWarnAvailableRatio) return { status: 'warn', message: text }
    return { status: 'pass', message: text }
  }
}
