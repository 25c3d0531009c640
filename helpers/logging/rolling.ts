// Size-rolled log files written by the daemon: one writer per file, so many
// scripts can share a rolling log and rotation happens exactly once, at a
// line boundary (file -> file.1 -> file.2 ... like Log::Dispatch::FileRotate).
import { promises as fs } from 'node:fs'

export interface RollSpec { path: string, size: number, max: number, mode: 'append' | 'write' }

export class RollingWriters {
  private readonly queues = new Map<string, Promise<unknown>>()

  /** Appends whole lines in order; rotates first when they would push the file past `size` bytes. */
  async append (spec: RollSpec, text: string): Promise<number> {
    const prev = this.queues.get(spec.path) ?? Promise.resolve()
    const run = prev.catch(() => undefined).then(async () => await this.write(spec, text))
    this.queues.set(spec.path, run)
    try {
      return await run
    } finally {
      if (this.queues.get(spec.path) === run) this.queues.delete(spec.path)
    }
  }

  private async write (spec: RollSpec, text: string): Promise<number> {
    const bytes = Buffer.byteLength(text)
    // The facade sends mode "write" with an appender's first line only.
    if (spec.mode === 'write') await fs.writeFile(spec.path, '')
    if (spec.size > 0) {
      const size = await fs.stat(spec.path).then(s => s.size, () => 0)
      if (size > 0 && size + bytes > spec.size) await this.rotate(spec)
    }
    await fs.appendFile(spec.path, text)
    return bytes
  }

  private async rotate (spec: RollSpec): Promise<void> {
    if (spec.max <= 0) {
      await fs.writeFile(spec.path, '')
      return
    }
    await fs.rm(`${spec.path}.${spec.max}`, { force: true })
    for (let i = spec.max - 1; i >= 1; i--) {
      await fs.rename(`${spec.path}.${i}`, `${spec.path}.${i + 1}`).catch(() => undefined)
    }
    await fs.rename(spec.path, `${spec.path}.1`)
  }

  async idle (): Promise<void> {
    await Promise.allSettled([...this.queues.values()])
  }
}
