// The worker threads every XML parse and query runs in, so a 5 MB document
// never holds up the other scripts the daemon serves. Started on the first
// XML call, closed with the daemon. libxmljs2 work (XPath, XML::DOM trees)
// runs in worker 0, where the documents kept for XPath queries live.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Worker } from 'node:worker_threads'
import type { Config } from '../../src/config.js'
import { BridgeError, type ErrorType } from '../../src/errors.js'
import { workerFile } from '../../src/worker-file.js'
import type { OpName, OpArgs, OpResult } from './ops.js'

/**
 * Ops that load libxmljs2. Its native module is not context-aware: one
 * thread at a time may hold it, so these all run in worker 0. (Listed here,
 * not in ops.ts, so the main thread never loads the workers' code.)
 */
const LIBXML_OPS: ReadonlySet<OpName> = new Set<OpName>(['xpath_open', 'xpath_find', 'xpath_close'])

declare module 'fastify' {
  interface FastifyInstance { xmlWorkers: XmlWorkers }
}

interface Pending { resolve: (v: unknown) => void, reject: (e: Error) => void }
export interface WorkerReply { id: number, ok?: unknown, error?: { type: ErrorType, message: string, extra: Record<string, unknown> } }

export class XmlWorkers {
  private readonly workers: Array<{ worker: Worker, pending: Map<number, Pending>, busy: number } | undefined>
  private nextId = 1
  private closed = false

  constructor (private readonly config: Config) {
    this.workers = new Array(config.documentWorkers).fill(undefined)
  }

  private turn = 0

  /** The least busy worker's index, taking turns among equals. */
  pick (): number {
    const n = this.workers.length
    let best = this.turn++ % n
    for (let k = 1; k < n; k++) {
      const i = (best + k) % n
      if ((this.workers[i]?.busy ?? 0) < (this.workers[best]?.busy ?? 0)) best = i
    }
    return best
  }

  async run<K extends OpName> (op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    if (this.closed) throw new BridgeError('shutting_down', 'the daemon is shutting down')
    const index = LIBXML_OPS.has(op) ? 0 : this.pick()
    const slot = await this.start(index)
    const id = this.nextId++
    slot.busy++
    try {
      return await new Promise<OpResult<K>>((resolve, reject) => {
        slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        slot.worker.postMessage({ id, op, args })
      })
    } finally {
      slot.busy--
    }
  }

  private async start (index: number): Promise<{ worker: Worker, pending: Map<number, Pending>, busy: number }> {
    const have = this.workers[index]
    if (have !== undefined) return have
    const { Worker } = await import('node:worker_threads')
    const again = this.workers[index]
    if (again !== undefined) return again
    const worker = new Worker(workerFile(import.meta.url, './worker-thread.js'), { workerData: { maxBytes: this.config.xmlMaxBytes } })
    const slot = { worker, pending: new Map<number, Pending>(), busy: 0 }
    this.workers[index] = slot
    worker.unref()
    worker.on('message', (m: WorkerReply) => {
      const p = slot.pending.get(m.id)
      if (p === undefined) return
      slot.pending.delete(m.id)
      if (m.error !== undefined) p.reject(new BridgeError(m.error.type, m.error.message, m.error.extra))
      else p.resolve(m.ok)
    })
    // a worker that dies (out of memory in a native parse) fails its calls; the next call starts a new one
    const lost = (why: string): void => {
      if (this.workers[index] === slot) this.workers[index] = undefined
      for (const p of slot.pending.values()) p.reject(new BridgeError('internal_error', `XML worker stopped: ${why}`))
      slot.pending.clear()
    }
    worker.on('error', err => lost(err.message))
    worker.on('exit', code => lost(`exit code ${code}`))
    return slot
  }

  async close (): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map(async s => { if (s !== undefined) await s.worker.terminate() }))
  }
}

async function xmlWorkers (app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const pool = new XmlWorkers(opts.config)
  app.decorate('xmlWorkers', pool)
  app.addHook('onClose', async () => { await pool.close() })
}

export default fp(xmlWorkers, { fastify: '5.x', name: 'cpan-bridge-xml-workers' })
