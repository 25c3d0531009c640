// Entry point of an XML worker thread (workers.ts starts it): runs ops one
// message at a time and answers each with its result or its bridge error.
import { parentPort, workerData } from 'node:worker_threads'
import { BridgeError } from '../../src/errors.js'
import { ops, type OpName, type WorkerState } from './ops.js'
import type { WorkerReply } from './workers.js'

const state: WorkerState = { limits: { maxBytes: (workerData as { maxBytes: number }).maxBytes }, docs: new Map(), nextDoc: 1 }
const port = parentPort
if (port === null) throw new Error('worker-thread.ts runs only as a worker')

port.on('message', (m: { id: number, op: OpName, args: never }) => {
  void (async () => {
    let reply: WorkerReply
    try {
      const run = ops[m.op] as (a: unknown, s: WorkerState) => Promise<unknown>
      if (run === undefined) throw new BridgeError('internal_error', `unknown XML worker op ${String(m.op)}`)
      reply = { id: m.id, ok: await run(m.args, state) }
    } catch (err) {
      reply = err instanceof BridgeError
        ? { id: m.id, error: { type: err.type, message: err.message, extra: err.extra } }
        : { id: m.id, error: { type: 'internal_error', message: `XML worker: ${err instanceof Error ? err.message : String(err)}`, extra: {} } }
    }
    port.postMessage(reply)
  })()
})
