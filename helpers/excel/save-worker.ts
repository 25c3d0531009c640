// The save worker's entry: one job a message, the reply says where it went.
// A thread of its own so that a million-cell save never holds up the daemon.
import os from 'node:os'
import { parentPort } from 'node:worker_threads'
import { PassThrough } from 'node:stream'
import { render, type SaveJob } from './render.js'

export interface SaveRequest { id: number, job: SaveJob, file: string | null }
/** sent when a workbook opens: load exceljs while the script is still writing */
export interface WarmRequest { warm: true }
export type SaveReply = { id: number, ok: true, bytes?: Uint8Array } | { id: number, ok: false, message: string, code: string | null }

async function run (req: SaveRequest): Promise<SaveReply> {
  try {
    if (req.file !== null) {
      await render(req.job, { filename: req.file })
      return { id: req.id, ok: true }
    }
    const parts: Buffer[] = []
    const stream = new PassThrough()
    stream.on('data', (b: Buffer) => parts.push(b))
    const done = new Promise<void>((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject) })
    await render(req.job, { stream })
    await done
    // a copy with its own ArrayBuffer: transferring a small Buffer would detach Node's shared pool
    return { id: req.id, ok: true, bytes: new Uint8Array(Buffer.concat(parts)) }
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    return { id: req.id, ok: false, message: e instanceof Error ? e.message : String(err), code: typeof e?.code === 'string' ? e.code : null }
  }
}

// Saves are background work: on Linux a thread has its own nice value (pid 0 is this thread),
// so the daemon's event loop, and the scripts it answers, come first on a busy machine
try { os.setPriority(0, 10) } catch { /* not permitted here: run at the daemon's priority */ }

parentPort?.on('message', (req: SaveRequest | WarmRequest) => {
  if ('warm' in req) { void import('exceljs').catch(() => undefined); return }
  void run(req).then(reply => {
    const transfer = reply.ok && reply.bytes !== undefined ? [reply.bytes.buffer as ArrayBuffer] : []
    parentPort?.postMessage(reply, transfer)
  })
})
