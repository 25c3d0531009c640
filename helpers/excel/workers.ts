// The save workers: at most config.documentWorkers threads, started on the
// first save and kept for the next (exceljs loads once per thread); a save
// waits for a free one. A thread that dies fails its save, never the daemon.
import { Worker } from 'node:worker_threads'
import { workerFile } from '../../src/worker-file.js'
import type { SaveJob } from './render.js'
import type { SaveReply, SaveRequest } from './save-worker.js'
import { transferList } from './cells.js'

interface Slot { worker: Worker, busy: boolean, pending: ((r: SaveReply) => void) | null }

export class SaveWorkers {
  private readonly slots: Slot[] = []
  private readonly queue: Array<() => void> = []
  private nextId = 1
  private closed = false

  constructor (private readonly max: number) {}

  private start (): Slot {
    const slot: Slot = { worker: new Worker(workerFile(import.meta.url, './save-worker.js')), busy: false, pending: null }
    const fail = (message: string): void => {
      const i = this.slots.indexOf(slot)
      if (i >= 0) this.slots.splice(i, 1)
      slot.pending?.({ id: 0, ok: false, message, code: null })
      slot.pending = null
      this.queue.shift()?.()
    }
    slot.worker.on('message', (r: SaveReply) => { const p = slot.pending; slot.pending = null; p?.(r) })
    slot.worker.on('error', err => fail(`the save worker failed: ${err.message}`))
    slot.worker.on('exit', code => fail(`the save worker exited (code ${code})`))
    slot.worker.unref()
    this.slots.push(slot)
    return slot
  }

  private async acquire (): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error('the daemon is shutting down')
      const free = this.slots.find(s => !s.busy)
      if (free !== undefined) { free.busy = true; return free }
      if (this.slots.length < this.max) { const s = this.start(); s.busy = true; return s }
      await new Promise<void>(resolve => this.queue.push(resolve))
    }
  }

  private release (slot: Slot): void {
    slot.busy = false
    this.queue.shift()?.()
  }

  /** Starts a worker (when none is running) and has it load exceljs, so the first save does not wait for that. */
  warm (): void {
    if (this.closed || this.slots.length > 0) return
    try {
      const s = this.start()
      s.worker.postMessage({ warm: true })
    } catch { /* the save will report it */ }
  }

  /** Saves a workbook to `file` (null: returns the bytes). The job's cell arrays are moved, not copied. */
  async save (job: SaveJob, file: string | null): Promise<SaveReply> {
    const slot = await this.acquire()
    try {
      const req: SaveRequest = { id: this.nextId++, job, file }
      return await new Promise<SaveReply>(resolve => {
        slot.pending = resolve
        slot.worker.postMessage(req, transferList(job.chunks))
      })
    } finally {
      this.release(slot)
    }
  }

  async close (): Promise<void> {
    this.closed = true
    for (const wake of this.queue.splice(0)) wake()
    await Promise.all(this.slots.splice(0).map(s => s.worker.terminate()))
  }
}
