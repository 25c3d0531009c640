// The process behind a session, as the daemon can see it from the same host:
// the claim a client makes in X-Bridge-Client (its PID and start time) and
// whether that process still runs. Pure functions; plugins/client-watch.ts
// decides when to ask.
import fs from 'node:fs'

/** A client process: its PID and, where /proc exists, its start time (clock ticks since boot, /proc/<pid>/stat field 22). */
export interface ClientProcess { pid: number, start: string | undefined }

// "pid=123; start=456789" (start omitted where the client has no /proc)
const CLAIM = /^\s*pid=(\d{1,10})\s*(?:;\s*start=(\d{1,20})\s*)?$/
const MAX_PID = 2 ** 22 // Linux's pid_max ceiling; a larger number is no process

export function parseClientClaim (header: unknown): ClientProcess | undefined {
  if (typeof header !== 'string') return undefined
  const m = CLAIM.exec(header)
  if (m === null) return undefined
  const pid = Number(m[1])
  // pid 0 (or a negative one) would make kill(pid, 0) address a process group
  if (!Number.isSafeInteger(pid) || pid < 1 || pid > MAX_PID) return undefined
  return { pid, start: m[2] }
}

let procMounted: boolean | undefined
function hasProc (): boolean {
  procMounted ??= fs.existsSync('/proc/self/stat')
  return procMounted
}

/** State letter and start time of a PID from /proc, or null when there is no such process. */
export function procStat (pid: number): { state: string, start: string } | null {
  let text: string
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return null
  }
  // field 2 (comm) is in parentheses and may itself hold ") ", so split after the last one
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { state: fields[0], start: fields[19] }
}

/**
 * Whether the claimed process runs: same PID, same start time (a reused PID is
 * another process), not a zombie. Without /proc, kill(pid, 0): EPERM means it
 * exists under another user.
 */
export function isAlive (c: ClientProcess): boolean {
  if (hasProc()) {
    const st = procStat(c.pid)
    if (st === null) return false
    if (st.state === 'Z' || st.state === 'X' || st.state === 'x') return false
    return c.start === undefined || c.start === st.start
  }
  try {
    process.kill(c.pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A claim completed and checked at the moment its request arrives, when the
 * process must be alive. A claim that does not check out then (another PID
 * namespace, /proc mounted hidepid) cannot be watched: null.
 */
export function verifyClaim (c: ClientProcess): ClientProcess | null {
  if (hasProc()) {
    const st = procStat(c.pid)
    if (st === null || st.state === 'Z' || st.state === 'X') return null
    if (c.start !== undefined && c.start !== st.start) return null
    // a client without the start time still gets PID-reuse protection from the daemon's reading
    return { pid: c.pid, start: st.start }
  }
  return isAlive(c) ? c : null
}
