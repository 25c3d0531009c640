// The save worker's entry: one job a message, the reply says where it went.
// A thread of its own so that a million-cell save never holds up the daemon.
import { parentPort } from 'node:worker_threads'
import { PassThrough } from 'node:stream'
import { render, type SaveJob } from './render.js'

export interface SaveRequest { id: number, job: SaveJob, file: string | null }
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

parentPort?.on('message', (req: SaveRequest) => {
  void run(req).then(reply => {
    const transfer = reply.ok && reply.bytes !== undefined ? [reply.bytes.buffer as ArrayBuffer] : []
    parentPort?.postMessage(reply, transfer)
  })
})
